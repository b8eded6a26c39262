// The deploy gate, run as the runner runs the action (in process, same environment and files), against the local
// AWS. The deploy stage's clock is the local AWS's virtual clock: each poll interval moves the builds on, so
// following a build to its end takes milliseconds and a deadline falls exactly where the builds say it does.
// Where Amplify's documentation leaves a behaviour open, the tests run under each reading the local AWS offers.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJob, stopJob } from '../local-aws/jobs.ts';
import type { JobState, ListJobsOrder, StartWhileBusy } from '../local-aws/state.ts';
import type { ActionRunOptions } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import { runInProcess, virtualClock } from './support/in-process.ts';
import {
  annotations,
  renderSummary,
  summaryListItems,
  summaryText,
  workflowCommands,
} from './support/runner-log.ts';

const APP = 'd1exampleapp01';
const SAMPLE = readFileSync('sample/amplify-auth.yml', 'utf8');
const SHA = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
const NEWER = 'beef0000beef0000beef0000beef0000beef0000';
const OTHER = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const PRODUCTION_POOL = 'us-east-1_PrOd12345';

let aws: TestAws;
beforeEach(async () => {
  aws = await startTestAws();
  // No build history: every job a test sees is one it made or the run started.
  for (const target of aws.state.app(APP)?.branches ?? []) target.jobs = [];
  // The push that ran the workflow: the branch's newest commit is this run's (auto-build off: no webhook build).
  headAt(SHA);
});
afterEach(async () => {
  await aws.close();
});

function headAt(commitId: string, name = 'main') {
  const target = branch(name);
  const autoBuild = target.enableAutoBuild;
  target.enableAutoBuild = false;
  aws.push(APP, name, { commitId, commitMessage: 'Sign-in: new pool' });
  target.enableAutoBuild = autoBuild;
}

const run = (
  inputs: Record<string, string>,
  event: Partial<ActionRunOptions['event']> = {},
  awsEnv: Record<string, string> = {},
) =>
  runInProcess(
    {
      inputs: { 'app-id': APP, ...inputs },
      event: {
        name: 'push',
        ref: 'refs/heads/main',
        sha: SHA,
        payload: { head_commit: { id: SHA, message: 'Sign-in: new pool' } },
        ...event,
      },
      awsEnv: { ...aws.env(), ...awsEnv },
      files: { '.github/amplify-auth.yml': SAMPLE },
    },
    { backoff: () => 0, requestTimeoutMs: 1000 },
    virtualClock(aws),
  );

const branch = (name = 'main') => {
  const found = aws.state.branch(APP, name);
  if (!found) throw new Error(`no branch ${name}`);
  return found;
};
const jobsOfCommit = (name = 'main') => branch(name).jobs.filter((job) => job.commitId === SHA);
const releaseJobs = (name = 'main') => branch(name).jobs.filter((job) => job.jobType === 'RELEASE');
const calls = (operation: string) => aws.requests.filter((request) => request.operation === operation);
const jobUrl = (job: JobState | undefined, name = 'main') =>
  `https://us-east-1.console.aws.amazon.com/amplify/apps/${APP}/branches/${name}/deployments/${job?.jobId}`;
/** A webhook build of `commitId`, as a push with auto-build on starts it. */
function webhookBuild(commitId: string): JobState {
  branch().enableAutoBuild = true;
  const job = aws.push(APP, 'main', { commitId });
  if (!job) throw new Error('no webhook job');
  return job;
}

