// Loaded with `node --import` before a bundle: when the process exits, writes every Node built-in the program asked
// for (by import or require, through the module hooks) to stderr, as one line `built-ins asked for: a b c`. The write
// is synchronous, so that it is out even after process.exit().
import { writeSync } from 'node:fs';
import { isBuiltin, registerHooks } from 'node:module';

const asked = new Set<string>();
registerHooks({
  resolve(specifier, context, next) {
    if (isBuiltin(specifier)) asked.add(specifier.replace(/^node:/, ''));
    return next(specifier, context);
  },
});
process.on('exit', () => {
  writeSync(2, `built-ins asked for: ${[...asked].sort().join(' ')}\n`);
});
