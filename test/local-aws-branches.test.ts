// Amplify branches in the local AWS endpoint: DeleteBranch, branch descriptions, the branches-per-app quota and apps
// that live in one region, through the real SDK v3 client (and fetch where the raw wire matters).
import { readFileSync } from 'node:fs';
import {
  CreateBranchCommand,
  DeleteBranchCommand,
  GetAppCommand,
  GetBranchCommand,
  ListAppsCommand,
  ListBranchesCommand,
  paginateListApps,
  StartJobCommand,
  StopJobCommand,
  UpdateBranchCommand,
} from '@aws-sdk/client-amplify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSeed, type Seed, type SeedBranch, sampleSeedPath } from '../local-aws/seed.ts';
import { type LocalAws, type LocalAwsOptions, startLocalAws } from '../local-aws/server.ts';
import { clientsFor, failure, lastRequest, type SdkError, sigv4 } from './support/sdk.ts';

const appId = 'd1exampleapp01';
const euAppId = 'd2euexampleapp';
const account = '111122223333';

let aws: LocalAws;
/** Three attempts, zero-delay retries, as a default client would (minus the waiting). */
let sdk: ReturnType<typeof clientsFor>;
/** One attempt: what the first answer was. */
let once: ReturnType<typeof clientsFor>;

async function start(options: LocalAwsOptions = {}) {
  await aws?.close();
  aws = await startLocalAws(options);
  sdk = clientsFor(aws);
  once = clientsFor(aws, { maxAttempts: 1 });
}

beforeEach(() => start());
afterEach(() => aws.close());

const wire = (error: SdkError) => ({
  name: error.name,
  status: error.$metadata.httpStatusCode,
  message: error.message,
});

const branchNames = (name = appId, region?: string) =>
  aws.state.app(name, region)?.branches.map((branch) => branch.branchName);

