// Amplify build jobs in the local AWS endpoint, on its virtual clock, through the real SDK v3 client.
import { readFileSync } from 'node:fs';
import {
  type AmplifyClient,
  CreateBranchCommand,
  GetAppCommand,
  GetBranchCommand,
  GetJobCommand,
  type Job,
  ListBranchesCommand,
  ListJobsCommand,
  paginateListJobs,
  StartJobCommand,
  StopJobCommand,
  UpdateBranchCommand,
} from '@aws-sdk/client-amplify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSeed, type Seed, sampleSeedPath } from '../local-aws/seed.ts';
import { type LocalAws, type LocalAwsOptions, startLocalAws } from '../local-aws/server.ts';
import { clientsFor, failure } from './support/sdk.ts';

const appId = 'd1exampleapp01';

let aws: LocalAws;
let amplify: AmplifyClient;

async function start(options: LocalAwsOptions = {}) {
  await aws?.close();
  aws = await startLocalAws(options);
  amplify = clientsFor(aws, { maxAttempts: 1 }).amplify; // one attempt: a 429 is seen as it is answered
}

beforeEach(() => start());
afterEach(() => aws.close());

async function startJob(
  branchName: string,
  input: { commitId?: string; commitMessage?: string; jobType?: string; jobId?: string } = {},
) {
  const { jobSummary } = await amplify.send(
    new StartJobCommand({ appId, branchName, jobType: 'RELEASE', ...input } as never),
  );
  return jobSummary;
}

async function getJob(branchName: string, jobId: string): Promise<Job> {
  const { job } = await amplify.send(new GetJobCommand({ appId, branchName, jobId }));
  if (!job) throw new Error('GetJob answered no job');
  return job;
}

/** The job as `status step:status …`, e.g. `RUNNING BUILD:SUCCEED DEPLOY:RUNNING`. */
async function progress(branchName: string, jobId: string): Promise<string> {
  const job = await getJob(branchName, jobId);
  return [job.summary?.status, ...(job.steps ?? []).map((step) => `${step.stepName}:${step.status}`)].join(
    ' ',
  );
}

const seconds = (date: Date | undefined) => (date?.getTime() ?? Number.NaN) / 1000;

describe('a job on the virtual clock', () => {
  it('goes PENDING → PROVISIONING → RUNNING (BUILD, DEPLOY, VERIFY) → SUCCEED as the clock moves', async () => {
    expect(aws.state.jobTimings).toEqual({
      pending: 10,
      provisioning: 20,
      build: 120,
      deploy: 60,
      verify: 10,
    });
    const summary = await startJob('staging', { commitId: 'c0ffee1' });
    // Nothing was pushed to staging: the RELEASE records HEAD, not the commitId it was given (see below).
    expect(summary).toMatchObject({ jobId: '1', status: 'PENDING', jobType: 'RELEASE', commitId: 'HEAD' });
    expect(summary?.jobArn).toBe(
      `arn:aws:amplify:us-east-1:111122223333:apps/${appId}/branches/staging/jobs/1`,
    );

    const seen = [await progress('staging', '1')];
    for (const step of [10, 20, 120, 60, 10]) {
      aws.advanceJobs(step);
      seen.push(await progress('staging', '1'));
    }
    expect(seen).toEqual([
      'PENDING',
      'PROVISIONING',
      'RUNNING BUILD:RUNNING',
      'RUNNING BUILD:SUCCEED DEPLOY:RUNNING',
      'RUNNING BUILD:SUCCEED DEPLOY:SUCCEED VERIFY:RUNNING',
      'SUCCEED BUILD:SUCCEED DEPLOY:SUCCEED VERIFY:SUCCEED',
    ]);

    // Each step starts when the one before ends; the job ends with VERIFY, 220 virtual seconds after it started.
    const job = await getJob('staging', '1');
    const t0 = seconds(job.summary?.startTime);
    expect(job.steps?.map((step) => [seconds(step.startTime) - t0, seconds(step.endTime) - t0])).toEqual([
      [30, 150],
      [150, 210],
      [210, 220],
    ]);
    expect(seconds(job.summary?.endTime) - t0).toBe(220);
    expect(job.summary?.commitTime).toBeInstanceOf(Date);
  });

  it('answers presigned-looking step links that expire: a later read gets a fresh one', async () => {
    await startJob('feature/login');
    expect((await getJob('feature/login', '1')).steps).toEqual([]); // no step has started
    aws.advanceJobs(30);
    const [build] = (await getJob('feature/login', '1')).steps ?? [];
    expect(build?.logUrl).toMatch(
      /^https:\/\/aws-amplify-prod-us-east-1-artifacts\.s3\.amazonaws\.com\/d1exampleapp01\/feature%2Flogin\/1\/BUILD\/log\.txt\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[^&]+&X-Amz-Date=\d{8}T\d{6}Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{64}$/,
    );
    expect(build?.artifactsUrl).toContain('/feature%2Flogin/1/BUILD/artifacts.zip?');
    expect(build).not.toHaveProperty('endTime');
    aws.advanceJobs(20 * 60);
    const [later] = (await getJob('feature/login', '1')).steps ?? [];
    const date = (url: string | undefined) => new URL(url ?? '').searchParams.get('X-Amz-Date');
    expect(date(later?.logUrl)).not.toBe(date(build?.logUrl));
    expect(later?.logUrl).not.toBe(build?.logUrl);
  });

  it('jobSecondsPerPoll: every GetJob moves the clock, so a poller sees the job through to its end', async () => {
    await start({ jobSecondsPerPoll: 15 });
    await startJob('staging');
    const seen: string[] = [];
    let polls = 0;
    while (!seen.at(-1)?.startsWith('SUCCEED')) {
      const now = await progress('staging', '1');
      polls++;
      if (now !== seen.at(-1)) seen.push(now);
      if (polls > 100) throw new Error('the job never finished');
    }
    expect(seen).toEqual([
      'PROVISIONING',
      'RUNNING BUILD:RUNNING',
      'RUNNING BUILD:SUCCEED DEPLOY:RUNNING',
      'RUNNING BUILD:SUCCEED DEPLOY:SUCCEED VERIFY:RUNNING',
      'SUCCEED BUILD:SUCCEED DEPLOY:SUCCEED VERIFY:SUCCEED',
    ]);
    expect(polls).toBe(Math.ceil(220 / 15));
  });

  it('a mutate rule on GetJob drives the clock too; without either, nothing moves', async () => {
    await startJob('staging');
    for (let i = 0; i < 3; i++) expect(await progress('staging', '1')).toBe('PENDING');
    aws.faults.push({
      kind: 'mutate',
      when: 'before',
      operation: 'GetJob',
      apply: () => aws.advanceJobs(100),
    });
    expect(await progress('staging', '1')).toBe('RUNNING BUILD:RUNNING');
    expect(await progress('staging', '1')).toBe('RUNNING BUILD:SUCCEED DEPLOY:RUNNING');
    expect(await progress('staging', '1')).toBe('SUCCEED BUILD:SUCCEED DEPLOY:SUCCEED VERIFY:SUCCEED');
  });
});

