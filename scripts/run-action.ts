// Runs the bundled action (dist/index.js) in a child process with the environment a GitHub runner gives it:
// INPUT_* with action.yml defaults, GITHUB_EVENT_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY. Used by the tests and the demo.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

export const ACTION_ENTRY = resolve('dist/index.js');

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
  summary: string;
}

export interface RunnerEvent {
  /** GITHUB_EVENT_NAME */
  name: 'push' | 'pull_request' | 'pull_request_target' | 'workflow_dispatch' | 'schedule';
  /** Full ref, as in GITHUB_REF: refs/heads/main, refs/tags/v1, refs/pull/7/merge. */
  ref: string;
  /** Head branch of a pull request. */
  headRef?: string;
  /** Extra payload fields (workflow_dispatch inputs and the like). */
  payload?: Record<string, unknown>;
}

export interface ActionRunOptions {
  inputs: Record<string, string>;
  event: RunnerEvent;
  /** AWS variables, typically the local AWS's env(). */
  awsEnv: Record<string, string>;
  /** Files to lay out in the workspace, path → content. */
  files?: Record<string, string>;
}

export function workspaceWith(files: Record<string, string>): string {
  const workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  return workspace;
}

export function runAction({ inputs, event, awsEnv, files = {} }: ActionRunOptions): Promise<ActionRun> {
  const workspace = workspaceWith(files);
  const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-'));
  const eventPath = join(runnerTemp, 'event.json');
  const outputPath = join(runnerTemp, 'output');
  const summaryPath = join(runnerTemp, 'summary');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const isTag = event.ref.startsWith('refs/tags/');
  const payload = {
    ref: event.ref,
    ...(event.headRef ? { pull_request: { number: 7, head: { ref: event.headRef } } } : {}),
    ...event.payload,
  };
  writeFileSync(eventPath, JSON.stringify(payload));

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
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: runnerTemp,
    ...awsEnv,
  };
  // The runner passes every input declared in action.yml, with its default when the workflow omits it.
  for (const [name, value] of Object.entries({ ...ACTION_DEFAULTS, ...inputs })) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }

  return new Promise((done) => {
    execFile(process.execPath, [ACTION_ENTRY], { cwd: workspace, env }, (error, stdout, stderr) => {
      done({
        exitCode: error ? ((error as { code?: number }).code ?? 1) : 0,
        stdout,
        stderr,
        outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
        summary: readFileSync(summaryPath, 'utf8'),
      });
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