describe('DeleteBranch', () => {
  it("answers the deleted branch in GetBranch's shape, and the branch and its jobs are gone", async () => {
    const { branch: read } = await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'main' }));
    expect(aws.state.job(appId, 'main', '1')).toBeDefined();
    const deleted = await sdk.amplify.send(new DeleteBranchCommand({ appId, branchName: 'main' }));
    expect(deleted.$metadata.httpStatusCode).toBe(200);
    expect(deleted.branch).toEqual(read);
    expect(deleted.branch?.totalNumberOfJobs).toBe('1');
    expect(lastRequest(aws)).toMatchObject({
      service: 'amplify',
      operation: 'DeleteBranch',
      input: { appId, branchName: 'main' },
      status: 200,
    });

    expect(branchNames()).toEqual(['staging', 'feature/login']);
    expect(aws.state.job(appId, 'main', '1')).toBeUndefined();
    const gone = await failure(once.amplify.send(new GetBranchCommand({ appId, branchName: 'main' })));
    expect(wire(gone)).toEqual({ name: 'NotFoundException', status: 404, message: 'Branch main not found.' });
    const { branches } = await sdk.amplify.send(new ListBranchesCommand({ appId }));
    expect(branches?.map((branch) => branch.branchName)).toEqual(['staging', 'feature/login']);
  });

  it('is DELETE /apps/{appId}/branches/{branchName}, a slash in the name sent as %2F, answered as JSON', async () => {
    const response = await fetch(`${aws.url}/apps/${appId}/branches/feature%2Flogin`, {
      method: 'DELETE',
      headers: { authorization: sigv4('us-east-1', 'amplify') },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as { branch: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['branch']);
    expect(body.branch).toMatchObject({
      branchName: 'feature/login',
      branchArn: `arn:aws:amplify:us-east-1:${account}:apps/${appId}/branches/feature/login`,
      createTime: expect.any(Number),
    });

    const again = await fetch(`${aws.url}/apps/${appId}/branches/feature%2Flogin`, {
      method: 'DELETE',
      headers: { authorization: sigv4('us-east-1', 'amplify') },
    });
    expect(again.status).toBe(404);
    expect(again.headers.get('x-amzn-errortype')).toBe('NotFoundException');
    expect(await again.json()).toEqual({ message: 'Branch feature/login not found.' });
  });

  it('a second delete, a missing app and a malformed app ID fail as Amplify fails them', async () => {
    await sdk.amplify.send(new DeleteBranchCommand({ appId, branchName: 'feature/login' }));
    const second = await failure(
      sdk.amplify.send(new DeleteBranchCommand({ appId, branchName: 'feature/login' })),
    );
    expect(wire(second)).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: 'Branch feature/login not found.',
    });
    expect(second.$metadata.attempts).toBe(1); // a 404 is an answer: never retried
    const noApp = await failure(
      sdk.amplify.send(new DeleteBranchCommand({ appId: 'd123', branchName: 'main' })),
    );
    expect(wire(noApp)).toEqual({ name: 'NotFoundException', status: 404, message: 'App d123 not found.' });
    const malformed = await failure(
      sdk.amplify.send(new DeleteBranchCommand({ appId: 'App-1', branchName: 'main' })),
    );
    expect([malformed.name, malformed.$metadata.httpStatusCode]).toEqual(['BadRequestException', 400]);
    expect(branchNames()).toEqual(['main', 'staging']);
  });

  it('takes unfinished jobs with the branch: they no longer count against the concurrent builds quota', async () => {
    aws.state.concurrentJobsQuota = 1;
    const started = await once.amplify.send(
      new StartJobCommand({ appId, branchName: 'main', jobType: 'RELEASE' }),
    );
    expect(started.jobSummary?.status).toBe('PENDING');
    const busy = await failure(
      once.amplify.send(new StartJobCommand({ appId, branchName: 'staging', jobType: 'RELEASE' })),
    );
    expect([busy.name, busy.$metadata.httpStatusCode]).toEqual(['LimitExceededException', 429]);

    const { branch } = await sdk.amplify.send(new DeleteBranchCommand({ appId, branchName: 'main' }));
    expect(branch?.activeJobId).toBe(started.jobSummary?.jobId);
    const { jobSummary } = await once.amplify.send(
      new StartJobCommand({ appId, branchName: 'staging', jobType: 'RELEASE' }),
    );
    expect(jobSummary?.status).toBe('PENDING');
    aws.advanceJobs(3600); // the clock moves on without the deleted branch
    expect(aws.state.branch(appId, 'staging')?.jobs.at(-1)?.status).toBe('SUCCEED');
  });

  it("deleteBranchWhileBuilding 'refuse': BadRequestException until the branch's jobs have finished", async () => {
    await start({ seed: { ...sampleSeed(), deleteBranchWhileBuilding: 'refuse' } });
    expect(aws.state.deleteBranchWhileBuilding).toBe('refuse');
    const { jobSummary } = await once.amplify.send(
      new StartJobCommand({ appId, branchName: 'staging', jobType: 'RELEASE' }),
    );
    const refused = await failure(
      sdk.amplify.send(new DeleteBranchCommand({ appId, branchName: 'staging' })),
    );
    expect(wire(refused)).toEqual({
      name: 'BadRequestException',
      status: 400,
      message:
        'Branch staging has a job in progress (job 1, PENDING). Stop it or wait for it to finish, then delete the branch.',
    });
    expect(branchNames()).toContain('staging');
    await once.amplify.send(new StopJobCommand({ appId, branchName: 'staging', jobId: jobSummary?.jobId }));
    aws.advanceJobs(0);
    await sdk.amplify.send(new DeleteBranchCommand({ appId, branchName: 'staging' }));
    expect(branchNames()).not.toContain('staging');
  });

  it('a deleted name can be created again, as a new branch without jobs', async () => {
    await sdk.amplify.send(new DeleteBranchCommand({ appId, branchName: 'main' }));
    const { branch } = await once.amplify.send(new CreateBranchCommand({ appId, branchName: 'main' }));
    expect(branch).toMatchObject({
      branchName: 'main',
      totalNumberOfJobs: '0',
      activeJobId: '',
      stage: 'NONE',
    });
  });

  it('state.deleteBranch deletes as another writer would (the console, a colleague)', async () => {
    const removed = aws.state.deleteBranch(appId, 'staging');
    expect(removed.branchName).toBe('staging');
    const error = await failure(once.amplify.send(new UpdateBranchCommand({ appId, branchName: 'staging' })));
    expect(wire(error)).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: 'Branch staging not found.',
    });
    expect(() => aws.state.deleteBranch(appId, 'staging')).toThrow(/no branch staging/);
  });

  describe('fault rules apply to it as to any operation', () => {
    it('error afterHandler: the branch is deleted, the answer lost; the SDK retry then finds no branch', async () => {
      aws.faults.push({
        kind: 'error',
        operation: 'DeleteBranch',
        status: 500,
        code: 'InternalFailureException',
        message: 'We encountered an internal error. Please try again.',
        afterHandler: true,
        times: 1,
      });
      const error = await failure(
        sdk.amplify.send(new DeleteBranchCommand({ appId, branchName: 'staging' })),
      );
      expect(wire(error)).toEqual({
        name: 'NotFoundException',
        status: 404,
        message: 'Branch staging not found.',
      });
      expect(error.$metadata.attempts).toBe(2);
      expect(aws.requests.map((request) => request.status)).toEqual([500, 404]);
      expect(branchNames()).not.toContain('staging');
    });

    it('reset afterHandler: the connection drops after the branch is deleted', async () => {
      aws.faults.push({ kind: 'reset', operation: 'DeleteBranch', afterHandler: true, times: 1 });
      const error = await failure(
        once.amplify.send(new DeleteBranchCommand({ appId, branchName: 'staging' })),
      );
      expect(error.$metadata?.httpStatusCode).toBeUndefined();
      expect(error.code ?? error.name).toMatch(/ECONNRESET|socket hang up/);
      expect(branchNames()).not.toContain('staging');
      expect(lastRequest(aws)).toMatchObject({ operation: 'DeleteBranch', status: 0 });
    });

    it('an error before the handler deletes nothing', async () => {
      aws.faults.push({
        kind: 'error',
        operation: 'DeleteBranch',
        match: { branchName: 'staging' },
        status: 503,
        code: 'DependentServiceFailureException',
        times: 1,
      });
      const error = await failure(
        once.amplify.send(new DeleteBranchCommand({ appId, branchName: 'staging' })),
      );
      expect([error.name, error.$metadata.httpStatusCode]).toEqual(['DependentServiceFailureException', 503]);
      expect(branchNames()).toContain('staging');
    });

    it('an IAM denial (standing or injected) names the branch ARN and deletes nothing', async () => {
      aws.state.deny.push('amplify:DeleteBranch');
      const denied = await failure(
        sdk.amplify.send(new DeleteBranchCommand({ appId, branchName: 'feature/login' })),
      );
      expect(wire(denied)).toEqual({
        name: 'AccessDeniedException',
        status: 403,
        message: `User: arn:aws:sts::${account}:assumed-role/github-actions-deploy/GitHubActions is not authorized to perform: amplify:DeleteBranch on resource: arn:aws:amplify:us-east-1:${account}:apps/${appId}/branches/feature/login because no identity-based policy allows the amplify:DeleteBranch action`,
      });
      aws.state.deny.length = 0;
      aws.faults.push({ kind: 'deny', operation: 'DeleteBranch', explicit: true, times: 1 });
      const explicit = await failure(
        once.amplify.send(new DeleteBranchCommand({ appId, branchName: 'main' })),
      );
      expect(explicit.message).toMatch(
        /amplify:DeleteBranch on resource: .*\/branches\/main with an explicit deny/,
      );
      expect(branchNames()).toEqual(['main', 'staging', 'feature/login']);
    });
  });
});

