// A Cognito read that AWS refuses, run as the runner runs the action, against the local AWS: whichever lookup or
// check made it, the error names the IAM action that was refused and what it was reading (the list, the pool, the
// group), so the person fixing the role's policy knows what to grant; nothing is written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultRule } from '../local-aws/faults.ts';
import type { ActionRun } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import { pushStagingInProcess } from './support/in-process.ts';
import { annotations } from './support/runner-log.ts';
import { STAGING, STAGING_LINES, stagingAs } from './support/sample.ts';

const STAGING_POOL = 'us-east-1_StAg12345';
const STAGING_IDENTITY_POOL = 'us-east-1:22222222-2222-4222-8222-222222222222';

/** The file with every ID given, except those `lines` replace: by a lookup, or by '' (left out: found). */
const fileFor = (lines: Partial<Record<keyof typeof STAGING_LINES, string>>) =>
  stagingAs(Object.values({ ...STAGING_LINES, ...lines }).filter((line) => line !== ''));

const ELEVEN_GROUPS = `groups: [ADMINS, ${Array.from({ length: 10 }, (_, i) => `G${i}`)}]`;

let aws: TestAws;
beforeEach(async () => {
  aws = await startTestAws();
});
afterEach(async () => {
  await aws.close();
});

const pushStaging = (file: string) => pushStagingInProcess(aws, file);

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The error of a refused read: the action, what it read, AWS's own words, and what to do. */
const denied = (action: string, what: string, before = '', after = '') =>
  new RegExp(
    `^${literally(`${before}AWS denied ${action} on ${what} (AccessDeniedException: `)}.*${literally(
      `). Grant it to the role this workflow assumes; the README lists the policy.${after}`,
    )}$`,
  );
/** A denial of `operation` for the one resource whose request carries `match`. */
const deniedFor = (operation: string, match: Record<string, string>): FaultRule => ({
  kind: 'deny',
  operation,
  match,
});

function expectStopped(run: ActionRun, message: RegExp) {
  expect(run.exitCode).toBe(1);
  expect(annotations(run.stdout)).toEqual([expect.stringMatching(message)]);
  expect(aws.requests.filter((request) => request.operation === 'UpdateBranch')).toEqual([]);
}