describe('deploy: wait', () => {
  it('starts one build after the values are verified, follows it to success, reports it', async () => {
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
      'job-url': jobUrl(job),
      'deployment-url': `https://main.${APP}.amplifyapp.com`,
      'branch-created': 'false',
    });
    expect(result.stdout).toMatch(/Job \d+: PENDING after 0 s/);
    expect(result.stdout).toMatch(/Job \d+: RUNNING after \d+ s/);
    expect(result.stdout).toContain(`Started RELEASE job ${job?.jobId}: ${jobUrl(job)}`);
    // Each status change and each step that ended is logged once, when it is first seen; running steps are not.
    const logLines = result.stdout.split('\n');
    const logged = (pattern: RegExp) => logLines.filter((line) => pattern.test(line)).length;
    expect(logged(/^Job \d+: RUNNING after /)).toBe(1);
    expect(logged(/^ {2}step BUILD: SUCCEED$/)).toBe(1);
    expect(logged(/^ {2}step DEPLOY: SUCCEED$/)).toBe(1);
    expect(logged(/step \w+: (RUNNING|PENDING)/)).toBe(0);
    // Past a minute, the time since the start is given in minutes.
    expect(result.stdout).toMatch(new RegExp(`^Job ${job?.jobId}: SUCCEED after 3\\.\\d min$`, 'm'));
    expect(summaryListItems(result.summary)).toContain(`Started RELEASE job ${job?.jobId}.`);
    const text = summaryText(result.summary);
    expect(text).toMatch(
      new RegExp(
        `Build: RELEASE job ${job?.jobId} \\(started by this run, commit c0ffee0 ?\\): succeeded after`,
      ),
    );
    expect(text).not.toContain('not this run');
    expect(text).toContain(`Open https://main.${APP}.amplifyapp.com`);
    expect(text).toContain("Turned the branch's auto-build off, in the same write as the variables.");
    // Amplify's own times: 220 virtual seconds from start to end.
    expect(text).toContain('succeeded after 3.7 min');
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
    expect(result.outputs).toMatchObject({
      'job-status': 'FAILED',
      'deployment-url': `https://main.${APP}.amplifyapp.com`,
      'branch-created': 'false',
    });
    expect(summaryText(result.summary)).toContain('Written, then failed');
  });

  it('fails the step when the build it follows is cancelled', async () => {
    // Someone stops the build from the console while the step follows it.
    aws.faults.push({
      kind: 'mutate',
      when: 'before',
      operation: 'GetJob',
      times: 1,
      apply: (state) => {
        const job = releaseJobs().at(-1);
        if (job) job.status = 'CANCELLED';
        if (job) job.endTime = state.now();
      },
    });
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(1);
    const [job] = releaseJobs();
    expect(result.outputs).toMatchObject({ 'job-id': job?.jobId, 'job-status': 'CANCELLED' });
    expect(annotations(result.stdout)).toEqual([
      `Amplify job ${job?.jobId} ended CANCELLED. See ${jobUrl(job)}.`,
    ]);
  });

  it('fails the step when the build it follows is stopped mid-step, naming the step it was stopped at', async () => {
    // Someone stops the build from the console while it runs: CANCELLING, then CANCELLED with its step.
    aws.faults.push({
      kind: 'mutate',
      when: 'before',
      operation: 'GetJob',
      apply: (state) => {
        const job = releaseJobs().at(-1);
        if (job?.status === 'RUNNING') stopJob(branch(), job, state.now());
      },
    });
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(1);
    const [job] = releaseJobs();
    expect(job?.steps.map((step) => [step.stepName, step.status])).toEqual([['BUILD', 'CANCELLED']]);
    expect(result.outputs).toMatchObject({ 'job-id': job?.jobId, 'job-status': 'CANCELLED' });
    expect(annotations(result.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Amplify job ${job?.jobId} ended CANCELLED at step BUILD \\(log: https://\\S+\\)\\. See https://`,
        ),
      ),
    ]);
  });

  it('times out after exactly wait-minutes of the builds’ time (the default 30): fails, leaves the job running, names it', async () => {
    aws.state.jobTimings.build = 3 * 3600;
    const started = aws.state.now();
    // 1,800 s is no multiple of 7 s: the last wait is cut short to end at the deadline.
    const result = await run({ 'auto-build': 'off', deploy: 'wait', 'poll-seconds': '7' });
    expect(result.exitCode).toBe(1);
    const [job] = jobsOfCommit();
    expect(job?.status).toBe('RUNNING');
    expect(annotations(result.stdout)).toEqual([
      `Amplify job ${job?.jobId} is still RUNNING after 30 minutes (\`wait-minutes\`); it was left running. Follow it at ${jobUrl(job)}, or raise \`wait-minutes\`.`,
    ]);
    expect(result.outputs).toMatchObject({
      'job-id': job?.jobId,
      'job-status': 'RUNNING',
      'deployment-url': `https://main.${APP}.amplifyapp.com`,
      'branch-created': 'false',
    });
    // A build still running has no end time: the summary gives the time this step watched it.
    expect(summaryText(result.summary)).toMatch(
      new RegExp(
        `RELEASE job ${job?.jobId} \\(started by this run, commit c0ffee0 ?\\): ended RUNNING after 30\\.0 min\\.`,
      ),
    );
    // Every poll interval ended by the deadline: the last look at the job is 30 minutes after the start, not later.
    const elapsed = aws.state.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(30 * 60);
    expect(elapsed).toBeLessThan(30 * 60 + 1);
    expect(calls('StopJob')).toHaveLength(0);
  });

  it('cuts the last wait short to end at the deadline, even with a poll interval longer than what is left', async () => {
    aws.state.jobTimings.build = 3 * 3600;
    const started = aws.state.now();
    const result = await run({
      'auto-build': 'off',
      deploy: 'wait',
      'wait-minutes': '1',
      'poll-seconds': '45',
    });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['job-status']).toBe('RUNNING');
    const elapsed = aws.state.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(60);
    expect(elapsed).toBeLessThan(61);
  });

  it('sends a commit message over Amplify’s 10,000 characters cut to fit, never inside a character', async () => {
    // 9,999 characters, then emoji: the 10,000th code unit is the first half of one.
    const message = `${'m'.repeat(9_999)}${'😀'.repeat(1_000)}`;
    const result = await run(
      { 'auto-build': 'off', deploy: 'start' },
      { payload: { head_commit: { id: SHA, message } } },
    );
    expect(result.exitCode).toBe(0);
    expect(calls('StartJob')).toHaveLength(1);
    const sent = (calls('StartJob')[0]?.input as { commitMessage?: string } | undefined)?.commitMessage;
    expect(sent).toBe('m'.repeat(9_999));
    expect(releaseJobs()).toHaveLength(1);
  });

  it('builds also when the values were already right (changed=false) and nothing is in flight', async () => {
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

  it('a step name from Amplify reaches the log, the annotation and the summary as text, never as a command or markup', async () => {
    const hostile = 'BUILD\n::error::PWNED <img src=x> **bold**';
    await run({});
    const webhook = webhookBuild(SHA);
    // Amplify's answers name the running step with the payload, and the build fails at it.
    aws.faults.push({
      kind: 'mutate',
      when: 'before',
      operation: 'GetJob',
      apply: () => {
        const current = webhook.steps.at(-1);
        if (current?.status !== 'RUNNING' || current.stepName !== 'BUILD') return;
        (current as { stepName: string }).stepName = hostile;
        (webhook as { failStep?: string }).failStep = hostile;
      },
    });
    const result = await run({ deploy: 'wait' });
    expect(result.exitCode).toBe(1);
    expect(webhook.status).toBe('FAILED');
    const errors = workflowCommands(result.stdout).filter((command) => command.command === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain(`ended FAILED at step ${hostile} (log: https://`);
    expect(result.stdout).toContain('  step BUILD\\n::error::PWNED <img src=x> **bold**: FAILED');
    const html = renderSummary(result.summary);
    expect(html).not.toMatch(/<img|<strong>bold/);
    expect(summaryText(result.summary)).toContain('::error::PWNED <img src=x> **bold**');
  });

  it('refuses a job from Amplify whose type is not a word, before it reaches an output or a log line', async () => {
    const webhook = webhookBuild(SHA);
    webhook.jobType = 'WEB_HOOK\n::error::PWNED';
    const result = await run({ 'auto-build': 'off', deploy: 'start' });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      `Amplify answered a job that is not one: ID "${webhook.jobId}", status "PENDING", type "WEB_HOOK\\n::error::PWNED". Check the branch's jobs in the Amplify console.`,
    ]);
    expect(calls('StartJob')).toHaveLength(0);
  });
});

describe('what Amplify builds: the branch’s latest commit', () => {
  it('the branch moved on since this run’s commit: the job carries the newer commit, and the summary says so', async () => {
    headAt(NEWER);
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    const [job] = releaseJobs();
    expect(job).toMatchObject({ commitId: NEWER, builtCommitId: NEWER, status: 'SUCCEED' });
    // The request named this run's commit; Amplify built the branch's head with the verified values.
    expect(calls('StartJob')[0]?.input).toMatchObject({ jobType: 'RELEASE', commitId: SHA });
    expect(job?.variablesSeen?.USER_POOL_ID).toBe(PRODUCTION_POOL);
    const text = summaryText(result.summary);
    expect(text).toContain(
      `Job ${job?.jobId} builds commit beef000, not this run's commit c0ffee0: a RELEASE job builds the branch's latest commit`,
    );
    expect(text).toMatch(/RELEASE job \d+ \(started by this run, commit beef000 ?\)/);
  });

  it('where Amplify records the requested commitId as a label, nothing is said about another commit', async () => {
    aws.state.releaseCommitId = 'label';
    headAt(NEWER);
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    const [job] = releaseJobs();
    expect(job).toMatchObject({ commitId: SHA, builtCommitId: NEWER });
    expect(summaryText(result.summary)).not.toContain('not this run');
  });

  it('a first build recorded as HEAD: said plainly', async () => {
    delete branch().headCommit;
    const result = await run({ 'auto-build': 'off', deploy: 'start' });
    expect(result.exitCode).toBe(0);
    expect(releaseJobs()[0]?.commitId).toBe('HEAD');
    expect(summaryText(result.summary)).toMatch(
      /Amplify recorded job \d+'s commit as HEAD: it builds the branch's latest commit/,
    );
  });

  it('a pull request: the head commit is matched and sent, not the merge commit in GITHUB_SHA', async () => {
    const head = 'feed0000feed0000feed0000feed0000feed0000';
    const prBranch = branch('feature/login');
    prBranch.enableAutoBuild = false;
    await run({}, prEvent(head));
    // A webhook build of the pull request's head, in flight on the values just written.
    prBranch.enableAutoBuild = true;
    const webhook = aws.push(APP, 'feature/login', { commitId: head });
    const result = await run({ deploy: 'start' }, prEvent(head));
    expect(result.exitCode).toBe(0);
    expect(result.outputs['job-id']).toBe(webhook?.jobId);
    expect(calls('StartJob')).toHaveLength(0);
  });
});