describe('one build at a time per branch', () => {
  it("startWhileBusy 'refuse': StartJob (RELEASE, MANUAL, RETRY) while a job is in flight is LimitExceededException 429", async () => {
    aws.state.startWhileBusy = 'refuse';
    await startJob('main', { commitId: 'next' }); // job 2; the seed's job 1 has finished
    const refusals = async () => {
      const answers = [];
      for (const input of [{}, { jobType: 'MANUAL' }, { jobType: 'RETRY', jobId: '1' }]) {
        const error = await failure(startJob('main', input));
        answers.push([error.name, error.$metadata.httpStatusCode]);
      }
      return answers;
    };
    const refused = [
      ['LimitExceededException', 429],
      ['LimitExceededException', 429],
      ['LimitExceededException', 429],
    ];
    expect(await refusals()).toEqual(refused); // PENDING
    aws.advanceJobs(100);
    expect(await refusals()).toEqual(refused); // RUNNING
    await amplify.send(new StopJobCommand({ appId, branchName: 'main', jobId: '2' }));
    expect(await refusals()).toEqual(refused); // CANCELLING: still in flight
    aws.advanceJobs(1);
    // Free again; a RETRY builds the commit of the job it retries.
    const retry = await startJob('main', { jobType: 'RETRY', jobId: '1' });
    expect(retry).toMatchObject({
      jobId: '3',
      jobType: 'RETRY',
      commitId: '3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39',
    });
    expect(aws.state.branch(appId, 'main')?.jobs).toHaveLength(3);
    aws.advanceJobs(10);
    expect(aws.state.job(appId, 'main', '3')?.builtCommitId).toBe('3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39');
  });

  it('a push builds a WEB_HOOK job when auto-build is on, and nothing when it is off', async () => {
    const job = aws.push(appId, 'staging', { commitId: 'push1', commitMessage: 'Fix checkout' });
    expect(job).toMatchObject({ jobId: '1', jobType: 'WEB_HOOK', status: 'PENDING', commitId: 'push1' });
    expect(await getJob('staging', '1')).toMatchObject({
      summary: { jobType: 'WEB_HOOK', status: 'PENDING', commitId: 'push1', commitMessage: 'Fix checkout' },
    });

    await amplify.send(
      new UpdateBranchCommand({ appId, branchName: 'feature/login', enableAutoBuild: false }),
    );
    expect(aws.push(appId, 'feature/login', { commitId: 'push2', commitMessage: 'WIP' })).toBeUndefined();
    const { jobSummaries } = await amplify.send(new ListJobsCommand({ appId, branchName: 'feature/login' }));
    expect(jobSummaries).toEqual([]);
    // The pipeline's own RELEASE, without a commitId, builds the commit pushed last.
    expect(await startJob('feature/login')).toMatchObject({ jobType: 'RELEASE', commitId: 'push2' });
  });

  it('a webhook job waits behind a running job, follows newer pushes while PENDING, then runs', async () => {
    await startJob('staging', { commitId: 'release1' }); // job 1
    aws.advanceJobs(40);
    aws.push(appId, 'staging', { commitId: 'push2', commitMessage: 'second' }); // job 2, queued
    aws.push(appId, 'staging', { commitId: 'push3', commitMessage: 'third' }); // moves job 2 to push3
    const queued = await getJob('staging', '2');
    expect(queued.summary).toMatchObject({ status: 'PENDING', commitId: 'push3', commitMessage: 'third' });
    expect(aws.state.branch(appId, 'staging')?.jobs).toHaveLength(2);

    // Job 1 ends 220 s after its start; job 2 has waited all along and only now begins its 10 s of PENDING.
    aws.advanceJobs(185);
    expect(await progress('staging', '1')).toMatch(/^SUCCEED/);
    expect(await progress('staging', '2')).toBe('PENDING');
    aws.advanceJobs(10);
    expect(await progress('staging', '2')).toBe('PROVISIONING');

    // Job 2 has left PENDING: its commit is fixed, and the next push queues job 3 behind it.
    const third = aws.push(appId, 'staging', { commitId: 'push4' });
    expect(third).toMatchObject({ jobId: '3', jobType: 'WEB_HOOK', status: 'PENDING' });
    expect((await getJob('staging', '2')).summary?.commitId).toBe('push3');

    aws.advanceJobs(3600);
    const first = await getJob('staging', '1');
    const second = await getJob('staging', '2');
    expect(seconds(second.steps?.[0]?.startTime) - seconds(first.summary?.endTime)).toBe(30);
    const { jobSummaries } = await amplify.send(new ListJobsCommand({ appId, branchName: 'staging' }));
    expect(jobSummaries?.map((job) => [job.jobId, job.commitId, job.status])).toEqual([
      ['3', 'push4', 'SUCCEED'],
      ['2', 'push3', 'SUCCEED'],
      ['1', 'HEAD', 'SUCCEED'], // a RELEASE before any push: the head is not known
    ]);
  });
});

