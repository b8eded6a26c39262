// Denials, lost acknowledgements, stale reads and request-rate quotas of the local AWS, seen through the real SDK v3.
import { readFileSync } from 'node:fs';
import {
  GetAppCommand,
  GetBranchCommand,
  ListBranchesCommand,
  ListJobsCommand,
  StartJobCommand,
  UpdateBranchCommand,
} from '@aws-sdk/client-amplify';
import {
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  DescribeUserPoolCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetRoleCommand, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSeed, type Seed, sampleSeedPath } from '../local-aws/seed.ts';
import { type LocalAws, type LocalAwsOptions, startLocalAws } from '../local-aws/server.ts';
import { clientsFor, failure, type SdkError, sigv4 } from './support/sdk.ts';

const appId = 'd1exampleapp01';
const prodPool = 'us-east-1_PrOd12345';
const stagingPool = 'us-east-1_StAg12345';
const prodIdentityPool = 'us-east-1:11111111-1111-4111-8111-111111111111';
const caller = 'arn:aws:sts::111122223333:assumed-role/github-actions-deploy/GitHubActions';
const seedJson = () => JSON.parse(readFileSync(sampleSeedPath, 'utf8')) as Seed;

/** What a test asserts about an SDK error: its name, HTTP status, message and attempts. */
const surfaced = (error: SdkError) => ({
  name: error.name,
  status: error.$metadata?.httpStatusCode,
  message: error.message,
  attempts: error.$metadata?.attempts,
});

const postFaults = (aws: LocalAws, body: unknown) =>
  fetch(`${aws.url}/_local/faults`, { method: 'POST', body: JSON.stringify(body) });

let aws: LocalAws;
let sdk: ReturnType<typeof clientsFor>;
/** One attempt only: the test sees exactly what the first answer was. */
let once: ReturnType<typeof clientsFor>;

async function start(options: LocalAwsOptions = {}) {
  aws = await startLocalAws(options);
  sdk = clientsFor(aws);
  once = clientsFor(aws, { maxAttempts: 1 });
}

beforeEach(async () => {
  await start();
});

afterEach(async () => {
  await aws.close();
});