describe('branch descriptions', () => {
  // What the action may write to mark a branch it created: newlines, JSON, non-ASCII, trailing blanks.
  const marker =
    'Created by amplify-cognito-env\n{"run":"https://github.com/o/r/actions/runs/1","at":"2026-12-01"} ✓ 🚀  ';

  it('round-trip exactly through CreateBranch, GetBranch, ListBranches, UpdateBranch and DeleteBranch', async () => {
    const { branch: created } = await sdk.amplify.send(
      new CreateBranchCommand({ appId, branchName: 'pr-7', description: marker }),
    );
    expect(created?.description).toBe(marker);
    expect(aws.state.branch(appId, 'pr-7')?.description).toBe(marker);
    const { branch } = await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'pr-7' }));
    expect(branch?.description).toBe(marker);
    const { branches } = await sdk.amplify.send(new ListBranchesCommand({ appId }));
    expect(branches?.find((listed) => listed.branchName === 'pr-7')?.description).toBe(marker);

    // An update that does not name the description keeps it; one that does replaces it.
    await sdk.amplify.send(
      new UpdateBranchCommand({ appId, branchName: 'pr-7', environmentVariables: { USER_POOL_ID: 'x' } }),
    );
    expect(aws.state.branch(appId, 'pr-7')?.description).toBe(marker);
    const { branch: updated } = await sdk.amplify.send(
      new UpdateBranchCommand({ appId, branchName: 'pr-7', description: `${marker}\nupdated` }),
    );
    expect(updated?.description).toBe(`${marker}\nupdated`);
    const { branch: deleted } = await sdk.amplify.send(
      new DeleteBranchCommand({ appId, branchName: 'pr-7' }),
    );
    expect(deleted?.description).toBe(`${marker}\nupdated`);
  });

  it('is empty unless set, and comes from the seed', async () => {
    const { branch } = await sdk.amplify.send(new CreateBranchCommand({ appId, branchName: 'plain' }));
    expect(branch?.description).toBe('');
    const seed = sampleSeed();
    seededBranch(seed, 1).description = marker;
    await start({ seed });
    const { branch: seeded } = await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'staging' }));
    expect(seeded?.description).toBe(marker);
  });

  it('takes up to 1,000 characters, counted in code points; one more is BadRequestException', async () => {
    const longest = '🚀'.repeat(1000); // 2,000 UTF-16 units
    const { branch } = await sdk.amplify.send(
      new CreateBranchCommand({ appId, branchName: 'long', description: longest }),
    );
    expect(branch?.description).toBe(longest);

    const tooLong = 'd'.repeat(1001);
    const created = await failure(
      sdk.amplify.send(new CreateBranchCommand({ appId, branchName: 'longer', description: tooLong })),
    );
    expect(wire(created)).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: `1 validation error detected: Value '${tooLong}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000`,
    });
    expect(branchNames()).not.toContain('longer');

    // A refused update changes nothing, not even the settings it carried that were valid.
    const updated = await failure(
      sdk.amplify.send(
        new UpdateBranchCommand({ appId, branchName: 'long', stage: 'BETA', description: `${longest}!` }),
      ),
    );
    expect([updated.name, updated.$metadata.httpStatusCode]).toEqual(['BadRequestException', 400]);
    expect(aws.state.branch(appId, 'long')).toMatchObject({ stage: 'NONE', description: longest });
  });

  it('a seed with a description over 1,000 characters is refused', () => {
    const seed = sampleSeed();
    seededBranch(seed, 0).description = 'x'.repeat(1001);
    expect(() => loadSeed(seed)).toThrow(
      /branches\[0\]\.description: must NOT have more than 1000 characters/,
    );
  });
});

