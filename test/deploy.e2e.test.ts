// The deploy gate, run as the runner runs the action (from the source), against the local AWS: its build jobs
// move on a virtual clock (every GetJob advances it), so following a build to its end takes milliseconds.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ActionRunOptions, runActionForTest } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import { annotations, summaryListItems, summaryText } from './support/runner-log.ts';

const APP = 'd1exampleapp01';
const SAMPLE = readFileSync('sample/amplify-auth.yml', 'utf8');
const SHA = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
const PRODUCTION_POOL = 'us-east-1_PrOd12345';

let aws: TestAws;
beforeEach(async () => {
  aws = await startTestAws({ jobSecondsPerPoll: 30 });
});
afterEach(async () => {
  await aws.close();
});

const run = (inputs: Record<string, string>, event: Partial<ActionRunOptions['event']> = {}) =>
  runActionForTest({
    inputs: { 'app-id': APP, 'poll-seconds': '0.01', ...inputs },
    event: {
      name: 'push',
      ref: 'refs/heads/main',
      sha: SHA,
      payload: { head_commit: { id: SHA, message: 'Sign-in: new pool' } },
      ...event,
    },
    awsEnv: aws.env(),
    files: { '.github/amplify-auth.yml': SAMPLE },
  });

const branch = (name = 'main') => {
  const found = aws.state.branch(APP, name);
  if (!found) throw new Error(`no branch ${name}`);
  return found;
};
const jobsOfCommit = (name = 'main') => branch(name).jobs.filter((job) => job.commitId === SHA);
const calls = (operation: string) => aws.requests.filter((request) => request.operation === operation);

