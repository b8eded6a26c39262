// Writing and verifying through the real Amplify client against the local AWS, with other writers, lost
// answers, stale reads and faults.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultRule } from '../local-aws/server.ts';
import { AmplifyBranch } from '../src/aws/amplify-branch.ts';
import { type CognitoIds, DEFAULT_VARIABLE_NAMES } from '../src/core/config/types.ts';
import { SyncError, type VariableStore, writeAndVerify } from '../src/core/sync.ts';
import { managedVariables } from '../src/core/variables.ts';
import { startTestAws, type TestAws } from './support/aws.ts';

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
const noWait = () => Promise.resolve();

let aws: TestAws;
let savedEnv: NodeJS.ProcessEnv;
beforeEach(async () => {
  aws = await startTestAws();
  savedEnv = { ...process.env };
  Object.assign(process.env, aws.env());
});
afterEach(async () => {
  process.env = savedEnv;
  await aws.close();
});

const branch = (name = 'feature/login', requestTimeoutMs = 2_000) =>
  new AmplifyBranch(
    { appId: APP, branchName: name },
    { region: 'us-east-1', tuning: { backoff: () => 0, requestTimeoutMs } },
  );
const variables = (name = 'feature/login') => aws.state.branchVariables(APP, name);
const statuses = (operation: string) =>
  aws.requests.filter((r) => r.operation === operation).map((r) => r.status);

/** Reads the branch as the validation stage does, then (with `faults` added) writes and verifies. */
async function sync(target = branch(), ...faults: FaultRule[]) {
  const current = await target.read();
  aws.requests.length = 0;
  aws.faults.push(...faults);
  return writeAndVerify(target, managed, current, { delay: noWait });
}

