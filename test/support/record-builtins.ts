// Loaded with `node --import` before a bundle: writes every Node built-in the program asked for (by import or
// require, through the module hooks) to the file RECORD_BUILTINS names, one a line, when the process exits.
import { writeFileSync } from 'node:fs';
import { isBuiltin, registerHooks } from 'node:module';

const asked = new Set<string>();
registerHooks({
  resolve(specifier, context, next) {
    if (isBuiltin(specifier)) asked.add(specifier.replace(/^node:/, ''));
    return next(specifier, context);
  },
});
process.on('exit', () => {
  writeFileSync(process.env.RECORD_BUILTINS as string, [...asked].sort().join('\n'));
});
