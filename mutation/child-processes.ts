// Vitest setup file for mutation runs only (vitest.mutate.config.ts): lets the child processes the suites start
// take part in mutation testing.
//
// Stryker runs the suites in a sandbox copy of the repository, where src/ holds the instrumented code, so a child
// started as `node src/index.ts` or `node src/cli.ts` runs instrumented code too. But the suites give their
// children an environment of their own (PATH, INPUT_*, the local AWS), so two things would otherwise be lost:
// - the active mutant: instrumented code takes it from globalThis, or in a new process from the variable
//   __STRYKER_ACTIVE_MUTANT__, which such an environment leaves out, so every child ran the original code;
// - coverage: what a child ran was never reported, so a mutant that only a child reaches had no coverage and was
//   never tested ("NoCoverage").
// This file wraps node:child_process so that each child gets, on top of the environment the test gives it, the
// active mutant and a hook (child-hook.ts, through NODE_OPTIONS) that in the dry run writes the child's coverage
// to a file, merged here into the test that started the child, and in a mutant run bounds the hits of the mutant
// as Stryker does in this process. Outside a Stryker run (no `mode` provided) it changes nothing.
import childProcess, { type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, inject, type ProvidedContext } from 'vitest';

// The values @stryker-mutator/vitest-runner provides to its own setup file (same types as its declaration).
declare module 'vitest' {
  interface ProvidedContext {
    globalNamespace: '__stryker__' | '__stryker2__';
    hitLimit: number | undefined;
    mode: 'mutant' | 'dry-run';
  }
}

type Hits = Record<string, number>;
interface StrykerGlobal {
  activeMutant?: string;
  currentTestId?: string;
  mutantCoverage?: { static: Hits; perTest: Record<string, Hits> };
}

const WRAPPED = Symbol.for('amplify-cognito-env.mutation.wrapped');
const HOOK = fileURLToPath(new URL('./child-hook.ts', import.meta.url));

const mode = inject('mode') as ProvidedContext['mode'] | undefined;
if (mode === 'dry-run' || mode === 'mutant') wrapChildProcess(mode);

function wrapChildProcess(mode: 'dry-run' | 'mutant'): void {
  const cp = childProcess as unknown as Record<string, (...args: unknown[]) => unknown> & {
    [WRAPPED]?: boolean;
  };
  // Vitest runs the setup file before each test file; a worker that runs several files wraps once.
  if (cp[WRAPPED]) return;
  cp[WRAPPED] = true;

  const namespace = inject('globalNamespace') ?? '__stryker__';
  const stryker = (): StrykerGlobal => {
    const global = globalThis as unknown as Record<string, StrykerGlobal | undefined>;
    global[namespace] ??= {};
    return global[namespace];
  };
  const running = new Set<ChildProcess>();
  let files = 0;
  // A child a mutant left hanging (its test timed out) would go on using a core: end it with its test file.
  if (mode === 'mutant') {
    afterAll(() => {
      for (const child of running) child.kill('SIGKILL');
      running.clear();
    });
  }

  /** The variables a child needs, and what to do once it has ended. */
  function prepare(): { env: NodeJS.ProcessEnv; done: () => void } {
    const ns = stryker();
    const nodeOptions = `--import=${JSON.stringify(HOOK)}`;
    if (mode === 'mutant') {
      const env: NodeJS.ProcessEnv = { NODE_OPTIONS: nodeOptions };
      if (ns.activeMutant !== undefined) env.__STRYKER_ACTIVE_MUTANT__ = String(ns.activeMutant);
      const hitLimit = inject('hitLimit');
      if (hitLimit !== undefined) env.__STRYKER_CHILD_HIT_LIMIT__ = String(hitLimit);
      return { env, done: () => {} };
    }
    const testId = ns.currentTestId;
    const file = join(tmpdir(), `stryker-child-coverage-${process.pid}-${++files}.json`);
    return {
      env: { NODE_OPTIONS: nodeOptions, __STRYKER_CHILD_COVERAGE_FILE__: file },
      done: () => mergeCoverage(file, testId),
    };
  }

  function mergeCoverage(file: string, testId: string | undefined): void {
    let child: { static?: Hits; perTest?: Record<string, Hits> };
    try {
      child = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return; // not a Node child, or one that ran no instrumented code, or one ended by a signal
    } finally {
      rmSync(file, { force: true });
    }
    const ns = stryker();
    ns.mutantCoverage ??= { static: {}, perTest: {} };
    const { perTest } = ns.mutantCoverage;
    if (testId !== undefined) perTest[testId] ??= {};
    const into = testId === undefined ? ns.mutantCoverage.static : (perTest[testId] as Hits);
    for (const hits of [child.static ?? {}, ...Object.values(child.perTest ?? {})]) {
      for (const [mutant, count] of Object.entries(hits)) into[mutant] = (into[mutant] ?? 0) + count;
    }
  }

  /** The arguments with an options object whose env adds `extra` to what the caller asked for. */
  function withEnv(args: unknown[], optionsAt: number, extra: NodeJS.ProcessEnv): unknown[] {
    const given = args[optionsAt];
    const isOptions = typeof given === 'object' && given !== null && !Array.isArray(given);
    const options = isOptions ? (given as { env?: NodeJS.ProcessEnv }) : {};
    const base = options.env ?? process.env;
    const nodeOptions = [base.NODE_OPTIONS, extra.NODE_OPTIONS].filter(Boolean).join(' ');
    const env = { ...base, ...extra, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) };
    const copy = [...args];
    if (isOptions) copy[optionsAt] = { ...options, env };
    else copy.splice(optionsAt, 0, { env });
    return copy;
  }

  // (file, args?, options?, callback?) for spawn, execFile, fork and their sync forms; (command, options?, ...)
  // for exec and execSync.
  const optionsIndex = (name: string, args: unknown[]) =>
    name === 'exec' || name === 'execSync' ? 1 : Array.isArray(args[1]) ? 2 : 1;

  // exec calls the exported execFile: only the outermost call adds the variables.
  let inside = false;
  for (const name of ['spawn', 'execFile', 'exec', 'fork']) {
    const original = cp[name] as (...args: unknown[]) => ChildProcess;
    cp[name] = function (this: unknown, ...args: unknown[]) {
      if (inside) return original.apply(this, args);
      const { env, done } = prepare();
      let child: ChildProcess;
      inside = true;
      try {
        child = original.apply(this, withEnv(args, optionsIndex(name, args), env));
      } finally {
        inside = false;
      }
      running.add(child);
      // 'exit' comes before 'close', where execFile calls back: the coverage is in before the test reads the result.
      child.once('exit', () => {
        running.delete(child);
        done();
      });
      return child;
    };
  }
  for (const name of ['spawnSync', 'execFileSync', 'execSync']) {
    const original = cp[name] as (...args: unknown[]) => unknown;
    cp[name] = function (this: unknown, ...args: unknown[]) {
      if (inside) return original.apply(this, args);
      const { env, done } = prepare();
      inside = true;
      try {
        return original.apply(this, withEnv(args, optionsIndex(name, args), env));
      } finally {
        inside = false;
        done();
      }
    };
  }
  // `import { execFile } from 'node:child_process'` in a test file binds the ESM export: update those too.
  syncBuiltinESMExports();
}
