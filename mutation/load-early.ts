// Vitest setup file for mutation runs only (vitest.mutate.config.ts): loads the modules the action imports lazily,
// before any test of the file runs.
//
// The action loads some modules only when a run needs them (src/action/main.ts loads stages.ts, and with it most of
// src/core and src/aws; stages.ts loads amplify-jobs.ts and outputs-writer.ts; main.ts loads delete.ts). In the
// suites that run the action in this process, the first test of each file that reaches such a module loads it, and
// the module's own top-level code (constant tables, regular expressions, functions bound to constants) runs once,
// inside that test. Stryker then counts that code's mutants as covered by that one test, and runs only it against
// them: the other tests of the file, which may be the ones that would fail, never run, and the mutant is counted as
// survived. Applying such mutants by hand showed it: in deploy.ts, 12 of 64 "survivors" were killed by the suites.
// Loaded here, that code runs outside any test: Stryker counts its mutants as static, switches each on before the
// modules load, and runs every suite of the run against it.
import { inject } from 'vitest';

if (inject('mode') !== undefined) {
  await Promise.all([
    import('../src/action/stages.ts'),
    import('../src/action/delete.ts'),
    import('../src/aws/amplify-jobs.ts'),
    import('../src/aws/outputs-writer.ts'),
  ]);
}
