// Writing and verifying through the real Amplify client against the local AWS, with other writers and faults.
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '../local-aws/server.ts';
import { AmplifyBranch } from '../src/aws/amplify-branch.ts';
import { type CognitoIds, DEFAULT_VARIABLE_NAMES } from '../src/core/config.ts';
import { MAX_WRITE_ATTEMPTS, writeAndVerify } from '../src/core/sync.ts';
import { managedVariables } from '../src/core/variables.ts';

const APP = 'd1exampleapp01';
const ids: CognitoIds = {
  userPoolId: 'us-east-1_DeV12345x',
  userPoolClientId: '4devclient05example6abcdef',
  identityPoolId: 'us-east-1:33333333-3333-4333-8333-333333333333',
  authRoleArn: 'arn:aws:iam::111122223333:role/amplify-auth-development-auth',
  unauthRoleArn: 'arn:aws:iam::111122223333:role/amplify-auth-development-unauth',
  groups: {},
};
const managed = managedVariables(ids, DEFAULT_VARIABLE_NAMES);

let aws: LocalAws;
let savedEnv: NodeJS.ProcessEnv;
beforeEach(async () => {
  aws = await startLocalAws();
  savedEnv = { ...process.env };
  Object.assign(process.env, aws.env());
});
afterEach(async () => {
  process.env = savedEnv;
  await aws.close();
});

const branch = (name = 'feature/login', requestTimeoutMs?: number) =>
  new AmplifyBranch(
    { appId: APP, branchName: name },
    {
      region: 'us-east-1',
      retryStrategy: new ConfiguredRetryStrategy(3, () => 0),
      ...(requestTimeoutMs ? { requestTimeoutMs } : {}),
    },
  );
const variables = (name = 'feature/login') => aws.state.branchVariables(APP, name);
const updateStatuses = () => aws.requests.filter((r) => r.operation === 'UpdateBranch').map((r) => r.status);

describe('write and verify', () => {
  it('writes once and reads back exactly what it wrote', async () => {
    const before = variables();
    const target = branch();
    const notes = await writeAndVerify(target, managed);
    expect(variables()).toEqual({ ...before, ...managed.set });
    expect(target.writes).toBe(1);
    expect(notes).toEqual([]);
    expect(aws.requests.map((r) => r.operation)).toEqual(['GetBranch', 'UpdateBranch', 'GetBranch']);
  });

  it('merges again when another writer replaces the map right after the write', async () => {
    const before = variables();
    // Another writer, working from an old read, puts back its own map: our values vanish, theirs arrive.
    aws.faults.push({
      kind: 'mutate',
      when: 'after',
      operation: 'UpdateBranch',
      times: 1,
      apply: (state) => state.setBranchVariables(APP, 'feature/login', { ...before, THEIRS: '1' }),
    });
    const target = branch();
    const notes = await writeAndVerify(target, managed);
    expect(variables()).toEqual({ ...before, THEIRS: '1', ...managed.set });
    expect(target.writes).toBe(2);
    expect(notes).toEqual([
      'After write 1, the branch differed from what was written in AUTH_ROLE_ARN, IDENTITY_POOL_ID, THEIRS, UNAUTH_ROLE_ARN, USER_POOL_CLIENT_ID, USER_POOL_ID: another writer changed it; merging again.',
    ]);
  });

  it('accepts another writer that keeps the managed values', async () => {
    aws.faults.push({
      kind: 'mutate',
      when: 'after',
      operation: 'UpdateBranch',
      times: 1,
      apply: (state) => state.addBranchVariables(APP, 'feature/login', { LATER: 'x' }),
    });
    const target = branch();
    await writeAndVerify(target, managed);
    expect(target.writes).toBe(1);
    expect(variables()).toMatchObject({ ...managed.set, LATER: 'x' });
  });

  it('gives up loudly after a bounded number of writes when another writer keeps undoing them', async () => {
    const before = variables();
    aws.faults.push({
      kind: 'mutate',
      when: 'after',
      operation: 'UpdateBranch',
      apply: (state) => state.setBranchVariables(APP, 'feature/login', before),
    });
    const target = branch();
    await expect(writeAndVerify(target, managed)).rejects.toThrow(
      `Amplify branch "feature/login" of app ${APP} (us-east-1): another writer changed AUTH_ROLE_ARN, IDENTITY_POOL_ID, UNAUTH_ROLE_ARN, USER_POOL_CLIENT_ID, USER_POOL_ID after each of ${MAX_WRITE_ATTEMPTS} writes`,
    );
    expect(target.writes).toBe(MAX_WRITE_ATTEMPTS);
    expect(variables()).toEqual(before);
  });
});

describe('AWS faults', () => {
  it('retries throttling and server errors', async () => {
    aws.faults.push({ kind: 'throttle', operation: 'UpdateBranch', times: 1 });
    aws.faults.push({
      kind: 'error',
      operation: 'GetBranch',
      status: 503,
      code: 'DependentServiceFailureException',
      times: 1,
    });
    await writeAndVerify(branch(), managed);
    expect(variables()).toMatchObject(managed.set);
    expect(updateStatuses()).toEqual([429, 200]);
  });

  it('fails with the operation and branch named when errors outlast the retries', async () => {
    const before = variables();
    aws.faults.push({
      kind: 'error',
      operation: 'UpdateBranch',
      status: 500,
      code: 'InternalFailureException',
    });
    await expect(writeAndVerify(branch(), managed)).rejects.toThrow(
      `amplify:UpdateBranch on Amplify branch "feature/login" of app ${APP} (us-east-1) failed: InternalFailureException`,
    );
    expect(updateStatuses()).toEqual([500, 500, 500]);
    expect(variables()).toEqual(before);
  });

  it('abandons a request that never gets an answer', async () => {
    aws.faults.push({ kind: 'hang', operation: 'GetBranch' });
    await expect(writeAndVerify(branch('feature/login', 200), managed)).rejects.toThrow(
      `AWS did not answer amplify:GetBranch on Amplify branch "feature/login" of app ${APP} (us-east-1) in time`,
    );
  });

  it('names a missing branch and says how to fix it', async () => {
    await expect(writeAndVerify(branch('nope'), managed)).rejects.toThrow(
      `Amplify branch "nope" of app ${APP} (us-east-1) does not exist. Connect the branch in the Amplify console`,
    );
  });

  it('rejects a reserved name the way Amplify does', async () => {
    const reserved = managedVariables(ids, { ...DEFAULT_VARIABLE_NAMES, userPoolId: 'AWS_POOL' });
    await expect(writeAndVerify(branch(), reserved)).rejects.toThrow(
      /amplify:UpdateBranch .* failed: BadRequestException/,
    );
  });
});
