// Loaded with `node --import` before a bundle: when the process exits, writes every Node built-in the program asked
// for (by import or require, through the module hooks) to stderr, as one line `built-ins asked for: a b c`, and how
// many require functions it made with `module.createRequire`, as `require functions made: N`. The writes are
// synchronous, so that they are out even after process.exit().
import { writeSync } from 'node:fs';
import module, { isBuiltin, registerHooks, syncBuiltinESMExports } from 'node:module';

const asked = new Set<string>();
registerHooks({
  resolve(specifier, context, next) {
    if (isBuiltin(specifier)) asked.add(specifier.replace(/^node:/, ''));
    return next(specifier, context);
  },
});

let made = 0;
const createRequire = module.createRequire;
module.createRequire = (path) => {
  made++;
  return createRequire(path);
};
syncBuiltinESMExports(); // so that `import { createRequire } from 'module'` gets the counting one too

process.on('exit', () => {
  writeSync(2, `built-ins asked for: ${[...asked].sort().join(' ')}\nrequire functions made: ${made}\n`);
});