const prEvent = (head: string): Partial<ActionRunOptions['event']> => ({
  name: 'pull_request',
  ref: 'refs/pull/7/merge',
  sha: 'de7e7e00de7e7e00de7e7e00de7e7e00de7e7e00',
  headRef: 'feature/login',
  payload: {
    pull_request: {
      number: 7,
      head: { ref: 'feature/login', sha: head, repo: { full_name: 'example-org/storefront' } },
      base: { ref: 'main', repo: { full_name: 'example-org/storefront' } },
    },
  },
});

describe('one build per push, never two', () => {
  it.each([
    ['auto-build kept on', {}],
    ['only auto-build turned off', { 'auto-build': 'off' }],
  ])(
    'values unchanged, a webhook build of this commit queued (%s): it is the build followed, none started',
    async (_, inputs) => {
      await run({});
      const webhook = webhookBuild(SHA);
      const result = await run({ ...inputs, deploy: 'wait' });
      expect(result.exitCode).toBe(0);
      expect(result.outputs).toMatchObject({
        changed: 'false',
        'job-id': webhook.jobId,
        'job-status': 'SUCCEED',
      });
      expect(calls('StartJob')).toHaveLength(0);
      expect(calls('StopJob')).toHaveLength(0);
      expect(branch().jobs).toHaveLength(1);
      const text = summaryText(result.summary);
      expect(text).toMatch(/WEB_HOOK job \d+ \(already in flight, followed, commit c0ffee0 ?\): succeeded/);
      expect(text).toContain('no second build was started');
      expect(result.stdout).toContain(
        `Following WEB_HOOK job ${webhook.jobId}, already in flight for this commit.`,
      );
    },
  );

  it("workflow_run after a workflow on this branch, values unchanged: the build of that run's commit is followed, none started", async () => {
    await run({});
    const webhook = webhookBuild(SHA);
    // GITHUB_SHA is the default branch's newest commit; the run this one follows was on SHA.
    const repository = { id: 1, full_name: 'example-org/storefront' };
    const result = await run(
      { deploy: 'wait' },
      {
        name: 'workflow_run',
        sha: OTHER,
        payload: {
          workflow_run: {
            head_branch: 'main',
            head_sha: SHA,
            event: 'push',
            head_repository: repository,
            repository,
          },
        },
      },
    );
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ 'job-id': webhook.jobId, 'job-status': 'SUCCEED' });
    expect(calls('StartJob')).toHaveLength(0);
    expect(branch().jobs).toHaveLength(1);
  });

  it('values unchanged, a webhook build of this commit already running: followed, none started', async () => {
    await run({});
    const webhook = webhookBuild(SHA);
    aws.advanceJobs(40);
    expect(webhook.status).toBe('RUNNING');
    const result = await run({ deploy: 'wait' });
    expect(result.outputs).toMatchObject({ 'job-id': webhook.jobId, 'job-status': 'SUCCEED' });
    expect(calls('StartJob')).toHaveLength(0);
  });

  it('values unchanged, a webhook build of this commit that ListJobs does not show yet: found by GetBranch’s activeJobId, none started', async () => {
    await run({});
    webhookBuild(OTHER);
    aws.advanceJobs(300);
    const webhook = webhookBuild(SHA);
    // Every ListJobs answers from a replica that has not seen the newest job: it lists only the finished one.
    aws.faults.push({ kind: 'stale', operation: 'ListJobs' });
    const result = await run({ deploy: 'wait' });
    expect(calls('ListJobs').length).toBeGreaterThan(0);
    expect(result.outputs).toMatchObject({ 'job-id': webhook.jobId, 'job-status': 'SUCCEED' });
    expect(calls('StartJob')).toHaveLength(0);
    expect(releaseJobs()).toEqual([]);
  });

  it('a first build recorded as HEAD in flight on unchanged values is this commit’s build', async () => {
    await run({});
    const webhook = webhookBuild('HEAD');
    const result = await run({ deploy: 'start' });
    expect(result.outputs['job-id']).toBe(webhook.jobId);
    expect(calls('StartJob')).toHaveLength(0);
  });

  // Amplify records HEAD for RELEASE jobs started through the API (aws-amplify/amplify-hosting#751): one already
  // running took the branch's latest commit when it started, which may be older than this run's.
  it('a RELEASE build recorded as HEAD already running on unchanged values: not taken for this commit’s, one more build after it', async () => {
    aws.state.releaseCommitId = 'HEAD';
    await run({ 'auto-build': 'off', deploy: 'start' });
    const [earlier] = releaseJobs();
    aws.advanceJobs(40);
    expect(earlier).toMatchObject({ commitId: 'HEAD', status: 'RUNNING' });
    headAt(NEWER);
    const result = await run(
      { 'auto-build': 'off', deploy: 'start' },
      { sha: NEWER, payload: { head_commit: { id: NEWER, message: 'A newer commit' } } },
    );
    expect(result.exitCode).toBe(0);
    const [, started] = releaseJobs();
    expect(started).toBeDefined();
    expect(result.outputs['job-id']).toBe(started?.jobId);
    expect(summaryText(result.summary)).toContain(
      `RELEASE job ${earlier?.jobId} was already RUNNING on a commit Amplify recorded only as HEAD, which may be older than this run's: this run's build comes after it.`,
    );
  });

  it('values changed, a waiting webhook build whose StopJob answer was lost: the retry, refused, is reported as the stop it was', async () => {
    const webhook = webhookBuild(SHA);
    aws.faults.push({
      kind: 'error',
      status: 500,
      code: 'InternalFailureException',
      operation: 'StopJob',
      afterHandler: true,
      times: 1,
    });
    const result = await run({ deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(calls('StopJob')).toHaveLength(2);
    expect(jobsOfCommit().map((job) => [job.jobType, job.status])).toEqual([
      ['WEB_HOOK', 'CANCELLED'],
      ['RELEASE', 'SUCCEED'],
    ]);
    const text = summaryText(result.summary);
    expect(text).toContain(`Stopped WEB_HOOK job ${webhook.jobId} of this commit while it was still PENDING`);
    expect(text).not.toContain('before it could be stopped');
  });

  it.each<JobState['status']>(['PENDING', 'CREATED'])(
    'values changed, a webhook build of this commit still waiting (%s): stopped, then one fresh build',
    async (waiting) => {
      const webhook = webhookBuild(SHA);
      expect(webhook.status).toBe('PENDING');
      webhook.status = waiting;
      const result = await run({ deploy: 'wait' });
      expect(result.exitCode).toBe(0);
      expect(jobsOfCommit().map((job) => [job.jobType, job.status])).toEqual([
        ['WEB_HOOK', 'CANCELLED'],
        ['RELEASE', 'SUCCEED'],
      ]);
      expect(jobsOfCommit().at(-1)?.variablesSeen?.USER_POOL_ID).toBe(PRODUCTION_POOL);
      const text = summaryText(result.summary);
      expect(text).toContain(
        `Stopped WEB_HOOK job ${webhook.jobId} of this commit while it was still ${waiting}`,
      );
      expect(annotations(result.stdout, 'warning')).toEqual([
        expect.stringContaining('builds on every push (auto-build is on)'),
      ]);
      expect(text).toContain('The branch builds on every push');
    },
  );

  it.each<{ meanwhile: string; ended: JobState['status']; end: (webhook: JobState) => void }>([
    // The build runs to its end.
    { meanwhile: 'ends', ended: 'SUCCEED', end: () => aws.advanceJobs(600) },
    // The build is cancelled from the console.
    {
      meanwhile: 'is cancelled by someone else',
      ended: 'CANCELLED',
      end: (webhook) => stopJob(branch(), webhook, aws.state.now()),
    },
  ])(
    'values changed, a queued webhook build of this commit that $meanwhile before StopJob reaches it: said so, not claimed as stopped, one fresh build',
    async ({ ended, end }) => {
      const webhook = webhookBuild(SHA);
      expect(webhook.status).toBe('PENDING');
      // Between the run's ListJobs and its StopJob.
      aws.faults.push({
        kind: 'mutate',
        when: 'before',
        operation: 'StopJob',
        times: 1,
        apply: () => end(webhook),
      });
      const result = await run({ deploy: 'wait' });
      expect(aws.faults).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(calls('StopJob').map((request) => request.status)).toEqual([400]);
      expect(jobsOfCommit().map((job) => [job.jobType, job.status])).toEqual([
        ['WEB_HOOK', ended],
        ['RELEASE', 'SUCCEED'],
      ]);
      expect(result.outputs['job-id']).toBe(jobsOfCommit().at(-1)?.jobId);
      const text = summaryText(result.summary);
      expect(text).toContain(
        `WEB_HOOK job ${webhook.jobId} of this commit ended (${ended}) before it could be stopped, on the old values; this run's build comes after it.`,
      );
      expect(text).not.toContain(`Stopped WEB_HOOK job ${webhook.jobId}`);
    },
  );

  it('values changed, StopJob refused for a webhook build still queued (not documented): said as it is, not claimed as stopped', async () => {
    const webhook = webhookBuild(SHA);
    aws.faults.push({
      kind: 'error',
      operation: 'StopJob',
      status: 400,
      code: 'BadRequestException',
      message: 'The job cannot be stopped.',
      times: 1,
    });
    const result = await run({ deploy: 'wait' });
    expect(aws.faults).toEqual([]);
    expect(result.exitCode).toBe(0);
    const text = summaryText(result.summary);
    expect(text).toContain(
      `Amplify refused to stop WEB_HOOK job ${webhook.jobId} of this commit (PENDING): it may hold the old values; this run's build comes after it.`,
    );
    expect(text).not.toContain(`Stopped WEB_HOOK job ${webhook.jobId}`);
    expect(text).not.toContain('before it could be stopped');
  });

  it('values changed, StopJob fails on the queued webhook build: the error names the call and the job, no build started', async () => {
    const webhook = webhookBuild(SHA);
    aws.faults.push({
      kind: 'error',
      operation: 'StopJob',
      status: 500,
      code: 'InternalFailureException',
      message: 'Service unavailable.',
    });
    const result = await run({ deploy: 'wait' });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toContainEqual(
      expect.stringContaining(
        `amplify:StopJob on job ${webhook.jobId} of Amplify branch "main" of app ${APP} (us-east-1) failed: InternalFailureException: Service unavailable.`,
      ),
    );
    expect(calls('StartJob')).toHaveLength(0);
  });

  it.each<StartWhileBusy>(['queue', 'refuse'])(
    'values changed, a webhook build of this commit running on the old values: it finishes, then one fresh build (StartJob while busy: %s)',
    async (reading) => {
      aws.state.startWhileBusy = reading;
      const webhook = webhookBuild(SHA);
      aws.advanceJobs(40);
      expect(webhook.status).toBe('RUNNING');
      expect(webhook.variablesSeen?.USER_POOL_ID).toBeUndefined();
      const result = await run({ deploy: 'wait' });
      expect(result.exitCode).toBe(0);
      expect(jobsOfCommit().map((job) => [job.jobType, job.status])).toEqual([
        ['WEB_HOOK', 'SUCCEED'],
        ['RELEASE', 'SUCCEED'],
      ]);
      expect(jobsOfCommit().at(-1)?.variablesSeen?.USER_POOL_ID).toBe(PRODUCTION_POOL);
      expect(calls('StopJob')).toHaveLength(0);
      expect(result.outputs['job-id']).toBe(jobsOfCommit().at(-1)?.jobId);
      expect(summaryText(result.summary)).toMatch(
        /WEB_HOOK job \d+ of this commit was already RUNNING with the old values; it was left to finish/,
      );
    },
  );

  it.each<StartWhileBusy>(['queue', 'refuse'])(
    'a build of another commit in flight, even still PENDING: this run’s build comes after it (%s)',
    async (reading) => {
      aws.state.startWhileBusy = reading;
      const other = webhookBuild(OTHER);
      expect(other.status).toBe('PENDING');
      const result = await run({ 'auto-build': 'off', deploy: 'wait' });
      expect(result.exitCode).toBe(0);
      expect(other.status).toBe('SUCCEED');
      const [ours] = releaseJobs();
      expect(ours?.status).toBe('SUCCEED');
      expect(result.outputs['job-id']).toBe(ours?.jobId);
      // Whichever way Amplify answers, the build of this run started after the other one ended.
      expect(ours?.steps[0]?.startTime).toBeGreaterThanOrEqual(other.endTime ?? Number.POSITIVE_INFINITY);
      expect(calls('StartJob').map((request) => request.status)).toEqual(
        reading === 'queue' ? [200] : [429, 200],
      );
      if (reading === 'refuse') {
        expect(summaryListItems(result.summary)).toContain(
          `Amplify refused to start a job while WEB_HOOK job ${other.jobId} (commit aaaaaaa) was in flight; followed it to its end (SUCCEED), then started.`,
        );
        expect(result.stdout).toContain(`WEB_HOOK job ${other.jobId}, already in flight: PENDING after 0 s`);
      }
      // The jobs ListJobs shows carry no steps; every step line logged names a step and its status.
      const stepLines = result.stdout.split('\n').filter((line) => line.startsWith('  step '));
      expect(stepLines.length).toBeGreaterThan(0);
      for (const line of stepLines) expect(line).toMatch(/^ {2}step [A-Z]+: [A-Z]+$/);
    },
  );

  it.each<[StartWhileBusy, string]>([
    ['queue', 'this run’s build, queued behind it, is the one timed out'],
    ['refuse', 'no job was started, and the error names the build waited for'],
  ])('the deadline passes while a build of another commit holds the branch (%s): %s', async (reading) => {
    aws.state.startWhileBusy = reading;
    aws.state.jobTimings.build = 3 * 3600;
    const other = webhookBuild(OTHER);
    const result = await run({ 'auto-build': 'off', deploy: 'wait', 'wait-minutes': '2' });
    expect(result.exitCode).toBe(1);
    expect(other.status).toBe('RUNNING');
    const [ours] = releaseJobs();
    if (reading === 'queue') {
      expect(ours?.status).toBe('PENDING');
      expect(result.outputs).toMatchObject({ 'job-id': ours?.jobId, 'job-status': 'PENDING' });
      expect(annotations(result.stdout)).toEqual([
        `Amplify job ${ours?.jobId} is still PENDING after 2 minutes (\`wait-minutes\`); it was left running. Follow it at ${jobUrl(ours)}, or raise \`wait-minutes\`.`,
      ]);
    } else {
      expect(ours).toBeUndefined();
      expect(result.outputs).toMatchObject({ 'job-id': '', 'job-status': '' });
      expect(annotations(result.stdout)).toEqual([
        `No job was started: WEB_HOOK job ${other.jobId}, already in flight was still RUNNING after 2 minutes (\`wait-minutes\`). Follow it in the Amplify console, then re-run.`,
      ]);
    }
  });

  it.each<ListJobsOrder>(['newest-first', 'oldest-first'])(
    'values unchanged, two builds of this commit in flight: the newer one (job 10, after 9), which ends last, is followed (ListJobs %s)',
    async (order) => {
      aws.state.listJobsOrder = order;
      await run({});
      // Eight finished builds: the next two are numbers 9 and 10, which sort apart as numbers and as text.
      for (let i = 0; i < 8; i++) {
        webhookBuild(OTHER);
        aws.advanceJobs(300);
      }
      const running = webhookBuild(SHA);
      aws.advanceJobs(40);
      const queued = webhookBuild(SHA);
      expect([running.jobId, running.status, queued.jobId, queued.status]).toEqual([
        '9',
        'RUNNING',
        '10',
        'PENDING',
      ]);
      const result = await run({ deploy: 'wait' });
      expect(result.outputs).toMatchObject({ 'job-id': '10', 'job-status': 'SUCCEED' });
      expect(running.status).toBe('SUCCEED');
      expect(calls('StartJob')).toHaveLength(0);
      expect(calls('StopJob')).toHaveLength(0);
    },
  );

  it('ListJobs in either order: the newest job is found by its number', async () => {
    aws.state.listJobsOrder = 'oldest-first';
    await run({});
    for (let i = 0; i < 60; i++) {
      const old = webhookBuild(`${String(i).padStart(2, '0')}${'0'.repeat(38)}`);
      aws.advanceJobs(300);
      expect(old.status).toBe('SUCCEED');
    }
    const webhook = webhookBuild(SHA);
    const result = await run({ deploy: 'start' });
    expect(result.outputs['job-id']).toBe(webhook.jobId);
    expect(calls('StartJob')).toHaveLength(0);
    expect(calls('ListJobs').length).toBeGreaterThanOrEqual(2);
  });

  /** `count` finished builds on the branch, numbered from 1, as a long-lived branch's history. */
  function history(count: number) {
    branch().jobs = Array.from({ length: count }, (_, i) => ({
      jobId: String(i + 1),
      jobType: 'WEB_HOOK',
      status: 'SUCCEED' as const,
      commitId: OTHER,
      commitMessage: 'an earlier push',
      commitTime: 0,
      startTime: i,
      endTime: i + 1,
      steps: [],
    }));
  }

  it.each<ListJobsOrder>(['newest-first', 'oldest-first'])(
    'a branch with 2,100 builds behind it (ListJobs %s): its whole history is read and one build starts',
    async (order) => {
      aws.state.listJobsOrder = order;
      await run({});
      history(2_100);
      const result = await run({ deploy: 'start' });
      expect(result.exitCode).toBe(0);
      expect(calls('StartJob')).toHaveLength(1);
      expect(result.outputs['job-id']).toBe('2101');
      expect(calls('ListJobs').length).toBeGreaterThanOrEqual(42); // 2,100 jobs, 50 a page
    },
  );

  it('a branch with more than 10,000 builds: no build is started, and the message says to deploy otherwise', async () => {
    await run({});
    history(10_001);
    const result = await run({ deploy: 'start' });
    expect(result.exitCode).toBe(1);
    expect(calls('StartJob')).toHaveLength(0);
    expect(annotations(result.stdout).join('\n')).toContain(
      'amplify:ListJobs on Amplify branch "main" of app d1exampleapp01 (us-east-1): still more pages after 200 pages, the most this action reads of one list, so it stopped there. The branch has more than 10,000 jobs, a longer history than the deploy gate reads to tell which builds are in flight (ListJobs does not document its order): set `deploy: none` for this branch and start its builds another way.',
    );
  });
});