describe('what a build used', () => {
  const write = (environmentVariables: Record<string, string>) =>
    amplify.send(new UpdateBranchCommand({ appId, branchName: 'staging', environmentVariables }));

  it('variablesSeen is the branch map as it was when the job left PENDING', async () => {
    await write({ USER_POOL_ID: 'before-start' });
    await startJob('staging');
    await write({ USER_POOL_ID: 'while-pending' });
    aws.advanceJobs(5);
    await write({ USER_POOL_ID: 'last-write-while-pending' });
    expect(aws.state.job(appId, 'staging', '1')?.variablesSeen).toBeUndefined();
    aws.advanceJobs(5); // PENDING → PROVISIONING
    await write({ USER_POOL_ID: 'after-start' });
    aws.advanceJobs(3600);
    expect(aws.state.job(appId, 'staging', '1')).toMatchObject({
      status: 'SUCCEED',
      variablesSeen: { USER_POOL_ID: 'last-write-while-pending' },
    });
  });

  it('the race: a webhook build that started before the workflow wrote the values used the old ones', async () => {
    aws.push(appId, 'staging', { commitId: 'abc' });
    aws.advanceJobs(10); // the webhook build leaves PENDING at once: the branch was free
    expect(await progress('staging', '1')).toBe('PROVISIONING');
    await write({ ...aws.state.branchVariables(appId, 'staging'), USER_POOL_ID: 'new' });
    expect(aws.state.job(appId, 'staging', '1')?.variablesSeen).not.toHaveProperty('USER_POOL_ID');
    // Only a build that starts after the write uses the new value.
    aws.advanceJobs(3600);
    await startJob('staging', { commitId: 'abc' });
    aws.advanceJobs(3600);
    expect(aws.state.job(appId, 'staging', '2')?.variablesSeen).toHaveProperty('USER_POOL_ID', 'new');
  });
});

