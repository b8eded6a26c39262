// Mutation testing with StrykerJS: `npm run mutate` mutates src/core and src/aws and runs the suites against each
// mutant (vitest.mutate.config.ts: the 'suites' project without the audit and the dist smoke test). The suites must
// pass on the tree it starts from: Stryker copies the working tree into a sandbox (.stryker-tmp/, inPlace stays
// false, so files being edited are never touched) and stops if the first, unmutated run fails.
//
// Narrow a run with the CLI, which overrides `mutate` below (npm passes what follows `--` on to Stryker):
//   npm run mutate -- --mutate src/core/text.ts                      one file
//   npm run mutate -- --mutate 'src/core/checks/**/*.ts'             a folder (quote globs)
//   npm run mutate -- --mutate src/core/branch-pattern.ts:24-60      lines 24 to 60 of a file
//   npm run mutate -- --mutate src/core/text.ts,src/core/aws-ids.ts  a comma-separated list
//   npm run mutate -- --mutate src/core/text.ts --force              retest instead of reusing earlier results
//   npm run mutate -- --dryRunOnly                                   instrument, run the suites once with no mutant
//                                                                    active: counts mutants, checks the set-up
// Every run, narrowed or not, starts with one run of all the suites (about 2 to 4 minutes) for per-test coverage.
// A narrowed run keeps the earlier results of the other files in the incremental file, and the report shows them
// too; the clear-text table's rows for the narrowed files are this run's. To run only some suites, name them in
// MUTATION_SUITES (vitest.mutate.config.ts), never with --testFiles, which leaves static mutants inactive:
//   MUTATION_SUITES=test/text.test.ts npm run mutate -- --mutate src/core/text.ts --incrementalFile reports/scratch.json
// A scratch incremental file keeps results that miss what the other suites kill out of the committed one.
//
// Time: about 9 s a mutant on the 2-core machines with every suite, about 3,800 mutants in all: a whole run takes
// about 9 hours. Run it in parts (a few files, a few hundred mutants), each adding its results to the incremental
// file; a run stopped with SIGTERM writes the results of the mutants it has tested. Faster, and a lower bound: the
// unit suites alone (MUTATION_SUITES) test about 45 of src/core's mutants a minute; then the end-to-end suites that
// run the pipeline in this process, with --ignoreStatic so that static mutants keep their unit-suite results, about
// 5 a minute. Static mutants cost most: each reloads its module and runs every suite of the run. They include the
// top-level code of the modules the action loads lazily (mutation/load-early.ts loads them before the tests). Results
// taken without that file counted such mutants as covered by one test of each file only, and may show survivors that
// the suites kill; rerun those with --force.
// Reports: reports/mutation/mutation.html and .json (git-ignored).

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  mutate: ['src/core/**/*.ts', 'src/aws/**/*.ts', '!src/**/*.generated.*'],
  testRunner: 'vitest',
  vitest: {
    configFile: 'vitest.mutate.config.ts',
    // Forks, as under `npm test`: the tests set process.env and start servers in their own process.
    pool: 'forks',
    // The end-to-end suites reach src/ through child processes (node src/index.ts), not imports, so vitest's
    // import graph ("related") would leave them out: every suite runs in the first run, and for each mutant
    // the tests that covered it, children included (mutation/child-processes.ts).
    related: false,
  },
  checkers: ['typescript'],
  // The checker asks whether a mutated src/ compiles: tsconfig.mutate.json is src/ alone. The suites are not type
  // checked when they run (vitest strips types), so a mutant that breaks only a test's types still runs.
  tsconfigFile: 'tsconfig.mutate.json',
  coverageAnalysis: 'perTest',
  // Results are kept and reused for mutants whose code and covering test files have not changed. The file is
  // committed: whole runs take hours and a machine is not kept between sessions. Stryker does not see changes
  // in other files (test/support/, local-aws/, scripts/, dependencies): after those, rerun with --force.
  incremental: true,
  incrementalFile: 'mutation/stryker-incremental.json',
  // With a checker, Stryker gives half the workers to type checking (at least one each): 2 means one
  // TypeScript checker and one test runner, then two test runners once every mutant is checked; 1 means the
  // same. More would only share the two cores out thinner: each test runner's tests start child processes
  // and a local HTTP server.
  concurrency: 2,
  // The suites' own testTimeout is 60 s; a mutant may slow the end-to-end tests down without hanging them.
  timeoutMS: 30_000,
  timeoutFactor: 2,
  // The first run is all the suites in one fork.
  dryRunTimeoutMinutes: 30,
  inPlace: false,
  tempDirName: '.stryker-tmp',
  // Not needed in the sandbox: scratch files, coverage, the extra installs of backend-synth/ and node22/. The bundle
  // is kept: test/cli-files.e2e.test.ts runs dist/cli/index.js (the first run fails without it).
  ignorePatterns: [
    '/.tmp',
    '/coverage',
    '/backend-synth/node_modules',
    '/node22/node_modules',
    '*.cpuprofile',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
};