describe('denials', () => {
  it('State.deny: each service refuses in its own shape and wording, and the SDK does not retry', async () => {
    aws.state.deny.push(
      'amplify:UpdateBranch',
      'cognito-idp:DescribeUserPool',
      'cognito-identity:GetIdentityPoolRoles',
      'iam:GetRole',
    );
    const amplify = await failure(
      sdk.amplify.send(
        new UpdateBranchCommand({ appId, branchName: 'feature/login', environmentVariables: { A: '1' } }),
      ),
    );
    expect(surfaced(amplify)).toEqual({
      name: 'AccessDeniedException',
      status: 403,
      // Amplify names branches in ARNs with the slash as is.
      message: `User: ${caller} is not authorized to perform: amplify:UpdateBranch on resource: arn:aws:amplify:us-east-1:111122223333:apps/${appId}/branches/feature/login because no identity-based policy allows the amplify:UpdateBranch action`,
      attempts: 1,
    });
    expect(aws.state.branchVariables(appId, 'feature/login')).not.toHaveProperty('A');

    const idp = await failure(sdk.idp.send(new DescribeUserPoolCommand({ UserPoolId: prodPool })));
    expect(surfaced(idp)).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: `User: ${caller} is not authorized to perform: cognito-idp:DescribeUserPool on resource: arn:aws:cognito-idp:us-east-1:111122223333:userpool/${prodPool} because no identity-based policy allows the cognito-idp:DescribeUserPool action`,
      attempts: 1,
    });
    expect(idp.$fault).toBe('client');

    const identity = await failure(
      sdk.identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: prodIdentityPool })),
    );
    expect(surfaced(identity)).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: `User: ${caller} is not authorized to perform: cognito-identity:GetIdentityPoolRoles on resource: arn:aws:cognito-identity:us-east-1:111122223333:identitypool/${prodIdentityPool} because no identity-based policy allows the cognito-identity:GetIdentityPoolRoles action`,
      attempts: 1,
    });

    const iam = await failure(sdk.iam.send(new GetRoleCommand({ RoleName: 'amplify-auth-production-auth' })));
    expect(surfaced(iam)).toEqual({
      name: 'AccessDenied',
      status: 403,
      // IAM writes the resource as `role <name>`, not as an ARN.
      message: `User: ${caller} is not authorized to perform: iam:GetRole on resource: role amplify-auth-production-auth because no identity-based policy allows the iam:GetRole action`,
      attempts: 1,
    });

    // Only the listed actions are refused.
    await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'feature/login' }));
    await sdk.identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: prodIdentityPool }));
    await sdk.iam.send(new ListRoleTagsCommand({ RoleName: 'amplify-auth-production-auth' }));
    expect(aws.requests.map((request) => request.status)).toEqual([403, 400, 400, 403, 200, 200, 200]);
  });

  it('the wire: Amplify puts the type in x-amzn-errortype, IAM answers an awsQuery ErrorResponse', async () => {
    aws.state.deny.push('amplify:GetApp', 'iam:GetRole');
    const rest = await fetch(`${aws.url}/apps/${appId}`, {
      headers: { authorization: sigv4('us-east-1', 'amplify') },
    });
    expect(rest.status).toBe(403);
    expect(rest.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(await rest.json()).toEqual({
      message: `User: ${caller} is not authorized to perform: amplify:GetApp on resource: arn:aws:amplify:us-east-1:111122223333:apps/${appId} because no identity-based policy allows the amplify:GetApp action`,
    });
    const query = await fetch(aws.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: sigv4('us-east-1', 'iam'),
      },
      body: 'Action=GetRole&RoleName=x&Version=2010-05-08',
    });
    expect(query.status).toBe(403);
    expect(await query.text()).toMatch(
      /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>User: .* on resource: role x because/,
    );
  });

  it('seed deny: wildcards, list operations name their wider resource, GetCallerIdentity is never denied', async () => {
    await aws.close();
    await start({
      seed: { ...seedJson(), deny: ['cognito-idp:List*', 'COGNITO-IDENTITY:listidentitypools', 'sts:*'] },
    });
    const pools = await failure(sdk.idp.send(new ListUserPoolsCommand({ MaxResults: 10 })));
    expect(pools.message).toContain(
      'cognito-idp:ListUserPools on resource: arn:aws:cognito-idp:us-east-1:111122223333:userpool/* because',
    );
    const groups = await failure(sdk.idp.send(new ListGroupsCommand({ UserPoolId: prodPool })));
    expect(groups.message).toContain(
      `on resource: arn:aws:cognito-idp:us-east-1:111122223333:userpool/${prodPool}`,
    );
    const identityPools = await failure(sdk.identity.send(new ListIdentityPoolsCommand({ MaxResults: 10 })));
    expect(identityPools.message).toContain(
      'on resource: arn:aws:cognito-identity:us-east-1:111122223333:identitypool/ because',
    );
    expect((await sdk.idp.send(new DescribeUserPoolCommand({ UserPoolId: prodPool }))).UserPool?.Id).toBe(
      prodPool,
    );
    const whoAmI = await fetch(aws.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: sigv4('us-east-1', 'sts'),
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(whoAmI.status).toBe(200);
    expect(aws.state.toJSON().deny).toHaveLength(3);
  });

  it('seed deny: an entry that is not an IAM action is refused, naming it', () => {
    expect(() => loadSeed({ ...seedJson(), deny: ['UpdateBranch'] })).toThrow(
      /seed\.deny\[0\]: "UpdateBranch"/,
    );
  });

  it('deny fault (JSON): an explicit deny for one request, in the explicit-deny wording; jobs name jobs/*', async () => {
    const added = await postFaults(aws, [
      {
        kind: 'deny',
        operation: 'GetBranch',
        match: { branchName: 'feature/login' },
        explicit: true,
        times: 1,
      },
      { kind: 'deny', operation: 'StartJob' },
    ]);
    expect(added.status).toBe(200);
    await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'main' }));
    const denied = await failure(
      sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'feature/login' })),
    );
    expect(surfaced(denied)).toEqual({
      name: 'AccessDeniedException',
      status: 403,
      message: `User: ${caller} is not authorized to perform: amplify:GetBranch on resource: arn:aws:amplify:us-east-1:111122223333:apps/${appId}/branches/feature/login with an explicit deny in an identity-based policy`,
      attempts: 1,
    });
    await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'feature/login' }));
    const job = await failure(
      sdk.amplify.send(new StartJobCommand({ appId, branchName: 'main', jobType: 'RELEASE' })),
    );
    expect(job.message).toContain(
      `apps/${appId}/branches/main/jobs/* because no identity-based policy allows`,
    );
    expect(aws.state.branch(appId, 'main')?.jobs).toHaveLength(1); // the seed's one job only
    expect((await postFaults(aws, { kind: 'deny', explicit: 'yes' })).status).toBe(400);
  });
});