describe('stopping and failing', () => {
  it('StopJob: PENDING → CANCELLED at once; RUNNING → CANCELLING → CANCELLED; finished → 400', async () => {
    await startJob('staging'); // job 1
    const stopped = await amplify.send(new StopJobCommand({ appId, branchName: 'staging', jobId: '1' }));
    expect(stopped.jobSummary?.status).toBe('CANCELLED');
    expect((await getJob('staging', '1')).steps).toEqual([]);

    await startJob('staging'); // job 2
    aws.advanceJobs(60);
    const stopping = await amplify.send(new StopJobCommand({ appId, branchName: 'staging', jobId: '2' }));
    expect(stopping.jobSummary?.status).toBe('CANCELLING');
    expect(await progress('staging', '2')).toBe('CANCELLING BUILD:RUNNING'); // until the clock moves
    aws.advanceJobs(1);
    expect(await progress('staging', '2')).toBe('CANCELLED BUILD:CANCELLED');
    const job = await getJob('staging', '2');
    expect(job.steps?.[0]?.endTime).toEqual(job.summary?.endTime);

    const finished = await failure(
      amplify.send(new StopJobCommand({ appId, branchName: 'staging', jobId: '2' })),
    );
    expect([finished.name, finished.$metadata.httpStatusCode]).toEqual(['BadRequestException', 400]);
  });

  it('stopping the running job lets the queued webhook job run', async () => {
    await startJob('staging');
    aws.advanceJobs(60);
    aws.push(appId, 'staging', { commitId: 'queued' });
    await amplify.send(new StopJobCommand({ appId, branchName: 'staging', jobId: '1' }));
    aws.advanceJobs(10);
    expect(await progress('staging', '1')).toBe('CANCELLED BUILD:CANCELLED');
    expect(await progress('staging', '2')).toBe('PROVISIONING');
  });

  it('failNextJob at DEPLOY: BUILD SUCCEED, DEPLOY FAILED, no VERIFY, job FAILED; the flag is used once', async () => {
    await startJob('staging'); // job 1 is already counting when the flag is set: it leaves PENDING after
    aws.state.failNextJob(appId, 'staging', undefined, 'DEPLOY');
    aws.advanceJobs(3600);
    expect(await progress('staging', '1')).toBe('FAILED BUILD:SUCCEED DEPLOY:FAILED');
    const job = await getJob('staging', '1');
    expect(job.summary?.endTime).toEqual(job.steps?.[1]?.endTime);

    await startJob('staging'); // job 2
    aws.advanceJobs(3600);
    expect(await progress('staging', '2')).toMatch(/^SUCCEED/);

    await startJob('staging'); // job 3: past PENDING before the flag is set, so it is not the one that fails
    aws.advanceJobs(30);
    aws.state.failNextJob(appId, 'staging');
    aws.advanceJobs(3600);
    expect(await progress('staging', '3')).toMatch(/^SUCCEED/);
    await startJob('staging');
    aws.advanceJobs(3600);
    expect(await progress('staging', '4')).toBe('FAILED BUILD:FAILED');
  });
});

describe('ListJobs', () => {
  /** Runs three more jobs on main (the seed has one): IDs 1–4. */
  async function fourJobs() {
    for (const commitId of ['b', 'c', 'd']) {
      await startJob('main', { commitId });
      aws.advanceJobs(3600);
    }
  }

  it('answers newest first, one per page with maxResults 1, following the opaque nextToken', async () => {
    await fourJobs();
    const ids: string[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await amplify.send(
        new ListJobsCommand({ appId, branchName: 'main', maxResults: 1, nextToken }),
      );
      ids.push((page.jobSummaries ?? []).map((job) => job.jobId ?? ''));
      nextToken = page.nextToken;
      if (nextToken) expect(nextToken).not.toMatch(/^\d+$/);
    } while (nextToken);
    expect(ids).toEqual([['4'], ['3'], ['2'], ['1']]);
    const tooMany = await failure(
      amplify.send(new ListJobsCommand({ appId, branchName: 'main', maxResults: 51 })),
    );
    expect(tooMany.name).toBe('BadRequestException');
  });

  it('a server maxPageSize caps every page; the SDK paginator still sees every job once', async () => {
    await start({ maxPageSize: 3 });
    await fourJobs();
    const pages: string[][] = [];
    for await (const page of paginateListJobs(
      { client: amplify },
      { appId, branchName: 'main', maxResults: 50 },
    )) {
      pages.push((page.jobSummaries ?? []).map((job) => job.jobId ?? ''));
    }
    expect(pages).toEqual([['4', '3', '2'], ['1']]);
  });
});

describe('seed and control surface', () => {
  it('a seed sets the timings and the poll step, and catches an unfinished job at load', async () => {
    await start({
      seed: {
        account: '111122223333',
        jobTimings: { build: 30 },
        jobSecondsPerPoll: 5,
        regions: {
          'us-east-1': {
            amplifyApps: [
              {
                appId,
                name: 'seeded',
                branches: [
                  {
                    name: 'main',
                    environmentVariables: { A: '1' },
                    jobs: [
                      { status: 'FAILED' },
                      { status: 'RUNNING' },
                      { status: 'PENDING', jobType: 'WEB_HOOK' },
                    ],
                  },
                ],
              },
            ],
          },
        },
      },
    });
    expect(aws.state.jobTimings).toEqual({
      pending: 10,
      provisioning: 20,
      build: 30,
      deploy: 60,
      verify: 10,
    });
    // Job 2 was caught RUNNING at load: its BUILD (30 s) ends on the 6th GetJob, each moving the clock 5 s.
    expect(aws.state.job(appId, 'main', '2')?.variablesSeen).toEqual({ A: '1' });
    expect(aws.state.job(appId, 'main', '2')?.builtCommitId).toBe(
      aws.state.job(appId, 'main', '2')?.commitId,
    );
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push(await progress('main', '2'));
    expect(seen.slice(4)).toEqual(['RUNNING BUILD:RUNNING', 'RUNNING BUILD:SUCCEED DEPLOY:RUNNING']);
    // Job 1 was replayed from its start by the seed's timings: failed at the end of its 30 s BUILD.
    expect(await progress('main', '1')).toBe('FAILED BUILD:FAILED');
    const failed = await getJob('main', '1');
    expect(seconds(failed.summary?.endTime) - seconds(failed.summary?.startTime)).toBe(60);
    expect(aws.state.job(appId, 'main', '3')?.status).toBe('PENDING');
  });

  it('a seed with two jobs building at once on one branch is refused', () => {
    const seed = {
      account: '111122223333',
      regions: {
        'us-east-1': {
          amplifyApps: [
            {
              appId,
              name: 'x',
              branches: [{ name: 'main', jobs: [{ status: 'RUNNING' }, { status: 'PROVISIONING' }] }],
            },
          ],
        },
      },
    };
    expect(() => loadSeed(seed as never)).toThrow(
      /jobs\[1\]\.status: PROVISIONING, but an older job is unfinished/,
    );
    expect(() => loadSeed({ ...seed, jobTimings: { build: -1 } } as never)).toThrow(/jobTimings\.build/);
  });

  it('POST /_local/push, /_local/advance-jobs and /_local/fail-next-job with a step', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${aws.url}/_local/${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect(
      await (await post('fail-next-job', { appId, branchName: 'staging', step: 'VERIFY' })).json(),
    ).toEqual({
      ok: true,
    });
    expect((await post('fail-next-job', { appId, branchName: 'staging', step: 'TEST' })).status).toBe(400);
    const pushed = await post('push', { appId, branchName: 'staging', commitId: 'from-cli' });
    expect(await pushed.json()).toEqual({ jobId: '1' });
    expect((await post('advance-jobs', { seconds: 3600 })).status).toBe(200);
    expect(await progress('staging', '1')).toBe('FAILED BUILD:SUCCEED DEPLOY:SUCCEED VERIFY:FAILED');
    expect((await post('advance-jobs', { seconds: -1 })).status).toBe(400);
  });
});