describe('deploy: wait', () => {
  it('starts the build of this commit after the values are verified, follows it to success, reports it', async () => {
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    const [job] = jobsOfCommit();
    expect(job).toMatchObject({ jobType: 'RELEASE', status: 'SUCCEED', commitMessage: 'Sign-in: new pool' });
    expect(job?.variablesSeen?.USER_POOL_ID).toBe(PRODUCTION_POOL);
    // The build was started only after the write and its read-back.
    const order = aws.requests.map((request) => request.operation);
    expect(order.indexOf('StartJob')).toBeGreaterThan(order.lastIndexOf('UpdateBranch'));
    expect(result.outputs).toMatchObject({
      'job-id': job?.jobId,
      'job-status': 'SUCCEED',
      'job-url': `https://us-east-1.console.aws.amazon.com/amplify/apps/${APP}/branches/main/deployments/${job?.jobId}`,
      'deployment-url': `https://main.${APP}.amplifyapp.com`,
      'branch-created': 'false',
    });
    expect(result.stdout).toMatch(/job \d+: PENDING after 0 s/);
    expect(result.stdout).toMatch(/job \d+: RUNNING after \d+ s/);
    expect(result.stdout).toContain('  step BUILD: SUCCEED');
    expect(result.stdout).toContain('  step DEPLOY: SUCCEED');
    const text = summaryText(result.summary);
    expect(text).toMatch(
      new RegExp(`Build: RELEASE job ${job?.jobId} for commit c0ffee0 ?: succeeded after`),
    );
    expect(text).toContain(`Open https://main.${APP}.amplifyapp.com`);
    expect(text).toContain("Turned the branch's auto-build off, in the same write as the variables.");
    // Amplify's own times: 220 virtual seconds from start to end.
    expect(text).toContain('succeeded after 3.7 min');
    // auto-build went off in the same write as the variables: one UpdateBranch.
    expect(calls('UpdateBranch')).toHaveLength(1);
    expect(calls('UpdateBranch')[0]?.input).toMatchObject({ enableAutoBuild: false });
    expect(branch().enableAutoBuild).toBe(false);
    expect(annotations(result.stdout, 'warning')).toEqual([]);
  });

  it('fails the step when the build fails, naming the failing step and its log', async () => {
    aws.state.failNextJob(APP, 'main', 'us-east-1', 'DEPLOY');
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(1);
    const [job] = jobsOfCommit();
    expect(annotations(result.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Amplify job ${job?.jobId} ended FAILED at step DEPLOY \\(log: https://\\S+\\)\\. See https://`,
        ),
      ),
    ]);
    expect(result.outputs['job-status']).toBe('FAILED');
    // The values were written and verified before the build: the summary says so.
    expect(summaryText(result.summary)).toContain('Written, then failed');
  });

  it('follows a build already in flight to its end, then starts', async () => {
    branch().enableAutoBuild = true;
    aws.state.push(APP, 'main', { commitId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    aws.state.advanceJobs(40);
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(branch().jobs.map((job) => [job.commitId.slice(0, 4), job.status])).toEqual(
      expect.arrayContaining([
        ['aaaa', 'SUCCEED'],
        ['c0ff', 'SUCCEED'],
      ]),
    );
    expect(calls('StartJob').map((request) => request.status)).toEqual([429, 200]);
    expect(summaryText(result.summary)).toMatch(
      /was in flight; followed it to its end \(SUCCEED\) before starting/,
    );
  });

  it('times out: fails with the status and link, leaves the job running, still sets the outputs', async () => {
    aws.state.jobSecondsPerPoll = 0;
    const result = await run({ 'auto-build': 'off', deploy: 'wait', 'wait-minutes': '0.002' });
    expect(result.exitCode).toBe(1);
    const [job] = jobsOfCommit();
    expect(job?.status).toBe('PENDING');
    expect(annotations(result.stdout)).toEqual([
      `Amplify job ${job?.jobId} is still PENDING after 0 minutes; it was left running. Follow it at https://us-east-1.console.aws.amazon.com/amplify/apps/${APP}/branches/main/deployments/${job?.jobId}, or raise \`wait-minutes\`.`,
    ]);
    expect(result.outputs).toMatchObject({ 'job-id': job?.jobId, 'job-status': 'PENDING' });
    expect(calls('StopJob')).toHaveLength(0);
  });

  it('deploys the commit also when the values were already right (changed=false)', async () => {
    await run({ 'auto-build': 'off' });
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ changed: 'false', 'job-status': 'SUCCEED' });
    expect(jobsOfCommit()).toHaveLength(1);
  });
  it('leaves deployment-url empty, and warns, when the display name is not a host name', async () => {
    branch().displayName = 'x";touch pwned;echo "';
    const result = await run({ 'auto-build': 'off', deploy: 'start' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['deployment-url']).toBe('');
    expect(annotations(result.stdout, 'warning')).toEqual([
      `Amplify answered a display name "x\\";touch pwned;echo \\"" and a domain "${APP}.amplifyapp.com" that do not make a host name, so the \`deployment-url\` output is left empty.`,
    ]);
    expect(summaryText(result.summary)).not.toContain('touch pwned');
  });
  it('refuses a job from Amplify whose type is not a word, before it reaches an output or a log line', async () => {
    const webhook = aws.state.push(APP, 'main', { commitId: SHA });
    if (!webhook) throw new Error('no job');
    webhook.jobType = 'WEB_HOOK\n::error::PWNED';
    const result = await run({ 'auto-build': 'off', deploy: 'start' });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      `Amplify answered a job that is not one: ID "${webhook.jobId}", status "PENDING", type "WEB_HOOK\\n::error::PWNED". Check the branch's jobs in the Amplify console.`,
    ]);
    expect(calls('StartJob')).toHaveLength(0);
  });
});