describe('a StartJob whose answer is lost never starts a second build', () => {
  /** The first StartJob is carried out and its answer lost; the next `reads` ListJobs answer without the new job. */
  const loseStartAnswerWithStaleLists = (reads: number) =>
    aws.faults.push(
      {
        kind: 'mutate',
        when: 'after',
        operation: 'StartJob',
        times: 1,
        apply: () => aws.faults.push({ kind: 'stale', operation: 'ListJobs', times: reads }),
      },
      {
        kind: 'error',
        status: 500,
        code: 'InternalFailureException',
        operation: 'StartJob',
        afterHandler: true,
        times: 1,
      },
    );

  it.each([
    ['a server error after Amplify acted', { kind: 'error', status: 500, code: 'InternalFailureException' }],
    ['the connection cut after Amplify acted', { kind: 'reset' }],
    ['no answer after Amplify acted', { kind: 'hang' }],
  ] as const)('%s: the job it created is found and followed', async (_, fault) => {
    aws.faults.push({ ...fault, operation: 'StartJob', afterHandler: true, times: 1 });
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(calls('StartJob')).toHaveLength(1);
    const [job, second] = releaseJobs();
    expect(second).toBeUndefined();
    expect(result.outputs).toMatchObject({ 'job-id': job?.jobId, 'job-status': 'SUCCEED' });
    expect(summaryText(result.summary)).toMatch(
      /The answer to StartJob was lost .* RELEASE job \d+ appeared on the branch since the request: it is this run's build/,
    );
  });

  it('lost after Amplify acted, and the next ListJobs answered by a replica that has not seen the job yet: read again, found, none sent again', async () => {
    // When StartJob arrives, the ListJobs after it is made stale (the one before it must not take the rule).
    loseStartAnswerWithStaleLists(1);
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(calls('StartJob')).toHaveLength(1);
    expect(releaseJobs()).toHaveLength(1);
    expect(result.outputs['job-id']).toBe(releaseJobs()[0]?.jobId);
  });

  it("lost after Amplify acted, the list lagging for every read, and the next StartJob refused: the refusal's job is this run's", async () => {
    // Amplify refuses a second job while one runs (the other reading of StartJob on a busy branch): the job the lost
    // request started is then in flight when the list shows it, and it is this run's build, not one to wait out.
    aws.state.startWhileBusy = 'refuse';
    loseStartAnswerWithStaleLists(3);
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(calls('StartJob').map((call) => call.status)).toEqual([500, 429]);
    expect(releaseJobs()).toHaveLength(1);
    expect(result.outputs).toMatchObject({ 'job-id': releaseJobs()[0]?.jobId, 'job-status': 'SUCCEED' });
    expect(summaryText(result.summary)).toMatch(
      /The answer to StartJob was lost .* RELEASE job \d+ appeared on the branch since the request: it is this run's build/,
    );
  });

  /**
   * On a busy branch where Amplify refuses a second job: StartJob 1 is refused (a webhook build runs), and just before
   * StartJob 2 someone else starts a RELEASE job, so StartJob 2 is refused too and that job is waited out. `then`
   * runs at that moment (to set up what StartJob 3 meets). Returns that other job, once made.
   */
  function someoneElseStartsARelease(then: () => void = () => undefined): () => JobState | undefined {
    aws.state.startWhileBusy = 'refuse';
    webhookBuild(OTHER);
    let other: JobState | undefined;
    aws.faults.push({
      kind: 'mutate',
      when: 'after',
      operation: 'StartJob',
      times: 1,
      apply: () =>
        aws.faults.push({
          kind: 'mutate',
          when: 'before',
          operation: 'StartJob',
          times: 1,
          apply: () => {
            other = createJob(
              branch(),
              { jobType: 'RELEASE', commitId: OTHER, commitMessage: 'x' },
              aws.state.now(),
            );
            then();
          },
        }),
    });
    return () => other;
  }

  it("no answer lost: a RELEASE job someone else starts while this run waits (Amplify refusing) is waited out, not taken for this run's", async () => {
    const other = someoneElseStartsARelease();
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(calls('StartJob').map((call) => call.status)).toEqual([429, 429, 200]);
    const ours = releaseJobs().find((job) => job !== other());
    expect(result.outputs['job-id']).toBe(ours?.jobId);
    expect(summaryText(result.summary)).not.toContain('was lost');
  });

  it("lost before Amplify acted, after a RELEASE job someone else started was waited out: that job is not taken for this run's", async () => {
    // StartJob 3's connection drops before Amplify sees it.
    const other = someoneElseStartsARelease(() =>
      aws.faults.push({ kind: 'reset', operation: 'StartJob', times: 1 }),
    );
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(calls('StartJob')).toHaveLength(4);
    const ours = releaseJobs().filter((job) => job !== other());
    expect(ours).toHaveLength(1);
    expect(result.outputs).toMatchObject({ 'job-id': ours[0]?.jobId, 'job-status': 'SUCCEED' });
    expect(summaryText(result.summary)).not.toContain(`RELEASE job ${other()?.jobId} appeared`);
  });

  it('lost before Amplify acted: the list shows no new job, so StartJob is sent again, once', async () => {
    aws.faults.push({ kind: 'reset', operation: 'StartJob', times: 1 });
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(calls('StartJob')).toHaveLength(2);
    expect(releaseJobs()).toHaveLength(1);
  });

  it('lost before Amplify acted, on a branch with earlier builds: none of them is taken for this run’s', async () => {
    await run({ 'auto-build': 'off', deploy: 'wait' });
    webhookBuild(OTHER);
    aws.advanceJobs(600);
    const earlier = branch().jobs.map((job) => job.jobId);
    expect(branch().jobs.map((job) => [job.jobType, job.status])).toEqual([
      ['RELEASE', 'SUCCEED'],
      ['WEB_HOOK', 'SUCCEED'],
    ]);
    aws.faults.push({ kind: 'reset', operation: 'StartJob', times: 1 });
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(calls('StartJob')).toHaveLength(3);
    const ours = releaseJobs().at(-1);
    expect(earlier).not.toContain(ours?.jobId);
    expect(result.outputs).toMatchObject({ 'job-id': ours?.jobId, 'job-status': 'SUCCEED' });
  });

  it('lost before Amplify acted, while a push started a webhook build: that build is not taken for this run’s', async () => {
    aws.faults.push(
      {
        kind: 'mutate',
        when: 'before',
        operation: 'StartJob',
        times: 1,
        apply: () => {
          webhookBuild(OTHER);
          branch().enableAutoBuild = false;
        },
      },
      { kind: 'reset', operation: 'StartJob', times: 1 },
    );
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(calls('StartJob')).toHaveLength(2);
    const [ours] = releaseJobs();
    expect(result.outputs).toMatchObject({ 'job-id': ours?.jobId, 'job-status': 'SUCCEED' });
  });

  it('lost before Amplify acted, three times: stops there, says no job was started', async () => {
    aws.faults.push({ kind: 'reset', operation: 'StartJob' });
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(1);
    expect(calls('StartJob')).toHaveLength(3);
    expect(releaseJobs()).toHaveLength(0);
    expect(annotations(result.stdout)).toEqual([
      expect.stringMatching(/amplify:StartJob.* No job was started\.$/),
    ]);
  });

  it('lost, and the branch cannot be listed: stops, says a build may have started, starts nothing more', async () => {
    // (Rules run in order, and the error decides the answer, so the change of state comes first.)
    aws.faults.push(
      {
        kind: 'mutate',
        when: 'after',
        operation: 'StartJob',
        apply: (state) => state.deny.push('amplify:ListJobs'),
      },
      {
        kind: 'error',
        operation: 'StartJob',
        status: 500,
        code: 'InternalFailureException',
        afterHandler: true,
      },
    );
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(1);
    expect(calls('StartJob')).toHaveLength(1);
    expect(releaseJobs()).toHaveLength(1);
    expect(annotations(result.stdout)).toContainEqual(
      'A build may have started and the branch could not be listed to tell: check its jobs in the Amplify console before re-running.',
    );
  });
});