/** The sample seed as JSON, for a test to add to. */
const sampleSeed = () => JSON.parse(readFileSync(sampleSeedPath, 'utf8')) as Seed;

async function activeJobIdOf(branchName: string): Promise<string | undefined> {
  const { branch } = await amplify.send(new GetBranchCommand({ appId, branchName }));
  return branch?.activeJobId;
}

/** Turns auto-build off, so a push only moves the branch's head. */
const autoBuildOff = (branchName: string) =>
  amplify.send(new UpdateBranchCommand({ appId, branchName, enableAutoBuild: false }));

describe('RELEASE builds the branch head; commitId is a label', () => {
  it("records the branch's head (HEAD when none is known), whatever commitId the request passes", async () => {
    // staging has never been pushed to: the job records HEAD, as a branch's first build can.
    expect(await startJob('staging', { commitId: 'mine', commitMessage: 'my label' })).toMatchObject({
      jobId: '1',
      commitId: 'HEAD',
    });
    aws.advanceJobs(3600);
    expect(aws.state.job(appId, 'staging', '1')?.builtCommitId).toBe('HEAD');

    await autoBuildOff('staging');
    expect(aws.push(appId, 'staging', { commitId: 'pushed1', commitMessage: 'Pushed' })).toBeUndefined();
    const second = await startJob('staging', { commitId: 'mine', commitMessage: 'my label' });
    expect(second).toMatchObject({ jobId: '2', commitId: 'pushed1', commitMessage: 'Pushed' });
    expect((await getJob('staging', '2')).summary).toMatchObject({
      commitId: 'pushed1',
      commitMessage: 'Pushed',
    });
    const { jobSummaries } = await amplify.send(new ListJobsCommand({ appId, branchName: 'staging' }));
    expect(jobSummaries?.map((job) => job.commitId)).toEqual(['pushed1', 'HEAD']);

    // A seeded branch's head is the commit of its newest seeded job, which built it.
    expect(aws.state.job(appId, 'main', '1')?.builtCommitId).toBe('3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39');
    expect(await startJob('main', { commitId: 'mine' })).toMatchObject({
      commitId: '3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39',
      commitMessage: 'Release 1.4.0',
    });
  });

  it('builds the head as it is when the job leaves PENDING: a push while it waits is what it builds', async () => {
    await autoBuildOff('staging');
    aws.push(appId, 'staging', { commitId: 'first' });
    await startJob('staging'); // job 1 runs
    aws.advanceJobs(40);
    aws.push(appId, 'staging', { commitId: 'second' });
    expect(await startJob('staging', { commitId: 'second' })).toMatchObject({
      jobId: '2',
      commitId: 'second',
    });
    aws.push(appId, 'staging', { commitId: 'third' }); // job 2 is still queued behind job 1
    expect(aws.state.job(appId, 'staging', '2')?.builtCommitId).toBeUndefined();
    aws.advanceJobs(3600);
    expect(aws.state.job(appId, 'staging', '1')).toMatchObject({ commitId: 'first', builtCommitId: 'first' });
    // What Amplify reports for job 2 is the head when it was started; what it built is the head when it began.
    expect(aws.state.job(appId, 'staging', '2')).toMatchObject({
      status: 'SUCCEED',
      commitId: 'second',
      builtCommitId: 'third',
    });
  });

  it("releaseCommitId 'label': the job records the request's commitId, and still builds the head", async () => {
    aws.state.releaseCommitId = 'label';
    await autoBuildOff('staging');
    aws.push(appId, 'staging', { commitId: 'pushed', commitMessage: 'Pushed' });
    expect(await startJob('staging', { commitId: 'mine', commitMessage: 'my label' })).toMatchObject({
      commitId: 'mine',
      commitMessage: 'my label',
    });
    aws.advanceJobs(10);
    expect(aws.state.job(appId, 'staging', '1')?.builtCommitId).toBe('pushed');
    aws.advanceJobs(3600);
    // Without a commitId, the label falls back to the head.
    expect(await startJob('staging')).toMatchObject({
      jobId: '2',
      commitId: 'pushed',
      commitMessage: 'Pushed',
    });
    aws.advanceJobs(3600);
    // A RETRY records the retried job's label, and builds what that job built.
    aws.push(appId, 'staging', { commitId: 'newer' });
    expect(await startJob('staging', { jobType: 'RETRY', jobId: '1' })).toMatchObject({ commitId: 'mine' });
    aws.advanceJobs(3600);
    expect(aws.state.job(appId, 'staging', '3')).toMatchObject({
      status: 'SUCCEED',
      builtCommitId: 'pushed',
    });
  });
});

