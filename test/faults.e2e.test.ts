// The action under AWS misbehaviour, over many runs: throttling ridden out, a dead endpoint given up on in bounded
// time, and a write whose answer was lost reported as what the branch really holds. The pipeline runs in process
// (hundreds of runs), with back-off delays set to zero; the retry policy is the action's own.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../src/aws/client.ts';
import type { ActionRunOptions } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import { runInProcess } from './support/in-process.ts';
import { annotations, summaryText } from './support/runner-log.ts';

const APP = 'd1exampleapp01';
const SAMPLE = readFileSync('sample/amplify-auth.yml', 'utf8');
const PROD_POOL = 'us-east-1_PrOd12345';

let aws: TestAws;
beforeEach(async () => {
  aws = await startTestAws();
});
afterEach(async () => {
  await aws.close();
});

const options = (inputs: Record<string, string> = {}): ActionRunOptions => ({
  inputs: { 'app-id': APP, ...inputs },
  event: { name: 'push', ref: 'refs/heads/main' },
  awsEnv: aws.env(),
  files: { '.github/amplify-auth.yml': SAMPLE },
});
const noWait = { backoff: () => 0 };

describe('throttling', () => {
  it('a third of all calls throttled, by each service in its own way: 200 seeded runs, every one succeeds', async () => {
    const runs = 200;
    let succeeded = 0;
    for (let seed = 1; seed <= runs; seed++) {
      aws.faults.length = 0;
      aws.faults.push({ kind: 'throttle', share: 1 / 3, seed });
      aws.state.setBranchVariables(APP, 'main', { API_URL: 'https://api.example.com' });
      const result = await runInProcess(options(), noWait);
      if (result.exitCode === 0 && aws.state.branchVariables(APP, 'main').USER_POOL_ID === PROD_POOL)
        succeeded++;
    }
    const throttled = aws.requests.filter((request) => [400, 429].includes(request.status));
    expect(throttled.length / aws.requests.length).toBeGreaterThan(0.3);
    expect(new Set(throttled.map((request) => request.service))).toEqual(
      new Set(['amplify', 'cognito-idp', 'cognito-identity', 'iam']),
    );
    expect(succeeded).toBe(runs);
  });

  it('gives up on a call throttled every time after a bounded number of attempts, saying so', async () => {
    aws.faults.push({ kind: 'throttle', operation: 'DescribeUserPool' });
    const result = await runInProcess(options(), noWait);
    expect(result.exitCode).toBe(1);
    expect(aws.requests.filter((request) => request.operation === 'DescribeUserPool')).toHaveLength(
      MAX_ATTEMPTS.throttling,
    );
    expect(annotations(result.stdout)[0]).toContain(
      `AWS kept throttling cognito-idp:DescribeUserPool on user pool ${PROD_POOL}, after retries (TooManyRequestsException: Rate exceeded)`,
    );
  });
});

describe('a dead endpoint', () => {
  it('every call hangs: the run fails after three timeouts per call, clearly, and writes nothing', async () => {
    const before = JSON.stringify(aws.state.branch(APP, 'main'));
    aws.faults.push({ kind: 'hang' });
    const result = await runInProcess(options(), { ...noWait, requestTimeoutMs: 100 });
    expect(result.exitCode).toBe(1);
    const attempts = new Map<string, number>();
    for (const request of aws.requests) {
      attempts.set(request.operation, (attempts.get(request.operation) ?? 0) + 1);
    }
    // Every read is sent at once; each is tried three times, none is answered, nothing else is asked.
    expect(Math.max(...attempts.values())).toBe(MAX_ATTEMPTS.transient * (attempts.has('GetRole') ? 3 : 1));
    expect(attempts.get('GetBranch')).toBe(MAX_ATTEMPTS.transient);
    expect(attempts.has('UpdateBranch')).toBe(false);
    expect(annotations(result.stdout)).toContainEqual(
      `AWS did not answer amplify:GetBranch on Amplify branch "main" of app ${APP} (us-east-1) in time (3 attempts). Run it again; if it persists, check the endpoint and network.`,
    );
    expect(JSON.stringify(aws.state.branch(APP, 'main'))).toBe(before);
  });
});

describe('a write whose answer is lost', () => {
  it('landed: the read-back shows the values, the run succeeds and says the answer was lost', async () => {
    aws.faults.push({
      kind: 'error',
      operation: 'UpdateBranch',
      status: 500,
      code: 'InternalFailureException',
      afterHandler: true,
    });
    const result = await runInProcess(options(), noWait);
    expect(result.exitCode).toBe(0);
    expect(aws.state.branchVariables(APP, 'main')).toMatchObject({ USER_POOL_ID: PROD_POOL });
    expect(result.outputs.changed).toBe('true');
    expect(annotations(result.stdout, 'warning')).toContainEqual(
      expect.stringMatching(/The answer to write 1 was lost .* the write landed\.$/),
    );
    expect(summaryText(result.summary)).toContain('Verified: read back after one write');
  });

  it('and the read-back fails: the outcome is unknown, never "nothing was written"', async () => {
    aws.faults.push(
      // The read with the checks works; every read after the write is denied. (Rules run in order, and the
      // error decides the answer, so the change of state comes first.)
      {
        kind: 'mutate',
        when: 'after',
        operation: 'UpdateBranch',
        times: 1,
        apply: () => aws.state.deny.push('amplify:GetBranch'),
      },
      {
        kind: 'error',
        operation: 'UpdateBranch',
        status: 500,
        code: 'InternalFailureException',
        afterHandler: true,
      },
    );
    const result = await runInProcess(options(), noWait);
    expect(result.exitCode).toBe(1);
    const text = summaryText(result.summary);
    expect(text).toContain('Outcome unknown: a write was sent and its answer was lost');
    expect(text).not.toContain('Nothing was written');
    expect(result.outputs.changed).toBe('false');
  });
});