describe('lost acknowledgements', () => {
  const update = (variables: Record<string, string>) =>
    new UpdateBranchCommand({ appId, branchName: 'staging', environmentVariables: variables });

  it('error afterHandler: the client gets a 500, yet the update is applied', async () => {
    const before = aws.state.branch(appId, 'staging')?.updateTime ?? 0;
    aws.faults.push({
      kind: 'error',
      operation: 'UpdateBranch',
      status: 500,
      code: 'InternalFailureException',
      message: 'We encountered an internal error. Please try again.',
      afterHandler: true,
      times: 1,
    });
    const error = await failure(once.amplify.send(update({ USER_POOL_ID: stagingPool })));
    expect(surfaced(error)).toEqual({
      name: 'InternalFailureException',
      status: 500,
      message: 'We encountered an internal error. Please try again.',
      attempts: 1,
    });
    expect(aws.state.branchVariables(appId, 'staging')).toEqual({ USER_POOL_ID: stagingPool });
    expect(aws.state.branch(appId, 'staging')?.updateTime).toBeGreaterThan(before);
    expect(aws.requests.at(-1)).toMatchObject({ operation: 'UpdateBranch', status: 500 });
  });

  it('reset afterHandler: the connection drops after the update is applied', async () => {
    aws.faults.push({ kind: 'reset', operation: 'UpdateBranch', afterHandler: true, times: 1 });
    const error = await failure(once.amplify.send(update({ USER_POOL_ID: stagingPool })));
    expect(error.$metadata?.httpStatusCode).toBeUndefined();
    expect(error.code ?? error.name).toMatch(/ECONNRESET|socket hang up/);
    expect(aws.state.branchVariables(appId, 'staging')).toEqual({ USER_POOL_ID: stagingPool });
    expect(aws.requests.at(-1)).toMatchObject({ operation: 'UpdateBranch', status: 0 });
  });

  it('hang afterHandler: the client times out, yet the update is applied', async () => {
    aws.faults.push({ kind: 'hang', operation: 'UpdateBranch', afterHandler: true });
    const impatient = clientsFor(aws, { maxAttempts: 1, requestTimeout: 200 });
    const error = await failure(impatient.amplify.send(update({ USER_POOL_ID: stagingPool })));
    expect(error.name).toBe('TimeoutError');
    expect(aws.state.branchVariables(appId, 'staging')).toEqual({ USER_POOL_ID: stagingPool });
  });

  it('reset (before the handler): nothing is applied; the SDK retries the socket error and succeeds', async () => {
    const start = () =>
      sdk.amplify.send(new StartJobCommand({ appId, branchName: 'staging', jobType: 'RELEASE' }));
    aws.faults.push({ kind: 'reset', operation: 'StartJob', times: 1 });
    const failed = await failure(
      once.amplify.send(new StartJobCommand({ appId, branchName: 'staging', jobType: 'RELEASE' })),
    );
    expect(failed.$metadata?.httpStatusCode).toBeUndefined();
    expect(aws.state.branch(appId, 'staging')?.jobs).toHaveLength(0);
    aws.faults.push({ kind: 'reset', operation: 'StartJob', times: 1 });
    const { $metadata } = await start();
    expect($metadata.attempts).toBe(2);
    expect(aws.state.branch(appId, 'staging')?.jobs).toHaveLength(1);
  });

  it('reset afterHandler on StartJob: a plain SDK retry starts a second build (why the action never retries it)', async () => {
    aws.faults.push({ kind: 'reset', operation: 'StartJob', afterHandler: true, times: 1 });
    const { jobSummary } = await sdk.amplify.send(
      new StartJobCommand({ appId, branchName: 'staging', jobType: 'RELEASE' }),
    );
    // The first attempt created a job and lost its answer; the retry queued another behind it.
    expect(aws.state.branch(appId, 'staging')?.jobs.map((job) => [job.jobId, job.status])).toEqual([
      ['1', 'PENDING'],
      ['2', 'PENDING'],
    ]);
    expect(jobSummary?.jobId).toBe('2');
    expect(aws.requests.map((request) => request.status)).toEqual([0, 200]);
  });

  it('reset afterHandler on StartJob, where Amplify refuses a busy branch: the retry is refused by its own job', async () => {
    aws.state.startWhileBusy = 'refuse';
    aws.faults.push({ kind: 'reset', operation: 'StartJob', afterHandler: true, times: 1 });
    const error = await failure(
      sdk.amplify.send(new StartJobCommand({ appId, branchName: 'staging', jobType: 'RELEASE' })),
    );
    expect([error.name, error.$metadata?.httpStatusCode, error.$metadata?.attempts]).toEqual([
      'LimitExceededException',
      429,
      3,
    ]);
    expect(aws.state.branch(appId, 'staging')?.jobs.map((job) => job.status)).toEqual(['PENDING']);
    expect(aws.requests.map((request) => request.status)).toEqual([0, 429, 429]);
  });

  it('control surface: afterHandler and reset arrive as JSON; afterHandler only on error, hang and reset', async () => {
    expect(
      (await postFaults(aws, { kind: 'reset', operation: 'UpdateBranch', afterHandler: true, times: 1 }))
        .status,
    ).toBe(200);
    await failure(once.amplify.send(update({ FROM_JSON: '1' })));
    expect(aws.state.branchVariables(appId, 'staging')).toEqual({ FROM_JSON: '1' });
    const throttleAfter = await postFaults(aws, { kind: 'throttle', afterHandler: true });
    expect(throttleAfter.status).toBe(400);
    expect(((await throttleAfter.json()) as { message: string }).message).toMatch(
      /afterHandler is for error, hang and reset/,
    );
    expect((await postFaults(aws, { kind: 'hang', afterHandler: 'yes' })).status).toBe(400);
    expect(aws.faults).toHaveLength(0);
  });
});