describe('the account’s concurrent builds (LimitExceededException)', () => {
  it('the quota is full with other branches’ builds: waits within wait-minutes, says why once, then builds', async () => {
    // The branch has built before: a finished build of its own is not one to wait for.
    webhookBuild(OTHER);
    aws.advanceJobs(600);
    aws.state.concurrentJobsQuota = 1;
    const staging = branch('staging');
    staging.enableAutoBuild = true;
    const other = aws.push(APP, 'staging', { commitId: OTHER });
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(0);
    expect(other?.status).toBe('SUCCEED');
    expect(releaseJobs()[0]?.status).toBe('SUCCEED');
    const refused = calls('StartJob').filter((request) => request.status === 429);
    expect(refused.length).toBeGreaterThan(1);
    const cause =
      "the account's concurrent builds in this region (a quota, 5 by default) are all taken by other branches or apps";
    expect(summaryListItems(result.summary).filter((item) => item.includes(cause))).toEqual([
      expect.stringMatching(
        /^Amplify refused StartJob \(LimitExceededException: .*; waited for a free build slot\.$/,
      ),
    ]);
    expect(result.stdout.split(cause).length - 1).toBe(1);
    expect(result.stdout).toContain(`${cause}. Waiting for one to finish, within \`wait-minutes\`.`);
  });

  it('the quota stays full past wait-minutes: no job started, and the error names the quota', async () => {
    aws.state.concurrentJobsQuota = 1;
    aws.state.jobTimings.build = 3 * 3600;
    branch('staging').enableAutoBuild = true;
    aws.push(APP, 'staging', { commitId: OTHER });
    const result = await run({ 'auto-build': 'off', deploy: 'wait', 'wait-minutes': '2' });
    expect(result.exitCode).toBe(1);
    expect(releaseJobs()).toHaveLength(0);
    expect(result.outputs['job-id']).toBe('');
    expect(annotations(result.stdout)).toEqual([
      `No job was started: the account's concurrent builds quota stayed full for 2 minutes (\`wait-minutes\`). Wait for other builds to finish or ask for a higher "Concurrent jobs" quota in Service Quotas, then re-run.`,
    ]);
  });
});

describe('outputs that always name the job', () => {
  it('GetJob fails while the build is followed: the step fails, and the outputs and summary name the job as last seen', async () => {
    // The read-back and three looks answer (PENDING, PROVISIONING, PROVISIONING, RUNNING); every later one fails.
    let looks = 0;
    aws.faults.push({
      kind: 'mutate',
      when: 'before',
      operation: 'GetJob',
      apply: () => {
        if (++looks === 4) {
          aws.faults.push({
            kind: 'error',
            operation: 'GetJob',
            status: 500,
            code: 'InternalFailureException',
          });
        }
      },
    });
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(1);
    const [job] = releaseJobs();
    expect(result.outputs).toMatchObject({
      'job-id': job?.jobId,
      'job-url': jobUrl(job),
      'job-status': 'RUNNING',
    });
    expect(summaryText(result.summary)).toMatch(
      new RegExp(`RELEASE job ${job?.jobId} \\(started by this run`),
    );
  });

  it('the branch is deleted while the build is followed: the outputs still name the job', async () => {
    aws.faults.push({
      kind: 'mutate',
      when: 'before',
      operation: 'GetJob',
      times: 1,
      apply: (state) => {
        const app = state.app(APP);
        if (app) app.branches = app.branches.filter((candidate) => candidate.branchName !== 'main');
      },
    });
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs['job-id']).toMatch(/^\d+$/);
    expect(annotations(result.stdout)).toEqual([expect.stringContaining('amplify:GetJob')]);
  });

  it('a job ID that is not a job number: job-url stays empty, with a warning', async () => {
    const webhook = webhookBuild(SHA);
    webhook.jobId = 'not-a-number';
    await run({});
    const result = await run({ deploy: 'start' });
    expect(result.outputs).toMatchObject({ 'job-id': 'not-a-number', 'job-url': '' });
    expect(annotations(result.stdout, 'warning')).toContainEqual(
      'Amplify answered a job ID "not-a-number" that is not a job number, so the `job-url` output is left empty.',
    );
  });
});

