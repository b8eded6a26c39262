// The vitest configuration Stryker runs (stryker.config.mjs): the 'suites' project of vitest.config.ts alone, with
// its settings, minus what can never kill a mutant of src/:
// - the 'audit' project, which reads what the suites leave in .tmp/audit after a whole run; a mutant run is a few
//   tests, so its records are neither needed nor complete (without AMPLIFY_COGNITO_ENV_AUDIT_DIR none are written);
// - test/dist.smoke.test.ts and test/package.e2e.test.ts, which run or pack the committed bundles, never the mutated
//   source (test/cli-files.e2e.test.ts runs the built CLI too, and stays: it runs as other users, who cannot reach
//   the sandbox's sources; it kills no mutant, and its tests pass as they do in CI);
// - test/backend-synth.test.ts, a Gen 2 backend synthesized with its own 900 MB install, which no mutant changes.
// mutation/child-processes.ts lets the tests' child processes (node src/index.ts, node src/cli.ts) run the active
// mutant and report their coverage; mutation/load-early.ts loads the modules the action imports lazily before the
// tests, so that Stryker tests their top-level code with every suite, not only the first test that loaded them.
//
// MUTATION_SUITES narrows the suites to a comma-separated list of test files (or globs), for a run that measures
// with the fast suites alone (a lower bound: the other suites might kill more). Stryker's own --testFiles must not be
// used for that: with it, Stryker 10 activates a static mutant (code that runs as its module loads) only after the
// module has loaded, so the mutant never takes effect and is counted as survived (stryker-js#6144, #6209).
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import base from './vitest.config.ts';

const { projects = [], env = {}, ...shared } = base.test ?? {};
const suites = projects.find(
  (project): project is TestProjectInlineConfiguration =>
    typeof project === 'object' && 'test' in project && project.test?.name === 'suites',
);
if (!suites?.test) throw new Error("vitest.config.ts has no 'suites' project");
const { AMPLIFY_COGNITO_ENV_AUDIT_DIR: _audit, ...suitesEnv } = env;

export default defineConfig({
  test: {
    ...shared,
    env: suitesEnv,
    include: process.env.MUTATION_SUITES?.split(',') ?? suites.test.include,
    exclude: [
      ...(suites.test.exclude ?? []),
      'test/dist.smoke.test.ts',
      'test/package.e2e.test.ts',
      'test/backend-synth.test.ts',
    ],
    setupFiles: ['mutation/child-processes.ts', 'mutation/load-early.ts'],
  },
});
