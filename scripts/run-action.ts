// Runs the action in a child process with the environment a GitHub runner gives it: INPUT_* with action.yml
// defaults, GITHUB_EVENT_PATH, GITHUB_SHA, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY. The source (src/index.ts, which
// Node 24 runs as it is) or the committed bundle (dist/index.js). Used by the tests, the demo and the benchmark.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

export const ENTRIES = { src: resolve('src/index.ts'), dist: resolve('dist/index.js') } as const;
export const ACTION_ENTRY = ENTRIES.dist;

const ACTION_DEFAULTS: Record<string, string> = Object.fromEntries(
  Object.entries(
    (parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs,
  )
    .filter(([, input]) => input.default !== undefined)
    .map(([name, input]) => [name, input.default as string]),
);

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** The GITHUB_OUTPUT file as the action left it. */
  outputFile: string;
  summary: string;
  /** GITHUB_WORKSPACE, as the step left it. */
  workspace: string;
}

export interface RunnerEvent {
  /** GITHUB_EVENT_NAME */
  name: 'push' | 'pull_request' | 'pull_request_target' | 'workflow_dispatch' | 'workflow_run' | 'schedule';
  /** Full ref, as in GITHUB_REF: refs/heads/main, refs/tags/v1, refs/pull/7/merge. */
  ref: string;
  /** Head branch of a pull request. */
  headRef?: string;
  /** Extra payload fields (workflow_dispatch inputs, head_commit and the like). */
  payload?: Record<string, unknown>;
  /** GITHUB_SHA; a fixed example commit when absent. */
  sha?: string;
  /** The raw event file, instead of the payload built from the fields above. */
  rawPayload?: string;
}

export interface ActionRunOptions {
  inputs: Record<string, string>;
  event: RunnerEvent;
  /** AWS variables, typically the local AWS's env(). */
  awsEnv: Record<string, string>;
  /** Files to lay out in the workspace, path → content. */
  files?: Record<string, string>;
  /** Which build to run: the source (default) or the committed bundle. */
  entry?: keyof typeof ENTRIES;
  /** Node's own options, before the entry (an `--import` hook that watches the run). */
  nodeOptions?: string[];
}

/** The repository the workflow runs in, and its commit when a run names none. */
const REPOSITORY = 'example-org/storefront';
const DEFAULT_SHA = '0123456789abcdef0123456789abcdef01234567';

export function workspaceWith(files: Record<string, string>): string {
  const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  return workspace;
}

/** A runner's set-up for one step: the workspace, the event file, the files the step writes, its environment. */
export interface RunnerSetup {
  workspace: string;
  env: NodeJS.ProcessEnv;
  /** Reads what the step left in GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. */
  collect(): Pick<ActionRun, 'outputs' | 'outputFile' | 'summary' | 'workspace'>;
}

export function prepareRunner({ inputs, event, awsEnv, files = {} }: ActionRunOptions): RunnerSetup {
  const workspace = workspaceWith(files);
  const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-'));
  const eventPath = join(runnerTemp, 'event.json');
  const outputPath = join(runnerTemp, 'output');
  const summaryPath = join(runnerTemp, 'summary');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const isTag = event.ref.startsWith('refs/tags/');
  // A pull request from a branch of this repository, unless the payload says otherwise.
  const repository = { id: 1, full_name: REPOSITORY };
  const pullRequest = event.headRef
    ? {
        pull_request: {
          number: 7,
          head: { ref: event.headRef, sha: event.sha ?? DEFAULT_SHA, repo: repository },
          base: { ref: 'main', repo: repository },
        },
      }
    : {};
  const payload = { ref: event.ref, ...pullRequest, ...event.payload };
  writeFileSync(eventPath, event.rawPayload ?? JSON.stringify(payload));

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: event.ref,
    GITHUB_REF_NAME: event.ref
      .replace(/^refs\/(heads|tags)\//, '')
      .replace(/^refs\/pull\/(\d+)\/merge$/, '$1/merge'),
    GITHUB_REF_TYPE: isTag ? 'tag' : 'branch',
    GITHUB_HEAD_REF: event.headRef ?? '',
    GITHUB_SHA: event.sha ?? DEFAULT_SHA,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: runnerTemp,
    ...awsEnv,
  };
  // The runner passes every input declared in action.yml, with its default when the workflow omits it.
  for (const [name, value] of Object.entries({ ...ACTION_DEFAULTS, ...inputs })) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }
  return {
    workspace,
    env,
    collect() {
      const outputFile = readFileSync(outputPath, 'utf8');
      return {
        outputs: parseOutputFile(outputFile),
        outputFile,
        summary: readFileSync(summaryPath, 'utf8'),
        workspace,
      };
    },
  };
}

export function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const { workspace, env, collect } = prepareRunner(options);
  return new Promise((done) => {
    const execOptions = { cwd: workspace, env, maxBuffer: 256 * 1024 * 1024 };
    const args = [...(options.nodeOptions ?? []), ENTRIES[options.entry ?? 'src']];
    execFile(process.execPath, args, execOptions, (error, stdout, stderr) => {
      done({ exitCode: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr, ...collect() });
    });
  });
}

/** Reads the `name<<DELIMITER … DELIMITER` blocks the runner reads from GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header = /^([^<]+)<<(.+)$/.exec(lines[i] as string);
    if (!header) continue;
    const [, name, delimiter] = header as unknown as [string, string, string];
    const end = lines.indexOf(delimiter, i + 1);
    outputs[name] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}