async function syncError(target = branch(), ...faults: FaultRule[]): Promise<SyncError> {
  const error = await sync(target, ...faults).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

describe('write and verify', () => {
  it('writes once and reads back exactly what it wrote: no read just before the write', async () => {
    const before = variables();
    const result = await sync();
    expect(variables()).toEqual({ ...before, ...managed.set });
    expect(result).toEqual({
      writes: 1,
      holds: { ...before, ...managed.set },
      autoBuild: true,
      created: false,
      variablesChanged: true,
      notes: [],
    });
    expect(aws.requests.map((r) => r.operation)).toEqual(['UpdateBranch', 'GetBranch']);
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
    const result = await sync();
    expect(variables()).toEqual({ ...before, THEIRS: '1', ...managed.set });
    expect(result.writes).toBe(2);
    expect(result.notes).toEqual([
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
    const result = await sync();
    expect(result.writes).toBe(1);
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
    const error = await syncError();
    expect(error.message).toContain(
      `Amplify branch "feature/login" of app ${APP} (us-east-1): another writer changed AUTH_ROLE_ARN, IDENTITY_POOL_ID, UNAUTH_ROLE_ARN, USER_POOL_CLIENT_ID, USER_POOL_ID after each of 3 writes`,
    );
    expect(error.written).toBe('written');
    expect(statuses('UpdateBranch')).toHaveLength(3); // the README's "at most 3 writes"
    expect(variables()).toEqual(before);
  });

  it('reads again when the read-back is a stale copy from before the write, and calls it no other writer', async () => {
    const result = await sync(branch(), { kind: 'stale', operation: 'GetBranch', times: 1 });
    expect(result).toMatchObject({ writes: 1, notes: [] });
    expect(aws.requests.map((r) => r.operation)).toEqual(['UpdateBranch', 'GetBranch', 'GetBranch']);
    expect(variables()).toMatchObject(managed.set);
  });
});

describe('a write whose answer is lost', () => {
  // The change is saved, then every attempt's answer is lost: the SDK retries, each retry lands too.
  const lost: [string, FaultRule][] = [
    [
      'a 500 after the change was saved',
      {
        kind: 'error',
        operation: 'UpdateBranch',
        status: 500,
        code: 'InternalFailureException',
        afterHandler: true,
      },
    ],
    ['a reset after the change was saved', { kind: 'reset', operation: 'UpdateBranch', afterHandler: true }],
    ['a timeout after the change was saved', { kind: 'hang', operation: 'UpdateBranch', afterHandler: true }],
  ];

  it.each(lost)('%s: reads the branch back, finds the values, and says the write landed', async (_, rule) => {
    aws.faults.push(rule);
    const result = await sync(branch('feature/login', 1_000));
    expect(variables()).toMatchObject(managed.set);
    expect(result.writes).toBe(1);
    expect(result.notes).toEqual([
      expect.stringMatching(
        /^The answer to write 1 was lost \(.+\), but the branch, read back, holds exactly what was written: the write landed\.$/,
      ),
    ]);
    expect(statuses('UpdateBranch')).toHaveLength(3);
  });

  it('reads again when the read-back after a lost answer is a stale copy from before the write', async () => {
    // The first attempt lands and its answer is lost; the SDK's retries are refused before they change anything.
    const result = await sync(
      branch(),
      { ...(lost[0]?.[1] as FaultRule), times: 1 },
      { kind: 'error', operation: 'UpdateBranch', status: 500, code: 'InternalFailureException', times: 2 },
      { kind: 'stale', operation: 'GetBranch', times: 1 },
    );
    expect(result).toMatchObject({
      writes: 1,
      variablesChanged: true,
      holds: expect.objectContaining(managed.set),
    });
    expect(result.notes).toEqual([expect.stringMatching(/the write landed\.$/)]);
    expect(aws.requests.map((r) => `${r.operation} ${r.status}`)).toEqual([
      'UpdateBranch 500',
      'UpdateBranch 500',
      'UpdateBranch 500',
      'GetBranch 200',
      'GetBranch 200',
    ]);
  });

  it('says the outcome is unknown when the read-back fails too, and never "nothing was written"', async () => {
    const error = await syncError(branch(), lost[0]?.[1] as FaultRule, {
      kind: 'error',
      operation: 'GetBranch',
      status: 500,
      code: 'InternalFailureException',
    });
    expect(error.written).toBe('unknown');
    expect(error.message).toContain('could not be read back to tell');
    expect(variables()).toMatchObject(managed.set);
  });

  it('says nothing was written only when the read-back proves it', async () => {
    const before = variables();
    // Lost before the handler: the change never happened.
    aws.faults.push({ kind: 'reset', operation: 'UpdateBranch' });
    const error = await syncError();
    expect(error.written).toBe('nothing');
    expect(error.holds).toEqual(before);
    expect(error.message).toContain('holds exactly what it held before: the write did not land');
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
    await sync();
    expect(variables()).toMatchObject(managed.set);
    expect(statuses('UpdateBranch')).toEqual([429, 200]);
  });

  it('fails with the operation and branch named when a refusal ends the write, and wrote nothing', async () => {
    const before = variables();
    aws.state.deny.push('amplify:UpdateBranch');
    const error = await syncError();
    expect(error.message).toContain(
      `AWS denied amplify:UpdateBranch on Amplify branch "feature/login" of app ${APP} (us-east-1) (AccessDeniedException: User: `,
    );
    expect(error.written).toBe('nothing');
    expect(statuses('UpdateBranch')).toEqual([403]);
    expect(variables()).toEqual(before);
  });

  it('abandons a request that never gets an answer', async () => {
    const target = branch('feature/login', 200);
    aws.faults.push({ kind: 'hang', operation: 'GetBranch' });
    await expect(target.read()).rejects.toThrow(
      `AWS did not answer amplify:GetBranch on Amplify branch "feature/login" of app ${APP} (us-east-1) in time`,
    );
    expect(statuses('GetBranch')).toHaveLength(3);
  });

  it('reads a missing branch as missing, and creates it with the variables in the creating call', async () => {
    const target = branch('feature/new');
    const current = await target.read();
    expect(current).toMatchObject({ exists: false, variables: {} });
    aws.requests.length = 0;
    const result = await writeAndVerify(target, managed, current, { stage: 'DEVELOPMENT', delay: noWait });
    expect(result).toMatchObject({ writes: 1, created: true, autoBuild: false, variablesChanged: true });
    expect(aws.requests.map((r) => r.operation)).toEqual(['CreateBranch', 'GetBranch']);
    expect(aws.state.branch(APP, 'feature/new')).toMatchObject({
      environmentVariables: managed.set,
      enableAutoBuild: false,
      stage: 'DEVELOPMENT',
    });
  });

  it('sets auto-build in the same write as the variables, and writes for it alone when the values are right', async () => {
    const target = branch();
    const result = await writeAndVerify(target, managed, await target.read(), {
      autoBuild: false,
      delay: noWait,
    });
    expect(result).toMatchObject({ writes: 1, autoBuild: false, variablesChanged: true });
    expect(aws.requests.filter((r) => r.operation === 'UpdateBranch').map((r) => r.input)).toEqual([
      expect.objectContaining({
        enableAutoBuild: false,
        environmentVariables: expect.objectContaining(managed.set),
      }),
    ]);
    const again = await writeAndVerify(target, managed, await target.read(), {
      autoBuild: true,
      delay: noWait,
    });
    expect(again).toMatchObject({ writes: 1, variablesChanged: false }); // auto-build alone
    expect(aws.state.branch(APP, 'feature/login')?.enableAutoBuild).toBe(true);
  });

  it('rejects a reserved name the way Amplify does', async () => {
    const target = branch();
    const current = await target.read();
    const reserved = managedVariables(ids, { ...DEFAULT_VARIABLE_NAMES, userPoolId: 'AWS_POOL' });
    await expect(writeAndVerify(target, reserved, current, { delay: noWait })).rejects.toThrow(
      /amplify:UpdateBranch .* failed: BadRequestException/,
    );
  });
});

describe('what the branch is said to hold when a write goes wrong', () => {
  const autoBuildOn =
    (name = 'feature/login') =>
    (state: TestAws['state']) => {
      const target = state.requireBranch(APP, name);
      state.updateBranch(target, () => {
        target.enableAutoBuild = true;
      });
    };

  it('notices another writer turning auto-build back on after the write, and writes again', async () => {
    const target = branch();
    const current = await target.read();
    aws.faults.push({
      kind: 'mutate',
      when: 'after',
      operation: 'UpdateBranch',
      times: 1,
      apply: autoBuildOn(),
    });
    const result = await writeAndVerify(target, managed, current, { autoBuild: false, delay: noWait });
    expect(result).toMatchObject({ writes: 2, autoBuild: false });
    expect(result.notes).toEqual([
      'After write 1, the branch differed from what was written in auto-build: another writer changed it; merging again.',
    ]);
  });

  it('gives up naming the auto-build setting when another writer keeps turning it back on', async () => {
    const target = branch();
    const current = await target.read();
    aws.faults.push({ kind: 'mutate', when: 'after', operation: 'UpdateBranch', apply: autoBuildOn() });
    await expect(
      writeAndVerify(target, managed, current, { autoBuild: false, delay: noWait }),
    ).rejects.toThrow(
      `Amplify branch "feature/login" of app ${APP} (us-east-1): another writer changed its auto-build setting after each of 3 writes`,
    );
  });

  it('says the branch existence changed when it vanishes after a write of no variables', async () => {
    aws.state.addBranch(APP, 'feature/empty');
    const target = branch('feature/empty');
    const current = await target.read();
    aws.requests.length = 0;
    aws.faults.push({
      kind: 'mutate',
      when: 'after',
      operation: 'UpdateBranch',
      times: 1,
      apply: (state) => state.deleteBranch(APP, 'feature/empty'),
    });
    const result = await writeAndVerify(target, { set: {}, unset: [] }, current, {
      autoBuild: false,
      delay: noWait,
    });
    expect(result).toMatchObject({ writes: 2, created: true });
    expect(result.notes).toEqual([
      'After write 1, the branch differed from what was written in its existence: another writer changed it; merging again.',
    ]);
  });

  it('reports a refused write as it is, without reading the branch back', async () => {
    aws.state.deny.push('amplify:UpdateBranch');
    const error = await syncError();
    expect(error.problems).toHaveLength(1);
    expect(aws.requests.map((r) => r.operation)).toEqual(['UpdateBranch']);
  });

  it('says the branch was written when a write is refused after an earlier one landed', async () => {
    const before = variables();
    aws.faults.push({
      kind: 'mutate',
      when: 'after',
      operation: 'UpdateBranch',
      times: 1,
      apply: (state) => {
        state.setBranchVariables(APP, 'feature/login', { ...before, THEIRS: '1' });
        state.deny.push('amplify:UpdateBranch');
      },
    });
    const error = await syncError();
    expect(error.written).toBe('written');
    expect(error.message).toContain('AWS denied amplify:UpdateBranch');
  });

  it('says the branch was written when a lost write did not land but an earlier one did', async () => {
    const before = variables();
    aws.faults.push({
      kind: 'mutate',
      when: 'after',
      operation: 'UpdateBranch',
      times: 1,
      apply: (state) => {
        state.setBranchVariables(APP, 'feature/login', { ...before, THEIRS: '1' });
        aws.faults.push({ kind: 'reset', operation: 'UpdateBranch' });
      },
    });
    const error = await syncError();
    expect(error.written).toBe('written');
    expect(error.holds).toEqual({ ...before, THEIRS: '1' });
    expect(error.message).toContain('holds exactly what it held before: the write did not land');
  });

  it('says another writer changed the branch when a lost write is followed by their values', async () => {
    const before = variables();
    const error = await syncError(
      branch(),
      {
        kind: 'mutate',
        when: 'after',
        operation: 'UpdateBranch',
        times: 1,
        apply: (state) => state.setBranchVariables(APP, 'feature/login', { ...before, THEIRS: '1' }),
      },
      { kind: 'reset', operation: 'UpdateBranch' },
    );
    expect(error.written).toBe('written');
    expect(error.holds).toEqual({ ...before, THEIRS: '1' });
    expect(error.message).toContain(
      `Read back after that failure, Amplify branch "feature/login" of app ${APP} (us-east-1) differs both from what was there and from what was written: another writer changed it.`,
    );
  });

  it('says another writer changed the branch when it created the branch, without values, while our creation was lost', async () => {
    const error = await syncError(
      branch('feature/new'),
      {
        kind: 'mutate',
        when: 'after',
        operation: 'CreateBranch',
        times: 1,
        apply: (state) => state.addBranch(APP, 'feature/new'),
      },
      { kind: 'reset', operation: 'CreateBranch' },
    );
    expect(error.written).toBe('written');
    expect(error.holds).toEqual({});
    expect(error.message).toContain('differs both from what was there and from what was written');
  });

  it('says nothing was created when a lost creation left no branch', async () => {
    const error = await syncError(branch('feature/new'), { kind: 'reset', operation: 'CreateBranch' });
    expect(error.written).toBe('nothing');
    expect(error.holds).toBeUndefined();
    expect(error.message).toContain(
      `Read back after that failure, Amplify branch "feature/new" of app ${APP} (us-east-1) still does not exist: it was not created.`,
    );
  });

  it('counts a creation whose answer was lost but which landed as creating the branch', async () => {
    const result = await sync(
      branch('feature/new'),
      {
        kind: 'error',
        operation: 'CreateBranch',
        status: 500,
        code: 'InternalFailureException',
        afterHandler: true,
        times: 1,
      },
      { kind: 'error', operation: 'CreateBranch', status: 500, code: 'InternalFailureException', times: 2 },
    );
    expect(result).toMatchObject({ writes: 1, created: true, variablesChanged: true });
    expect(variables('feature/new')).toEqual(managed.set);
  });

  it('names the lost answer in its note', async () => {
    const result = await sync(branch(), {
      kind: 'error',
      operation: 'UpdateBranch',
      status: 500,
      code: 'InternalFailureException',
      afterHandler: true,
    });
    expect(result.notes).toEqual([expect.stringContaining('InternalFailureException')]);
  });

  it('says the write landed but could not be verified when the read-back is refused', async () => {
    const error = await syncError(branch(), { kind: 'deny', operation: 'GetBranch' });
    expect(error.written).toBe('written');
    expect(error.problems.at(-1)?.message).toBe(
      `The write was acknowledged, but Amplify branch "feature/login" of app ${APP} (us-east-1) could not be read back to verify it: check its variables in the Amplify console.`,
    );
    expect(error.message).toContain('AWS denied amplify:GetBranch');
  });

  it('trusts the first read after a lost answer when the branch reports no update time', async () => {
    const real = branch();
    const timeless: VariableStore = {
      description: real.description,
      read: async () => ({ ...(await real.read()), updatedAt: undefined }),
      replace: (next, autoBuild) => real.replace(next, autoBuild),
      create: (next, settings) => real.create(next, settings),
    };
    const current = await timeless.read();
    aws.faults.push({ kind: 'reset', operation: 'UpdateBranch' });
    aws.requests.length = 0;
    const error = await writeAndVerify(timeless, managed, current, { delay: noWait }).catch(
      (failure: unknown) => failure as SyncError,
    );
    expect(error).toBeInstanceOf(SyncError);
    expect(statuses('GetBranch')).toEqual([200]);
  });

  it('waits longer before each further read of a stale copy', async () => {
    const target = branch();
    const current = await target.read();
    aws.faults.push({ kind: 'stale', operation: 'GetBranch', times: 2 });
    const waits: number[] = [];
    await writeAndVerify(target, managed, current, {
      delay: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([200, 400]);
  });

  it('creates a missing branch at the DEVELOPMENT stage unless told otherwise', async () => {
    const target = branch('feature/new');
    await writeAndVerify(target, managed, await target.read(), { delay: noWait });
    expect(aws.state.branch(APP, 'feature/new')?.stage).toBe('DEVELOPMENT');
  });

  it('lets an error that is not a failed write or read through as it is', async () => {
    const real = branch();
    const bug = new TypeError('a bug in the store');
    const current = await real.read();
    const failing = (store: Partial<VariableStore>): VariableStore => ({
      description: real.description,
      read: () => real.read(),
      replace: (next, autoBuild) => real.replace(next, autoBuild),
      create: (next, settings) => real.create(next, settings),
      ...store,
    });
    await expect(
      writeAndVerify(failing({ replace: () => Promise.reject(bug) }), managed, current, { delay: noWait }),
    ).rejects.toBe(bug);
    await expect(
      writeAndVerify(failing({ read: () => Promise.reject(bug) }), managed, current, { delay: noWait }),
    ).rejects.toBe(bug);
  });
});
