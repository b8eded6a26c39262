// Runs the action's pipeline in this process, as the runner would (same environment, same files), for suites
// that run it hundreds of times: faults across many seeded runs, where a child process per run would take minutes.
// It passes the AWS tuning a test needs (no back-off delays, short timeouts): the retry policy itself is the real one.

import * as core from '@actions/core';
import { context } from '@actions/github';
import { type ActionRun, type ActionRunOptions, prepareRunner } from '../../scripts/run-action.ts';
import { run } from '../../src/action/main.ts';
import type { AwsTuning } from '../../src/aws/client.ts';
import type { DeployTime } from '../../src/core/deploy.ts';
import { record, type TestAws } from './aws.ts';
import { APP } from './sample.ts';

/**
 * The deploy stage's clock on the local AWS's timeline: a sleep moves the virtual clock (and every build with it)
 * instead of waiting, so following a 4-minute build takes milliseconds and a deadline falls exactly where the
 * builds say it does.
 */
export function virtualClock(aws: TestAws): DeployTime {
  return {
    now: () => aws.state.now() * 1000,
    sleep: async (ms) => aws.advanceJobs(ms / 1000),
  };
}

/** One run at a time: the pipeline reads process.env and writes to process.stdout. */
export async function runInProcess(
  options: ActionRunOptions,
  aws: AwsTuning,
  clock?: DeployTime,
): Promise<ActionRun> {
  const { env, collect } = prepareRunner(options);
  const saved = { env: process.env, exitCode: process.exitCode, write: process.stdout.write };
  let stdout = '';
  process.env = env;
  // The toolkit remembers the summary file of its first write; each run here has its own.
  (core.summary as unknown as { _filePath?: string })._filePath = undefined;
  // The toolkit reads the event once, when it is first imported; each run here has its own event.
  Object.assign(context, new (context.constructor as new () => typeof context)());
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    await run({ aws, clock });
    const result = { exitCode: Number(process.exitCode ?? 0), stdout, stderr: '', ...collect() };
    record('run', { stdout: result.stdout, outputFile: result.outputFile, summary: result.summary });
    return result;
  } finally {
    process.stdout.write = saved.write;
    process.env = saved.env;
    process.exitCode = saved.exitCode;
  }
}

/** A push to the sample app's staging branch with `file` as the environments file, retries not waiting. */
export function pushStagingInProcess(aws: TestAws, file: string): Promise<ActionRun> {
  return runInProcess(
    {
      inputs: { 'app-id': APP },
      event: { name: 'push', ref: 'refs/heads/staging' },
      awsEnv: aws.env(),
      files: { '.github/amplify-auth.yml': file },
    },
    { backoff: () => 0 },
  );
}
