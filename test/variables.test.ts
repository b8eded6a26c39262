import { describe, expect, it } from 'vitest';
import { type CognitoIds, DEFAULT_VARIABLE_NAMES } from '../src/core/config/types.ts';
import {
  differingNames,
  MAX_VARIABLE_VALUE_LENGTH,
  managedVariables,
  oversizedValues,
  planVariables,
} from '../src/core/variables.ts';

const ids: CognitoIds = {
  userPoolId: 'us-east-1_AbC123xyz',
  userPoolClientId: 'client1',
  identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
  authRoleArn: 'arn:aws:iam::111122223333:role/auth',
  unauthRoleArn: 'arn:aws:iam::111122223333:role/unauth',
  groups: {},
};

describe('managed variables', () => {
  it('maps the IDs to the configured names and leaves the groups variable unset without groups', () => {
    expect(managedVariables(ids, DEFAULT_VARIABLE_NAMES)).toEqual({
      set: {
        USER_POOL_ID: ids.userPoolId,
        USER_POOL_CLIENT_ID: 'client1',
        IDENTITY_POOL_ID: ids.identityPoolId,
        AUTH_ROLE_ARN: ids.authRoleArn,
        UNAUTH_ROLE_ARN: ids.unauthRoleArn,
      },
      unset: ['USER_POOL_GROUPS'],
    });
  });

  it('writes groups as a JSON object that referenceAuth takes as is', () => {
    const groups = {
      ADMINS: 'arn:aws:iam::111122223333:role/admins',
      'Über Users': 'arn:aws:iam::111122223333:role/u',
    };
    const { set } = managedVariables({ ...ids, groups }, { ...DEFAULT_VARIABLE_NAMES, groups: 'GROUPS' });
    expect(JSON.parse(set.GROUPS as string)).toEqual(groups);
  });
});

describe("values over Amplify's limit", () => {
  it('are named with their length; values of exactly 5,500 characters are not', () => {
    const names = { ...DEFAULT_VARIABLE_NAMES, groups: 'GROUPS' };
    const role = (n: number) => 'r'.repeat(n - '{"G":""}'.length);
    expect(MAX_VARIABLE_VALUE_LENGTH).toBe(5500);
    expect(oversizedValues(managedVariables({ ...ids, groups: { G: role(5500) } }, names), names)).toEqual(
      [],
    );
    expect(oversizedValues(managedVariables({ ...ids, groups: { G: role(5501) } }, names), names)).toEqual([
      { name: 'GROUPS', key: 'groups', length: 5501 },
    ]);
  });
});

describe('merging into the branch', () => {
  const managed = managedVariables(ids, DEFAULT_VARIABLE_NAMES);

  it('adds the managed variables and carries every other variable unchanged', () => {
    const current = { API_URL: 'https://api', FEATURE_FLAGS: 'a,b' };
    const plan = planVariables(current, managed);
    expect(plan.next).toEqual({ ...current, ...managed.set });
    expect(plan.changed).toBe(true);
    expect(plan.untouched).toBe(2);
    expect(plan.changes.map((c) => `${c.name}:${c.kind}`)).toEqual([
      'USER_POOL_ID:added',
      'USER_POOL_CLIENT_ID:added',
      'IDENTITY_POOL_ID:added',
      'AUTH_ROLE_ARN:added',
      'UNAUTH_ROLE_ARN:added',
    ]);
  });

  it('reports no change when the branch already holds the values', () => {
    const plan = planVariables({ ...managed.set, OTHER: '1' }, managed);
    expect(plan.changed).toBe(false);
    expect(plan.changes.every((c) => c.kind === 'unchanged')).toBe(true);
  });

  it('changes a stale value and removes a groups variable the environment no longer has', () => {
    const plan = planVariables(
      { ...managed.set, USER_POOL_ID: 'us-east-1_Old', USER_POOL_GROUPS: '{}' },
      managed,
    );
    expect(plan.changes.filter((c) => c.kind !== 'unchanged')).toEqual([
      { name: 'USER_POOL_ID', kind: 'changed', before: 'us-east-1_Old', after: ids.userPoolId },
      { name: 'USER_POOL_GROUPS', kind: 'removed', before: '{}', after: undefined },
    ]);
    expect(plan.next).toEqual(managed.set);
  });

  it('counts as untouched only the variables it does not manage', () => {
    const plan = planVariables({ ...managed.set, OTHER: '1', USER_POOL_GROUPS: '{}' }, managed);
    expect(plan.untouched).toBe(1);
  });

  it('reports a change when one managed value of several differs', () => {
    const plan = planVariables({ ...managed.set, USER_POOL_ID: 'us-east-1_Old' }, managed);
    expect(plan.changed).toBe(true);
  });

  it('lists the names where two maps differ', () => {
    expect(differingNames({ A: '1', B: '2', C: '3' }, { A: '1', B: 'x', D: '4' })).toEqual(['B', 'C', 'D']);
  });
});