describe('stale reads', () => {
  it('stale GetBranch: once, the branch as it was before its latest update (variables and updateTime)', async () => {
    const { branch: original } = await sdk.amplify.send(
      new GetBranchCommand({ appId, branchName: 'staging' }),
    );
    const { branch: updated } = await sdk.amplify.send(
      new UpdateBranchCommand({
        appId,
        branchName: 'staging',
        environmentVariables: { USER_POOL_ID: stagingPool },
      }),
    );
    aws.faults.push({ kind: 'stale', operation: 'GetBranch', times: 1 });
    const { branch: stale } = await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'staging' }));
    expect(stale?.environmentVariables).toEqual(original?.environmentVariables);
    expect(stale?.updateTime).toEqual(original?.updateTime);
    const { branch: fresh } = await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'staging' }));
    expect(fresh?.environmentVariables).toEqual({ USER_POOL_ID: stagingPool });
    expect(fresh?.updateTime).toEqual(updated?.updateTime);
    expect(fresh?.updateTime?.getTime()).toBeGreaterThan(original?.updateTime?.getTime() ?? Infinity);
  });

  it('only the most recent update is missed; a colleague edit counts; a never-updated branch reads as it is', async () => {
    await sdk.amplify.send(
      new UpdateBranchCommand({ appId, branchName: 'staging', environmentVariables: { FIRST: '1' } }),
    );
    aws.state.addBranchVariables(appId, 'staging', { COLLEAGUE: 'yes' });
    aws.faults.push({ kind: 'stale', times: 3 }); // no operation: skips requests that cannot be stale
    await sdk.amplify.send(new GetAppCommand({ appId }));
    expect(aws.faults).toMatchObject([{ kind: 'stale', times: 3 }]);
    const { branch: stale } = await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'staging' }));
    expect(stale?.environmentVariables).toEqual({ FIRST: '1' });
    const { branch: untouched } = await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'main' }));
    expect(untouched?.environmentVariables).toEqual(aws.state.branchVariables(appId, 'main'));
    const { branches } = await sdk.amplify.send(new ListBranchesCommand({ appId }));
    expect(branches?.find((branch) => branch.branchName === 'staging')?.environmentVariables).toEqual({
      FIRST: '1',
    });
    expect(aws.faults).toHaveLength(0);
  });

  it('stale ListJobs: once, the jobs without the newest one, which GetBranch names as active all the same', async () => {
    const { jobSummary } = await sdk.amplify.send(
      new StartJobCommand({ appId, branchName: 'staging', jobType: 'RELEASE' }),
    );
    const ids = async () =>
      (await sdk.amplify.send(new ListJobsCommand({ appId, branchName: 'staging' }))).jobSummaries?.map(
        (job) => job.jobId,
      );
    aws.faults.push({ kind: 'stale', operation: 'ListJobs', times: 1 });
    const stale = await ids();
    const fresh = await ids();
    expect(fresh?.[0]).toBe(jobSummary?.jobId);
    expect(stale).toEqual(fresh?.slice(1));
    const { branch } = await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'staging' }));
    expect(branch?.activeJobId).toBe(jobSummary?.jobId);
  });

  it('a stale rule arrives as JSON; an update the service refuses leaves the previous version alone', async () => {
    const seeded = aws.state.branchVariables(appId, 'staging');
    await sdk.amplify.send(
      new UpdateBranchCommand({ appId, branchName: 'staging', environmentVariables: { FIRST: '1' } }),
    );
    await failure(
      sdk.amplify.send(
        new UpdateBranchCommand({ appId, branchName: 'staging', stage: 'NOT_A_STAGE' as never }),
      ),
    );
    expect((await postFaults(aws, { kind: 'stale', operation: 'GetBranch', times: 1 })).status).toBe(200);
    const { branch } = await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'staging' }));
    expect(branch?.environmentVariables).toEqual(seeded);
  });
});