describe('StartJob length limits (API reference: commitId 255, commitMessage 10000)', () => {
  it.each([
    ['commitId', 255],
    ['commitMessage', 10_000],
  ] as const)('%s: %d characters taken, one more refused', async (member, max) => {
    await autoBuildOff('main');
    expect(await startJob('main', { [member]: 'x'.repeat(max) })).toMatchObject({ jobId: '2' });
    const refused = await failure(startJob('main', { [member]: 'x'.repeat(max + 1) }));
    expect(refused).toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
    expect(refused.message).toContain(`Member must have length less than or equal to ${max}`);
  });
});

describe('a StartJob on a busy branch', () => {
  it('queues a PENDING job behind the one in flight (RELEASE and RETRY); it starts when that one ends', async () => {
    const first = await startJob('staging');
    aws.advanceJobs(40);
    expect(await progress('staging', '1')).toBe('RUNNING BUILD:RUNNING');
    const queued = await startJob('staging');
    const retry = await startJob('staging', { jobType: 'RETRY', jobId: '1' });
    expect([first?.jobId, queued?.jobId, retry?.jobId]).toEqual(['1', '2', '3']);
    expect([await progress('staging', '2'), await progress('staging', '3')]).toEqual(['PENDING', 'PENDING']);
    // Job 1 ends 220 s after it started; job 2 then counts its 10 s of PENDING, job 3 still waits.
    aws.advanceJobs(180);
    expect(await progress('staging', '1')).toMatch(/^SUCCEED/);
    expect(await progress('staging', '2')).toBe('PENDING');
    aws.advanceJobs(10);
    expect([await progress('staging', '2'), await progress('staging', '3')]).toEqual([
      'PROVISIONING',
      'PENDING',
    ]);
    aws.advanceJobs(3600);
    const ends = await Promise.all(['1', '2', '3'].map((id) => getJob('staging', id)));
    expect(ends.map((job) => job.summary?.status)).toEqual(['SUCCEED', 'SUCCEED', 'SUCCEED']);
    // One build at a time: each started after the one before ended.
    for (const [before, after] of [
      [ends[0], ends[1]],
      [ends[1], ends[2]],
    ]) {
      expect(seconds(after?.steps?.[0]?.startTime)).toBeGreaterThanOrEqual(seconds(before?.summary?.endTime));
    }
  });

  it("the account's concurrent builds quota (default 5, queued jobs included) is LimitExceededException", async () => {
    for (const branchName of ['staging', 'staging', 'main', 'main', 'feature/login'])
      await startJob(branchName);
    const refused = await failure(startJob('feature/login'));
    expect([refused.name, refused.$metadata.httpStatusCode]).toEqual(['LimitExceededException', 429]);
    expect(refused.message).toMatch(
      /concurrent builds quota in us-east-1 \(maximum number of concurrent jobs: 5/,
    );
    expect(aws.state.branch(appId, 'feature/login')?.jobs).toHaveLength(1);
    // A job that ends frees a place.
    aws.advanceJobs(220);
    expect(await startJob('feature/login')).toMatchObject({ status: 'PENDING' });
  });

  it('concurrentJobsQuota 1: a second job anywhere in the region is refused, in another region it is not', async () => {
    const seed = sampleSeed();
    seed.concurrentJobsQuota = 1;
    seed.regions['eu-west-1'] = {
      ...seed.regions['eu-west-1'],
      amplifyApps: [
        {
          appId: 'd2euapp01',
          name: 'eu',
          repository: 'https://github.com/example-org/eu',
          branches: [{ name: 'main' }],
        },
      ],
    };
    await start({ seed });
    expect(aws.state.concurrentJobsQuota).toBe(1);
    await startJob('staging');
    for (const branchName of ['staging', 'main']) {
      const refused = await failure(startJob(branchName));
      expect([refused.name, refused.message]).toEqual([
        'LimitExceededException',
        expect.stringContaining('concurrent builds quota'),
      ]);
    }
    const eu = clientsFor(aws, { region: 'eu-west-1', maxAttempts: 1 }).amplify;
    const { jobSummary } = await eu.send(
      new StartJobCommand({ appId: 'd2euapp01', branchName: 'main', jobType: 'RELEASE' }),
    );
    expect(jobSummary?.jobId).toBe('1');
    // With startWhileBusy 'refuse' the busy branch answers first, in its own words.
    aws.state.startWhileBusy = 'refuse';
    expect((await failure(startJob('staging'))).message).toBe(
      'Branch staging already has a job in progress.',
    );
  });
});

describe('activeJobId', () => {
  it('is the job in progress (the oldest unfinished one), and empty when none, in every branch answer', async () => {
    expect(await activeJobIdOf('main')).toBe(''); // the seeded job 1 has finished
    await startJob('main'); // job 2
    await startJob('main'); // job 3, queued
    expect(await activeJobIdOf('main')).toBe('2');
    const { branches } = await amplify.send(new ListBranchesCommand({ appId }));
    expect(branches?.find((branch) => branch.branchName === 'main')?.activeJobId).toBe('2');
    const updated = await amplify.send(
      new UpdateBranchCommand({ appId, branchName: 'main', description: 'x' }),
    );
    expect(updated.branch?.activeJobId).toBe('2');
    aws.advanceJobs(230);
    expect(await progress('main', '2')).toMatch(/^SUCCEED/);
    expect(await activeJobIdOf('main')).toBe('3');
    aws.advanceJobs(3600);
    expect(await activeJobIdOf('main')).toBe('');
    const created = await amplify.send(new CreateBranchCommand({ appId, branchName: 'fresh' }));
    expect(created.branch?.activeJobId).toBe('');
  });

  it("activeJobId 'latest': the newest job's ID even when it has finished", async () => {
    aws.state.activeJobId = 'latest';
    expect(await activeJobIdOf('main')).toBe('1');
    expect(await activeJobIdOf('staging')).toBe('');
    await startJob('main');
    await startJob('main');
    expect(await activeJobIdOf('main')).toBe('3'); // queued behind job 2, which is the one building
    aws.advanceJobs(3600);
    expect(await activeJobIdOf('main')).toBe('3');
    expect((await getJob('main', '3')).summary?.status).toBe('SUCCEED');
  });
});

describe('ListJobs order', () => {
  it("listJobsOrder 'oldest-first': the same jobs, paged the same way, in the other order", async () => {
    await start({ maxPageSize: 3 });
    aws.state.listJobsOrder = 'oldest-first';
    for (let i = 0; i < 3; i++) await startJob('main'); // queued: jobs 2–4
    const pages: string[][] = [];
    for await (const page of paginateListJobs(
      { client: amplify },
      { appId, branchName: 'main', maxResults: 50 },
    )) {
      pages.push((page.jobSummaries ?? []).map((job) => job.jobId ?? ''));
    }
    expect(pages).toEqual([['1', '2', '3'], ['4']]);
    aws.state.listJobsOrder = 'newest-first';
    const { jobSummaries } = await amplify.send(
      new ListJobsCommand({ appId, branchName: 'main', maxResults: 2 }),
    );
    expect(jobSummaries?.map((job) => job.jobId)).toEqual(['4', '3']);
  });
});

describe('an app deployed by hand (no repository)', () => {
  it('GetApp answers an empty repository; StartJob refuses RELEASE, RETRY and WEB_HOOK; nothing can be pushed', async () => {
    const seed = sampleSeed();
    seed.regions['us-east-1']?.amplifyApps?.push({
      appId: 'd2manualapp01',
      name: 'uploaded',
      branches: [{ name: 'main', jobs: [{ jobType: 'MANUAL' }] }],
    });
    await start({ seed });
    const { app: manual } = await amplify.send(new GetAppCommand({ appId: 'd2manualapp01' }));
    expect(manual?.repository ?? '').toBe('');
    const { app: connected } = await amplify.send(new GetAppCommand({ appId }));
    expect(connected?.repository).toBe('https://github.com/example-org/storefront');
    for (const input of [{}, { jobType: 'RETRY', jobId: '1' }, { jobType: 'WEB_HOOK' }]) {
      const refused = await failure(
        amplify.send(
          new StartJobCommand({
            appId: 'd2manualapp01',
            branchName: 'main',
            jobType: 'RELEASE',
            ...input,
          } as never),
        ),
      );
      expect([refused.name, refused.$metadata.httpStatusCode]).toEqual(['BadRequestException', 400]);
      expect(refused.message).toMatch(/not connected to a repository.*CreateDeployment and StartDeployment/);
    }
    expect(aws.state.branch('d2manualapp01', 'main')?.jobs).toHaveLength(1);
    expect(() => aws.push('d2manualapp01', 'main', { commitId: 'x' })).toThrow(/no repository/);
  });
});

describe('branch settings a caller copies', () => {
  it("the production branch's framework: GetApp names the branch, GetBranch its framework, CreateBranch keeps it", async () => {
    const { app } = await amplify.send(new GetAppCommand({ appId }));
    expect(app?.productionBranch?.branchName).toBe('main');
    const { branch: production } = await amplify.send(new GetBranchCommand({ appId, branchName: 'main' }));
    expect(production?.framework).toBe('Next.js - SSR');
    await amplify.send(
      new CreateBranchCommand({ appId, branchName: 'feature/copy', framework: production?.framework }),
    );
    const { branch: copy } = await amplify.send(new GetBranchCommand({ appId, branchName: 'feature/copy' }));
    expect(copy?.framework).toBe('Next.js - SSR');
    const { branch: bare } = await amplify.send(
      new CreateBranchCommand({ appId, branchName: 'feature/bare' }),
    );
    expect(bare?.framework).toBe('');
  });

  it('CreateBranch refuses a variable value over 5,500 characters and creates nothing', async () => {
    const refused = await failure(
      amplify.send(
        new CreateBranchCommand({
          appId,
          branchName: 'feature/big',
          environmentVariables: { BIG: 'v'.repeat(5501) },
        }),
      ),
    );
    expect([refused.name, refused.message]).toEqual([
      'BadRequestException',
      expect.stringContaining('less than or equal to 5500'),
    ]);
    expect(aws.state.branch(appId, 'feature/big')).toBeUndefined();
    await amplify.send(
      new CreateBranchCommand({
        appId,
        branchName: 'feature/big',
        environmentVariables: { BIG: 'v'.repeat(5500) },
      }),
    );
    expect(aws.state.branchVariables(appId, 'feature/big').BIG).toHaveLength(5500);
  });
});

describe('answers lost after the action was carried out', () => {
  const lostAnswer = (operation: string) =>
    aws.faults.push({
      kind: 'error',
      operation,
      status: 500,
      code: 'InternalFailureException',
      message: 'We encountered an internal error. Please try again.',
      afterHandler: true,
      times: 1,
    });

  it('StartJob: the caller sees a 500, yet the job exists: the newest RELEASE created since its request', async () => {
    const { branch } = await amplify.send(
      new UpdateBranchCommand({ appId, branchName: 'staging', environmentVariables: { A: '1' } }),
    );
    const requestedAfter = seconds(branch?.updateTime);
    lostAnswer('StartJob');
    const lost = await failure(startJob('staging'));
    expect([lost.name, lost.$metadata.httpStatusCode]).toEqual(['InternalFailureException', 500]);
    const { jobSummaries } = await amplify.send(new ListJobsCommand({ appId, branchName: 'staging' }));
    const created = (jobSummaries ?? []).filter(
      (job) => job.jobType === 'RELEASE' && seconds(job.startTime) > requestedAfter,
    );
    expect(created.map((job) => [job.jobId, job.status])).toEqual([['1', 'PENDING']]);
    expect(seconds(created[0]?.startTime)).toBe(aws.state.job(appId, 'staging', '1')?.startTime);
  });

  it('CreateBranch: the caller sees a 500, yet the branch exists; creating it again is BadRequestException', async () => {
    lostAnswer('CreateBranch');
    const create = () =>
      amplify.send(
        new CreateBranchCommand({
          appId,
          branchName: 'feature/lost',
          framework: 'Next.js - SSR',
          environmentVariables: { USER_POOL_ID: 'us-east-1_DeV12345x' },
        }),
      );
    expect((await failure(create())).name).toBe('InternalFailureException');
    const { branch } = await amplify.send(new GetBranchCommand({ appId, branchName: 'feature/lost' }));
    expect(branch).toMatchObject({
      framework: 'Next.js - SSR',
      environmentVariables: { USER_POOL_ID: 'us-east-1_DeV12345x' },
    });
    const again = await failure(create());
    expect([again.name, again.message]).toEqual([
      'BadRequestException',
      `Failed to create branch. The branch feature/lost already exists for the app ${appId}`,
    ]);
  });
});

describe('the readings in a seed', () => {
  it('a seed sets each reading and the quota; absent, the documented defaults; bad values are refused', () => {
    expect(loadSeed(sampleSeedPath)).toMatchObject({
      releaseCommitId: 'head',
      startWhileBusy: 'queue',
      activeJobId: 'in-progress',
      listJobsOrder: 'newest-first',
      concurrentJobsQuota: 5,
    });
    const readings = {
      releaseCommitId: 'label',
      startWhileBusy: 'refuse',
      activeJobId: 'latest',
      listJobsOrder: 'oldest-first',
      concurrentJobsQuota: 1,
    } as const;
    const state = loadSeed({ ...sampleSeed(), ...readings });
    expect(state).toMatchObject(readings);
    expect(state.toJSON()).toMatchObject(readings);
    expect(() => loadSeed({ ...sampleSeed(), startWhileBusy: 'wait' } as never)).toThrow(
      /seed\.startWhileBusy: expected one of queue, refuse/,
    );
    expect(() => loadSeed({ ...sampleSeed(), concurrentJobsQuota: 0 })).toThrow(/seed\.concurrentJobsQuota/);
  });
});