describe('credentials that end before the wait could', () => {
  it('warns at the start, naming the time the credentials expire', async () => {
    const expiry = new Date(Date.now() + 10 * 60_000).toISOString();
    const result = await run(
      { 'auto-build': 'off', deploy: 'start' },
      {},
      { AWS_CREDENTIAL_EXPIRATION: expiry },
    );
    expect(result.exitCode).toBe(0);
    expect(annotations(result.stdout, 'warning')).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^The AWS credentials expire at ${expiry.slice(0, 16)}.*before this step's \`wait-minutes\` \\(30\\) could end.*\`role-duration-seconds\``,
        ),
      ),
    );
  });

  it('says nothing when they outlast the wait', async () => {
    const expiry = new Date(Date.now() + 2 * 3600_000).toISOString();
    const result = await run(
      { 'auto-build': 'off', deploy: 'start' },
      {},
      { AWS_CREDENTIAL_EXPIRATION: expiry },
    );
    expect(annotations(result.stdout, 'warning')).toEqual([]);
  });

  it('credentials that expire mid-wait: the error says they expired and how to lengthen them', async () => {
    aws.faults.push({
      kind: 'error',
      operation: 'GetJob',
      status: 403,
      code: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
    });
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(1);
    const [message] = annotations(result.stdout);
    expect(message).toContain('The AWS credentials expired before amplify:GetJob');
    expect(message).toContain('`role-duration-seconds`');
    expect(message).not.toContain('add aws-actions/configure-aws-credentials');
  });
});