describe('the race with auto-build', () => {
  it('values already right, only auto-build turned off: changed=false, the webhook build of the commit is kept', async () => {
    await run({});
    branch().enableAutoBuild = true;
    aws.state.push(APP, 'main', { commitId: SHA });
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(branch().enableAutoBuild).toBe(false);
    // The webhook build read the same values this run verified: nothing to stop or replace it for.
    expect(result.outputs.changed).toBe('false');
    expect(calls('StopJob')).toHaveLength(0);
    expect(summaryText(result.summary)).not.toContain('building with the old values');
  });

  it('a webhook build of this commit still pending: stopped, and a fresh job builds with the new values', async () => {
    branch().enableAutoBuild = true;
    const webhook = aws.state.push(APP, 'main', { commitId: SHA });
    expect(webhook?.status).toBe('PENDING');
    const result = await run({ deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    const jobs = jobsOfCommit();
    expect(jobs.map((job) => [job.jobType, job.status])).toEqual([
      ['WEB_HOOK', 'CANCELLED'],
      ['RELEASE', 'SUCCEED'],
    ]);
    expect(jobs.at(-1)?.variablesSeen?.USER_POOL_ID).toBe(PRODUCTION_POOL);
    const text = summaryText(result.summary);
    expect(text).toMatch(/Stopped WEB_HOOK job \d+ of this commit while it was still pending/);
    // auto-build stays on (keep): the warning and its fix are there.
    expect(annotations(result.stdout, 'warning')).toEqual([
      expect.stringContaining('builds on every push (auto-build is on)'),
    ]);
    expect(text).toContain('The branch builds on every push');
  });

  it('a webhook build of this commit already running on the old values: followed to its end, then replaced', async () => {
    branch().enableAutoBuild = true;
    const webhook = aws.state.push(APP, 'main', { commitId: SHA });
    aws.state.advanceJobs(40);
    expect(webhook?.status).toBe('RUNNING');
    expect(webhook?.variablesSeen?.USER_POOL_ID).toBeUndefined();
    const result = await run({ deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    const jobs = jobsOfCommit();
    expect(jobs.map((job) => [job.jobType, job.status])).toEqual([
      ['WEB_HOOK', 'SUCCEED'],
      ['RELEASE', 'SUCCEED'],
    ]);
    // The last build of the commit saw the new values.
    expect(jobs.at(-1)?.variablesSeen?.USER_POOL_ID).toBe(PRODUCTION_POOL);
    expect(calls('StopJob')).toHaveLength(0);
    expect(summaryText(result.summary)).toMatch(
      /WEB_HOOK job \d+ of this commit was already building with the old values; followed it to its end \(SUCCEED\)/,
    );
  });
});

describe('deploy: start, branch creation, dry run and check', () => {
  it('start: starts the job and returns with the status last seen', async () => {
    const result = await run({ 'auto-build': 'off', deploy: 'start' });
    expect(result.exitCode).toBe(0);
    const [job] = jobsOfCommit();
    expect(result.outputs['job-id']).toBe(job?.jobId);
    expect(['PENDING', 'PROVISIONING', 'RUNNING']).toContain(result.outputs['job-status']);
    expect(job?.status).not.toBe('SUCCEED');
  });

  it('creates a missing branch with the variables in the creating call, auto-build off, and builds it', async () => {
    const result = await run(
      { 'create-branch': 'true', deploy: 'wait' },
      { ref: 'refs/heads/feature/brand-new' },
    );
    expect(result.exitCode).toBe(0);
    expect(calls('CreateBranch')).toHaveLength(1);
    expect(calls('CreateBranch')[0]?.input).toMatchObject({
      branchName: 'feature/brand-new',
      enableAutoBuild: false,
      stage: 'DEVELOPMENT',
      environmentVariables: expect.objectContaining({ USER_POOL_ID: 'us-east-1_DeV12345x' }),
    });
    expect(calls('UpdateBranch')).toHaveLength(0);
    expect(result.outputs).toMatchObject({
      'branch-created': 'true',
      'deployment-url': `https://feature-brand-new.${APP}.amplifyapp.com`,
      'job-status': 'SUCCEED',
    });
  });

  it.each([
    ['dry-run: true', { 'dry-run': 'true' }],
    ['mode: check', { mode: 'check' }],
  ])('%s creates, starts and stops nothing, and says what it would do', async (_, inputs) => {
    branch().enableAutoBuild = true;
    aws.state.push(APP, 'main', { commitId: SHA });
    const result = await run({ ...inputs, deploy: 'wait', 'auto-build': 'off' });
    expect(['StartJob', 'StopJob', 'CreateBranch', 'UpdateBranch'].flatMap((op) => calls(op))).toEqual([]);
    // What a real run would do, each said once (check mode lists its drift too).
    const wouldDo = summaryListItems(result.summary).filter((item) => !item.includes('Drift'));
    expect(wouldDo).toEqual([
      "Turn the branch's auto-build off.",
      'Start a RELEASE job for commit c0ffee0 and follow it to its end (deploy: wait).',
    ]);
  });

  it('refuses bad values for the new inputs before anything is read or written', async () => {
    const result = await run({
      deploy: 'later',
      'wait-minutes': '-1',
      'poll-seconds': '0',
      'auto-build': 'maybe',
      stage: 'prod',
    });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'Input `deploy` is "later"; it takes one of: none, start, wait.',
      'Input `wait-minutes` is "-1"; it takes a number above 0 and at most 360, such as 30.',
      'Input `poll-seconds` is "0"; it takes a number above 0 and at most 3600, such as 10.',
      'Input `stage` is "prod"; it takes one of: PRODUCTION, BETA, DEVELOPMENT, EXPERIMENTAL, PULL_REQUEST.',
      'Input `auto-build` is "maybe"; it takes one of: keep, off, on.',
    ]);
    expect(aws.requests).toHaveLength(0);
  });
});