describe('the branches-per-app quota', () => {
  const quotaMessage =
    'Failed to create branch. You have reached the maximum number of branches for this app.';

  it('is 50: the 51st branch is LimitExceededException (429), which the SDK retries as throttling', async () => {
    expect(aws.state.branchesPerAppQuota).toBe(50);
    for (let i = 4; i <= 49; i++) aws.state.addBranch(appId, `feature/${i}`);
    await once.amplify.send(new CreateBranchCommand({ appId, branchName: 'fiftieth' }));
    expect(branchNames()).toHaveLength(50);

    const refused = await failure(
      once.amplify.send(new CreateBranchCommand({ appId, branchName: 'one-more' })),
    );
    expect(wire(refused)).toEqual({ name: 'LimitExceededException', status: 429, message: quotaMessage });
    const retried = await failure(
      sdk.amplify.send(new CreateBranchCommand({ appId, branchName: 'one-more' })),
    );
    expect([retried.name, retried.$metadata.attempts]).toEqual(['LimitExceededException', 3]);
    expect(branchNames()).toHaveLength(50);
  });

  it('a test lowers it on the state; deleting a branch makes room', async () => {
    aws.state.branchesPerAppQuota = 3; // the sample app has three branches
    const refused = await failure(once.amplify.send(new CreateBranchCommand({ appId, branchName: 'pr-1' })));
    expect(wire(refused)).toEqual({ name: 'LimitExceededException', status: 429, message: quotaMessage });
    await once.amplify.send(new DeleteBranchCommand({ appId, branchName: 'feature/login' }));
    await once.amplify.send(new CreateBranchCommand({ appId, branchName: 'pr-1' }));
    expect(branchNames()).toEqual(['main', 'staging', 'pr-1']);
  });

  it('is per app, and a seed sets it (seeded branches may exceed it)', async () => {
    await start({ seed: { ...sampleSeed(), branchesPerAppQuota: 1 } });
    expect(aws.state.branchesPerAppQuota).toBe(1);
    const refused = await failure(once.amplify.send(new CreateBranchCommand({ appId, branchName: 'pr-1' })));
    expect(refused.name).toBe('LimitExceededException');
    aws.state.addApp({ appId: 'd3emptyapp', name: 'empty' });
    await once.amplify.send(new CreateBranchCommand({ appId: 'd3emptyapp', branchName: 'main' }));
    const second = await failure(
      once.amplify.send(new CreateBranchCommand({ appId: 'd3emptyapp', branchName: 'dev' })),
    );
    expect(second.name).toBe('LimitExceededException');
  });

  it("an existing name is BadRequestException in Amplify's words, quota or not", async () => {
    aws.state.branchesPerAppQuota = 3;
    const duplicate = await failure(
      once.amplify.send(new CreateBranchCommand({ appId, branchName: 'main' })),
    );
    expect(wire(duplicate)).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: `Failed to create branch. The branch main already exists for the app ${appId}`,
    });
  });
});