describe('a push that deleted its branch', () => {
  it('creates, writes and builds nothing, and says why', async () => {
    const before = aws.requests.length;
    const result = await run(
      { 'create-branch': 'true', deploy: 'start' },
      { ref: 'refs/heads/feature/gone', payload: { deleted: true, head_commit: null } },
    );
    expect(result.exitCode).toBe(0);
    expect(aws.requests.slice(before)).toEqual([]);
    expect(result.stdout).toContain(
      'Skipped: this push deleted branch feature/gone; there is nothing to write or build for it.',
    );
    expect(summaryText(result.summary)).toMatch(
      /Skipped: this push deleted branch feature\/gone ?, so there is nothing to write or build for it\./,
    );
    expect(result.outputs.environment).toBe('');
  });
});

describe('refused early, before any write', () => {
  it('deploy on an app with no repository (a manual-deploy app)', async () => {
    const app = aws.state.app(APP);
    if (app) app.repository = '';
    const result = await run({ 'auto-build': 'off', deploy: 'wait' });
    expect(result.exitCode).toBe(1);
    expect(calls('UpdateBranch')).toHaveLength(0);
    expect(calls('StartJob')).toHaveLength(0);
    expect(annotations(result.stdout)).toEqual([
      `Amplify app ${APP} (us-east-1) is not connected to a git repository (a manual-deploy app), so it has no RELEASE builds to start: set \`deploy: none\` and deploy its files with Amplify's manual deployments, or connect the app to its repository.`,
    ]);
  });
});