describe('request-rate quotas', () => {
  let clock = 0;
  const at = (ms: number) => {
    clock = ms;
  };

  async function withLimits(rateLimits: LocalAwsOptions['rateLimits'], seed?: Seed) {
    await aws.close();
    clock = 1_800_000_000_000;
    await start({ rateLimits, now: () => clock, ...(seed ? { seed } : {}) });
  }

  const listPools = (client = once) => client.idp.send(new ListUserPoolsCommand({ MaxResults: 10 }));

  it('per operation: the 6th ListUserPools in a second is TooManyRequestsException (400); the window slides', async () => {
    await withLimits({ 'cognito-idp:ListUserPools': 5 });
    const t0 = clock;
    for (let i = 0; i < 3; i++) await listPools();
    at(t0 + 500);
    for (let i = 0; i < 2; i++) await listPools();
    const throttled = await failure(listPools());
    expect(surfaced(throttled)).toEqual({
      name: 'TooManyRequestsException',
      status: 400,
      message: 'Rate exceeded',
      attempts: 1,
    });
    // Other operations have no quota here.
    await once.idp.send(new DescribeUserPoolCommand({ UserPoolId: prodPool }));
    at(t0 + 999);
    await failure(listPools());
    at(t0 + 1000); // the three from t0 have left the window; the two from t0+500 have not
    for (let i = 0; i < 3; i++) await listPools();
    expect((await failure(listPools())).name).toBe('TooManyRequestsException');
    at(t0 + 1500);
    await listPools();
  });

  it('per account and region: another region has its own budget; the SDK retries a throttle, here in vain', async () => {
    await withLimits({ 'cognito-idp:ListUserPools': 1 });
    await listPools();
    const eu = clientsFor(aws, { region: 'eu-west-1', maxAttempts: 1 });
    expect((await eu.idp.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools).toHaveLength(1);
    const retried = await failure(listPools(sdk));
    expect([retried.name, retried.$metadata?.attempts]).toEqual(['TooManyRequestsException', 3]);
    expect(aws.requests.map((request) => [request.region, request.status])).toEqual([
      ['us-east-1', 200],
      ['eu-west-1', 200],
      ['us-east-1', 400],
      ['us-east-1', 400],
      ['us-east-1', 400],
    ]);
  });

  it('a category shared by several operations, and 5 per operation per pool', async () => {
    await withLimits({
      UserPoolResourceRead: { perSecond: 8, actions: ['cognito-idp:ListGroups', 'cognito-idp:GetGroup'] },
      'cognito-idp:ListGroups': { perSecond: 5, per: 'pool' },
    });
    const listGroups = (pool: string) => once.idp.send(new ListGroupsCommand({ UserPoolId: pool }));
    for (let i = 0; i < 5; i++) await listGroups(prodPool);
    expect((await failure(listGroups(prodPool))).name).toBe('TooManyRequestsException'); // 5 per pool
    for (let i = 0; i < 3; i++) await listGroups(stagingPool); // another pool: its own 5, the category's last 3
    expect((await failure(listGroups(stagingPool))).name).toBe('TooManyRequestsException');
    const getGroup = await failure(
      once.idp.send(new GetGroupCommand({ UserPoolId: prodPool, GroupName: 'ADMINS' })),
    );
    expect(getGroup.name).toBe('TooManyRequestsException');
    await once.idp.send(new DescribeUserPoolCommand({ UserPoolId: prodPool }));
    at(clock + 1000);
    await once.idp.send(new GetGroupCommand({ UserPoolId: prodPool, GroupName: 'ADMINS' }));
  });

  it('set on the State at run time, or in the seed; identity pools throttle the same way', async () => {
    await withLimits(undefined, {
      ...seedJson(),
      rateLimits: { 'cognito-identity:DescribeIdentityPool': 1 },
    });
    aws.state.rateLimits['cognito-identity:GetIdentityPoolRoles'] = 0;
    await once.identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: prodIdentityPool }));
    const describe = await failure(
      once.identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: prodIdentityPool })),
    );
    expect(surfaced(describe)).toMatchObject({
      name: 'TooManyRequestsException',
      status: 400,
      message: 'Rate exceeded',
    });
    const roles = await failure(
      once.identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: prodIdentityPool })),
    );
    expect(roles.name).toBe('TooManyRequestsException');
  });

  it('a malformed quota is refused at start, in the seed and as an option', async () => {
    expect(() => loadSeed({ ...seedJson(), rateLimits: { 'cognito-idp:ListUserPools': -1 } })).toThrow(
      /seed\.rateLimits\.cognito-idp:ListUserPools/,
    );
    expect(() =>
      loadSeed({ ...seedJson(), rateLimits: { X: { perSecond: 1, per: 'user' as never } } }),
    ).toThrow(/seed\.rateLimits\.X/);
    await expect(startLocalAws({ rateLimits: { 'cognito-idp:ListUserPools': Number.NaN } })).rejects.toThrow(
      /perSecond must be a number >= 0/,
    );
  });
});