describe('apps live in one region', () => {
  it('the sample seed holds a second app in eu-west-1, seen only by requests signed for eu-west-1', async () => {
    const eu = clientsFor(aws, { region: 'eu-west-1', maxAttempts: 1 });
    const { app } = await eu.amplify.send(new GetAppCommand({ appId: euAppId }));
    expect(app).toMatchObject({
      appId: euAppId,
      name: 'storefront-eu',
      appArn: `arn:aws:amplify:eu-west-1:${account}:apps/${euAppId}`,
      defaultDomain: `${euAppId}.amplifyapp.com`,
    });
    const { branch } = await eu.amplify.send(new GetBranchCommand({ appId: euAppId, branchName: 'main' }));
    expect(branch?.branchArn).toBe(`arn:aws:amplify:eu-west-1:${account}:apps/${euAppId}/branches/main`);
    expect(lastRequest(aws).region).toBe('eu-west-1');

    // Signed for us-east-1, every operation on it is NotFoundException for the app, and nothing changes.
    const notFound = { name: 'NotFoundException', status: 404, message: `App ${euAppId} not found.` };
    const branchName = 'main';
    for (const command of [
      new GetAppCommand({ appId: euAppId }),
      new GetBranchCommand({ appId: euAppId, branchName }),
      new ListBranchesCommand({ appId: euAppId }),
      new UpdateBranchCommand({ appId: euAppId, branchName, environmentVariables: { A: '1' } }),
      new CreateBranchCommand({ appId: euAppId, branchName: 'dev' }),
      new DeleteBranchCommand({ appId: euAppId, branchName }),
      new StartJobCommand({ appId: euAppId, branchName, jobType: 'RELEASE' }),
    ]) {
      expect(wire(await failure(once.amplify.send(command as never)))).toEqual(notFound);
    }
    // The us-east-1 app is as unknown in eu-west-1.
    expect(wire(await failure(eu.amplify.send(new GetAppCommand({ appId }))))).toEqual({
      ...notFound,
      message: `App ${appId} not found.`,
    });
    // The state's helpers find an app in its own region without being told it.
    expect(aws.state.regionOf(euAppId)).toBe('eu-west-1');
    expect(aws.state.branch(euAppId, 'main')).toMatchObject({
      environmentVariables: { API_URL: 'https://api.eu.example.com' },
      jobs: [],
    });
    expect(aws.state.branch(euAppId, 'main', 'us-east-1')).toBeUndefined();
  });

  it("ListApps lists the request's region's apps only, and pages (maxResults 0-100)", async () => {
    const list = async (region: string) => {
      const { apps } = await clientsFor(aws, { region }).amplify.send(new ListAppsCommand({}));
      return apps?.map((app) => app.appId);
    };
    expect(await list('us-east-1')).toEqual([appId]);
    expect(await list('eu-west-1')).toEqual([euAppId]);
    expect(await list('ap-southeast-2')).toEqual([]);
    expect(lastRequest(aws)).toMatchObject({ operation: 'ListApps', region: 'ap-southeast-2', status: 200 });

    aws.state.addApp({ appId: 'd3second', region: 'eu-west-1' });
    const paged: string[] = [];
    const eu = clientsFor(aws, { region: 'eu-west-1' });
    for await (const page of paginateListApps({ client: eu.amplify, pageSize: 1 }, {})) {
      expect(page.apps).toHaveLength(1);
      paged.push(...(page.apps ?? []).map((app) => app.appId ?? ''));
    }
    expect(paged).toEqual([euAppId, 'd3second']);
    const tooMany = await failure(eu.amplify.send(new ListAppsCommand({ maxResults: 101 })));
    expect([tooMany.name, tooMany.$metadata.httpStatusCode]).toEqual(['BadRequestException', 400]);
    await eu.amplify.send(new ListAppsCommand({ maxResults: 100 }));

    aws.state.deny.push('amplify:ListApps');
    const denied = await failure(eu.amplify.send(new ListAppsCommand({})));
    expect(denied.message).toContain(
      `amplify:ListApps on resource: arn:aws:amplify:eu-west-1:${account}:apps/* because`,
    );
  });

  it('state.addApp puts an app with branches in any region', async () => {
    const app = aws.state.addApp({
      appId: 'd3frankfurt',
      region: 'eu-central-1',
      name: 'shop-de',
      branches: ['main', 'feature/x'],
    });
    expect(app.repository).toBe('https://github.com/example-org/shop-de');
    const de = clientsFor(aws, { region: 'eu-central-1' });
    const { branches } = await de.amplify.send(new ListBranchesCommand({ appId: 'd3frankfurt' }));
    expect(
      branches?.map((branch) => [branch.branchName, branch.displayName, branch.enableAutoBuild]),
    ).toEqual([
      ['main', 'main', true],
      ['feature/x', 'feature-x', true],
    ]);
    const { jobSummary } = await de.amplify.send(
      new StartJobCommand({ appId: 'd3frankfurt', branchName: 'main', jobType: 'RELEASE' }),
    );
    expect(jobSummary?.jobArn).toBe(
      `arn:aws:amplify:eu-central-1:${account}:apps/d3frankfurt/branches/main/jobs/1`,
    );
    expect(aws.state.job('d3frankfurt', 'main', '1')?.status).toBe('PENDING');

    expect(() => aws.state.addApp({ appId: euAppId })).toThrow(/exists already \(eu-west-1\)/);
    expect(() => aws.state.addApp({ appId: 'Not-An-Id' })).toThrow(/bad app ID/);
    // repository '': an app deployed by hand, in us-east-1 unless told otherwise.
    const manual = aws.state.addApp({ appId: 'd3manual', repository: '', branches: ['main'] });
    expect(aws.state.region('us-east-1').apps).toContain(manual);
    expect(() => aws.push('d3manual', 'main', { commitId: 'abc' })).toThrow(/has no repository/);
  });

  it('a seed may not hold one app ID in two regions', () => {
    const seed = sampleSeed();
    seed.regions['eu-west-1'] = { amplifyApps: [{ appId, name: 'twin' }] };
    expect(() => loadSeed(seed)).toThrow(/duplicate appId d1exampleapp01/);
  });
});

/** The sample app's i-th branch in a seed, to change before starting from it. */
function seededBranch(seed: Seed, i: number): SeedBranch {
  const branch = seed.regions['us-east-1']?.amplifyApps?.[0]?.branches?.[i];
  if (!branch) throw new Error(`no branch ${i} in the sample seed`);
  return branch;
}

/** A fresh copy of the sample seed, to change before starting from it. */
function sampleSeed(): Seed {
  return JSON.parse(readFileSync(sampleSeedPath, 'utf8')) as Seed;
}