describe('an Amplify call that AWS refuses names the call and what it was for', () => {
  const refused = (action: string, what: string) =>
    expect.stringContaining(`AWS denied ${action} on ${what} (AccessDeniedException: `);

  it.each([
    ['amplify:GetApp', `Amplify app ${APP} (us-east-1)`],
    ['amplify:GetBranch', `Amplify branch "main" of app ${APP} (us-east-1)`],
  ])('%s: stops before any write, and does not say the app or branch is missing', async (action, what) => {
    aws.state.deny.push(action);
    const result = await run({ deploy: 'wait' });
    expect(result.exitCode).toBe(1);
    const errors = annotations(result.stdout);
    expect(errors).toContainEqual(refused(action, what));
    expect(errors.join('\n')).not.toContain('does not exist');
    expect(calls('UpdateBranch')).toHaveLength(0);
    expect(calls('StartJob')).toHaveLength(0);
  });

  it('amplify:CreateBranch: the branch is not created, nothing is built', async () => {
    aws.state.deny.push('amplify:CreateBranch');
    const result = await run(
      { 'create-branch': 'true', deploy: 'wait' },
      { ref: 'refs/heads/feature/brand-new' },
    );
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toContainEqual(
      refused('amplify:CreateBranch', `Amplify branch "feature/brand-new" of app ${APP} (us-east-1)`),
    );
    expect(aws.state.branch(APP, 'feature/brand-new')).toBeUndefined();
    expect(calls('StartJob')).toHaveLength(0);
    expect(result.outputs['branch-created']).not.toBe('true');
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

  it('creates a missing branch with the variables and the production branch’s framework, auto-build off, and builds it', async () => {
    const production = aws.state.app(APP)?.branches.find((candidate) => candidate.stage === 'PRODUCTION');
    if (!production) throw new Error('no production branch');
    production.framework = 'Next.js - SSR';
    const result = await run(
      { 'create-branch': 'true', deploy: 'wait' },
      { ref: 'refs/heads/feature/brand-new' },
    );
    expect(annotations(result.stdout)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(calls('CreateBranch')).toHaveLength(1);
    expect(calls('CreateBranch')[0]?.input).toMatchObject({
      branchName: 'feature/brand-new',
      enableAutoBuild: false,
      stage: 'DEVELOPMENT',
      framework: 'Next.js - SSR',
      environmentVariables: expect.objectContaining({ USER_POOL_ID: 'us-east-1_DeV12345x' }),
    });
    expect(calls('UpdateBranch')).toHaveLength(0);
    expect(result.outputs).toMatchObject({
      'branch-created': 'true',
      'deployment-url': `https://feature-brand-new.${APP}.amplifyapp.com`,
      'job-status': 'SUCCEED',
    });
    expect(summaryText(result.summary)).toMatch(
      new RegExp(`Framework Next\\.js - SSR ?, from the production branch ${production.branchName}\\.`),
    );
  });

  it('creates a missing branch of a protected environment at stage PRODUCTION, unless `stage` says otherwise', async () => {
    aws.state.deleteBranch(APP, 'main');
    const result = await run({ 'create-branch': 'true' });
    expect(annotations(result.stdout)).toEqual([]);
    expect(calls('CreateBranch')[0]?.input).toMatchObject({ branchName: 'main', stage: 'PRODUCTION' });

    aws.state.deleteBranch(APP, 'main');
    await run({ 'create-branch': 'true', stage: 'BETA' });
    expect(calls('CreateBranch')[1]?.input).toMatchObject({ branchName: 'main', stage: 'BETA' });
  });

  it('creates a branch with the framework input, which wins over the production branch’s', async () => {
    const result = await run(
      { 'create-branch': 'true', framework: 'React' },
      { ref: 'refs/heads/feature/brand-new' },
    );
    expect(result.exitCode).toBe(0);
    expect(calls('CreateBranch')[0]?.input).toMatchObject({ framework: 'React' });
    expect(summaryText(result.summary)).toMatch(/Framework React ?, from the framework input\./);
  });

  it('creates a branch on an app with no production branch: no framework is sent, and the summary says why', async () => {
    const production = aws.state.app(APP)?.branches.find((candidate) => candidate.stage === 'PRODUCTION');
    if (!production) throw new Error('no production branch');
    production.stage = 'BETA';
    const result = await run({ 'create-branch': 'true' }, { ref: 'refs/heads/feature/brand-new' });
    expect(result.exitCode).toBe(0);
    expect(calls('CreateBranch')).toHaveLength(1);
    expect(calls('CreateBranch')[0]?.input).not.toHaveProperty('framework');
    expect(aws.state.branch(APP, 'feature/brand-new')?.environmentVariables.USER_POOL_ID).toBeDefined();
    expect(summaryText(result.summary)).toContain(
      'No framework set: the app has no production branch to copy it from, and the framework input is empty.',
    );
  });

  it('a CreateBranch whose answer is lost after Amplify created it: branch-created is true', async () => {
    aws.faults.push({
      kind: 'error',
      operation: 'CreateBranch',
      status: 500,
      code: 'InternalFailureException',
      afterHandler: true,
      times: 1,
    });
    const result = await run({ 'create-branch': 'true' }, { ref: 'refs/heads/feature/brand-new' });
    expect(result.exitCode).toBe(0);
    expect(calls('CreateBranch')).toHaveLength(1);
    expect(result.outputs).toMatchObject({ 'branch-created': 'true', changed: 'true' });
    expect(aws.state.branchVariables(APP, 'feature/brand-new').USER_POOL_ID).toBe('us-east-1_DeV12345x');
  });

  it.each([
    ['dry-run: true', { 'dry-run': 'true' }],
    ['mode: check', { mode: 'check' }],
  ])('%s creates, starts and stops nothing, and says what it would do', async (_, inputs) => {
    webhookBuild(SHA);
    const result = await run({ ...inputs, deploy: 'wait', 'auto-build': 'off' });
    expect(['StartJob', 'StopJob', 'CreateBranch', 'UpdateBranch'].flatMap((op) => calls(op))).toEqual([]);
    // What a real run would do, each said once (check mode lists its drift too).
    const wouldDo = summaryListItems(result.summary).filter((item) => !item.includes('Drift'));
    expect(wouldDo).toEqual([
      "Turn the branch's auto-build off.",
      "Have one build run on the verified values: a RELEASE job (it builds the branch's latest commit), or a build of commit c0ffee0 already in flight on unchanged values, followed to its end (deploy: wait).",
    ]);
  });

  it('refuses bad values for the new inputs before anything is read or written', async () => {
    const result = await run({
      deploy: 'later',
      'wait-minutes': '-1',
      'poll-seconds': '1',
      'auto-build': 'maybe',
      stage: 'prod',
    });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'Input `deploy` is "later"; it takes one of: none, start, wait.',
      'Input `wait-minutes` is "-1"; it takes a number above 0 and at most 360, such as 30.',
      'Input `poll-seconds` is "1"; it takes a number from 5 to 3600, such as 10.',
      'Input `stage` is "prod"; it takes one of: PRODUCTION, BETA, DEVELOPMENT, EXPERIMENTAL, PULL_REQUEST.',
      'Input `auto-build` is "maybe"; it takes one of: keep, off, on.',
    ]);
    expect(aws.requests).toHaveLength(0);
  });
});