describe('a lookup whose read is refused names the action and what it was reading', () => {
  it.each([
    {
      lookup: 'a user pool by name: the list of user pools',
      lines: { userPool: 'userPool: { name: amplify-auth-staging }' },
      deny: ['cognito-idp:ListUserPools'],
      message: denied('cognito-idp:ListUserPools', 'the user pools in us-east-1'),
    },
    {
      lookup: 'a user pool by tags, without tag:GetResources: the list of user pools',
      lines: { userPool: 'userPool: { tags: { "amplify-auth:environment": staging } }' },
      deny: ['tag:GetResources', 'cognito-idp:ListUserPools'],
      message: denied('cognito-idp:ListUserPools', 'the user pools in us-east-1'),
    },
    {
      lookup: 'a user pool by tags, without tag:GetResources: the one pool it may not describe',
      lines: { userPool: 'userPool: { tags: { "amplify-auth:environment": staging } }' },
      deny: ['tag:GetResources'],
      fault: deniedFor('DescribeUserPool', { UserPoolId: 'us-east-1_LeGacy001' }),
      message: denied('cognito-idp:DescribeUserPool', 'user pool us-east-1_LeGacy001'),
    },
    {
      lookup: 'an app client by name: the list of the pool’s clients',
      lines: { client: 'userPoolClient: { name: storefront-web-staging }' },
      deny: ['cognito-idp:ListUserPoolClients'],
      message: denied('cognito-idp:ListUserPoolClients', `the app clients of user pool ${STAGING_POOL}`),
    },
    {
      lookup: 'the only app client: the list of the pool’s clients',
      lines: { client: '' },
      deny: ['cognito-idp:ListUserPoolClients'],
      message: denied('cognito-idp:ListUserPoolClients', `the app clients of user pool ${STAGING_POOL}`),
    },
    {
      lookup: 'an identity pool by name: the list of identity pools',
      lines: { identityPool: 'identityPool: { name: amplify_auth_staging }' },
      deny: ['cognito-identity:ListIdentityPools'],
      message: denied('cognito-identity:ListIdentityPools', 'the identity pools in us-east-1'),
    },
    {
      lookup: 'the identity pool that trusts the client: the list of identity pools',
      lines: { identityPool: '' },
      deny: ['cognito-identity:ListIdentityPools'],
      message: denied('cognito-identity:ListIdentityPools', 'the identity pools in us-east-1'),
    },
    {
      lookup: 'the identity pool that trusts the client: the one pool it may not describe',
      lines: { identityPool: '' },
      fault: deniedFor('DescribeIdentityPool', {
        IdentityPoolId: 'us-east-1:44444444-4444-4444-8444-444444444444',
      }),
      message: denied(
        'cognito-identity:DescribeIdentityPool',
        'identity pool us-east-1:44444444-4444-4444-8444-444444444444',
      ),
    },
    {
      lookup: "the roles from the identity pool: the pool's roles",
      lines: { auth: '', unauth: '' },
      deny: ['cognito-identity:GetIdentityPoolRoles'],
      message: denied('cognito-identity:GetIdentityPoolRoles', `identity pool ${STAGING_IDENTITY_POOL}`),
    },
    {
      lookup: 'every group with a role: the list of the pool’s groups',
      lines: { groups: 'groups: all' },
      deny: ['cognito-idp:ListGroups'],
      message: denied('cognito-idp:ListGroups', `user pool ${STAGING_POOL}`),
    },
    {
      lookup: 'more than 10 groups by name: the list of the pool’s groups, read once for all of them',
      lines: { groups: ELEVEN_GROUPS },
      deny: ['cognito-idp:ListGroups'],
      message: denied('cognito-idp:ListGroups', `user pool ${STAGING_POOL}`),
    },
    {
      lookup: 'a group by name: that group, at the groups key',
      lines: { groups: 'groups: [ADMINS]' },
      deny: ['cognito-idp:GetGroup'],
      message: denied(
        'cognito-idp:GetGroup',
        `group "ADMINS" of user pool ${STAGING_POOL}`,
        'environments.staging.groups: ',
      ),
    },
  ])('$lookup', async ({ lines, deny = [], fault, message }) => {
    aws.state.deny.push(...deny);
    if (fault) aws.faults.push(fault);
    expectStopped(await pushStaging(fileFor(lines)), message);
  });
});

describe('a check whose read is refused names the action that was refused', () => {
  it.each([
    'cognito-idp:DescribeUserPool',
    'cognito-idp:ListIdentityProviders',
    'cognito-idp:DescribeUserPoolClient',
    'cognito-identity:DescribeIdentityPool',
  ])('%s', async (action) => {
    aws.state.deny.push(action);
    const run = await pushStaging(fileFor({}));
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout)).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `could not be read: access denied \\(${literally(action)}: .*\\)\\. Grant the read permissions listed in the README\\.`,
        ),
      ),
    );
    expect(aws.requests.filter((request) => request.operation === 'UpdateBranch')).toEqual([]);
  });
});

describe('a check whose read fails names the call and the resource', () => {
  it.each([
    {
      what: 'the app client',
      operation: 'DescribeUserPoolClient',
      named: `cognito-idp:DescribeUserPoolClient on app client ${STAGING.USER_POOL_CLIENT_ID}`,
    },
    {
      what: 'the identity pool',
      operation: 'DescribeIdentityPool',
      named: `cognito-identity:DescribeIdentityPool on identity pool ${STAGING_IDENTITY_POOL}`,
    },
  ])('$what, when $operation keeps failing', async ({ operation, named }) => {
    aws.faults.push({
      kind: 'error',
      operation,
      status: 500,
      code: 'InternalErrorException',
      message: 'Service unavailable.',
    });
    const run = await pushStaging(fileFor({}));
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout)).toContainEqual(
      expect.stringContaining(`${named} failed: InternalErrorException: Service unavailable.`),
    );
    expect(aws.requests.filter((request) => request.operation === 'UpdateBranch')).toEqual([]);
  });
});
