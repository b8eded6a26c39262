// The role trust and sharing checks on their own, with the exact text a user reads; how they sit among the other
// checks is in checks.test.ts.

import type { Role } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { checkRoleTrust, checkSharing } from '../src/core/checks/roles.ts';
import type { Lookup, Wiring } from '../src/core/checks/types.ts';
import type { CognitoIds } from '../src/core/config/types.ts';
import { checkContextOf } from './support/check-context.ts';

const POOL = 'us-east-1_AbC123xyz';
const IDENTITY_POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const AUTH = 'arn:aws:iam::111122223333:role/auth';
const UNAUTH = 'arn:aws:iam::111122223333:role/unauth';
const ADMINS = 'arn:aws:iam::111122223333:role/admins';

const ids: CognitoIds = {
  userPoolId: POOL,
  userPoolClientId: 'client1',
  identityPoolId: IDENTITY_POOL,
  authRoleArn: AUTH,
  unauthRoleArn: UNAUTH,
  groups: {},
};

/** The trust policy Amplify writes: this identity pool, one kind of identity. */
const trust = (amr: string) =>
  encodeURIComponent(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': IDENTITY_POOL },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
          },
        },
      ],
    }),
  );
const role = (arn: string, amr: string): Lookup<Role> => ({
  found: {
    Arn: arn,
    RoleName: arn.split('/').pop(),
    Path: '/',
    RoleId: arn,
    CreateDate: new Date(0),
    AssumeRolePolicyDocument: trust(amr),
  },
});
/** What AWS answered, with every role read; only `roles` matters to the role trust check. */
const wiring = (roles: Wiring['roles']): Wiring => ({
  userPool: { found: { Id: POOL } },
  identityProviders: { found: [] },
  client: { found: { ClientId: 'client1', hasSecret: false } },
  identityPool: { found: { IdentityPoolId: IDENTITY_POOL, IdentityPoolName: 'dev', $metadata: {} } } as never,
  identityPoolRoles: { found: { authenticated: AUTH, unauthenticated: UNAUTH } },
  groups: {},
  roles,
});
const goodRoles = () => ({ [AUTH]: role(AUTH, 'authenticated'), [UNAUTH]: role(UNAUTH, 'unauthenticated') });
/** The fix every trust policy problem ends with, for a role that needs this kind of identity. */
const needs = (amr: string) =>
  `Its trust policy needs: Allow, Principal {"Federated": "cognito-identity.amazonaws.com"}, Action sts:AssumeRoleWithWebIdentity, Condition StringEquals {"cognito-identity.amazonaws.com:aud": "${IDENTITY_POOL}"} and ForAnyValue:StringLike {"cognito-identity.amazonaws.com:amr": "${amr}"}, and no Deny for these identities; otherwise sign-in fails with "Invalid identity pool configuration".`;

describe('role trust check', () => {
  it('passes, naming the identity pool, when every role trusts it for the right identities', () => {
    expect(checkRoleTrust(ids, wiring(goodRoles()))).toEqual({
      id: 'role-trust',
      title: 'Role trust policies',
      status: 'pass',
      details: [`Every role trusts ${IDENTITY_POOL} for the right identities.`],
    });
  });

  it('is skipped when the check-roles input turns it off', () => {
    expect(checkRoleTrust(ids, wiring(undefined))).toEqual({
      id: 'role-trust',
      title: 'Role trust policies',
      status: 'skip',
      details: ['Turned off by the `check-roles` input.'],
    });
  });

  it('says what the trust policy needs, and which variable each problem is about', () => {
    const withGroup = { ...ids, groups: { ADMINS } };
    const result = checkRoleTrust(
      withGroup,
      wiring({
        ...goodRoles(),
        [UNAUTH]: role(UNAUTH, 'authenticated'),
        [ADMINS]: role(ADMINS, 'unauthenticated'),
      }),
    );
    expect(result).toEqual({
      id: 'role-trust',
      title: 'Role trust policies',
      key: 'authRoleArn',
      status: 'fail',
      details: [
        `Role ${UNAUTH} (unauthRoleArn) limits cognito-identity.amazonaws.com:amr to values that exclude "unauthenticated" (statement 1, ForAnyValue:StringLike). ${needs('unauthenticated')}`,
        `Role ${ADMINS} (group ADMINS) limits cognito-identity.amazonaws.com:amr to values that exclude "authenticated" (statement 1, ForAnyValue:StringLike). ${needs('authenticated')}`,
      ],
      detailKeys: ['unauthRoleArn', 'groups'],
    });
  });

  it("warns instead of failing for the guests' role of an identity pool that lets no guest in", () => {
    const pool = (allowGuests: boolean) =>
      ({
        ...wiring({ ...goodRoles(), [UNAUTH]: role(UNAUTH, 'authenticated') }),
        identityPool: {
          found: { IdentityPoolId: IDENTITY_POOL, AllowUnauthenticatedIdentities: allowGuests },
        },
      }) as Wiring;
    const problem = `Role ${UNAUTH} (unauthRoleArn) limits cognito-identity.amazonaws.com:amr to values that exclude "unauthenticated" (statement 1, ForAnyValue:StringLike).`;
    expect(checkRoleTrust(ids, pool(false))).toMatchObject({
      status: 'warn',
      details: [
        `${problem} ${needs('unauthenticated').replace(
          'otherwise sign-in fails',
          `${IDENTITY_POOL} does not allow guests (unauthenticated identities), so no one assumes this role now, but once guest access is turned on, guest sign-in fails`,
        )}`,
      ],
      detailKeys: ['unauthRoleArn'],
    });
    expect(checkRoleTrust(ids, pool(true))).toMatchObject({
      status: 'fail',
      details: [`${problem} ${needs('unauthenticated')}`],
    });
    // The signed-in users' role still fails, guests or not.
    const authWrong = {
      ...pool(false),
      roles: { ...goodRoles(), [AUTH]: role(AUTH, 'unauthenticated') },
    } as Wiring;
    expect(checkRoleTrust(ids, authWrong)).toMatchObject({ status: 'fail', detailKeys: ['authRoleArn'] });
  });

  it('warns, naming the permission to grant, when iam:GetRole is denied', () => {
    const result = checkRoleTrust(
      ids,
      wiring({ ...goodRoles(), [AUTH]: { denied: 'iam:GetRole: not allowed' } }),
    );
    expect(result).toMatchObject({ status: 'warn', detailKeys: ['authRoleArn'] });
    expect(result.details).toEqual([
      `Role ${AUTH} was not checked: iam:GetRole was denied (iam:GetRole: not allowed). Grant iam:GetRole, or set check-roles: false.`,
    ]);
  });

  it('fails for a role that was not read at all', () => {
    const { [UNAUTH]: _, ...onlyAuth } = goodRoles();
    expect(checkRoleTrust(ids, wiring(onlyAuth)).details).toEqual([
      `Role ${UNAUTH} (unauthRoleArn) could not be read (not fetched). Re-run; nothing was written.`,
    ]);
  });

  it('reports a role once when a group uses it for the same identities as authRoleArn', () => {
    const shared = { ...ids, groups: { ADMINS: AUTH } };
    expect(
      checkRoleTrust(shared, wiring({ ...goodRoles(), [AUTH]: { missing: 'no role' } })).details,
    ).toEqual([
      `Role ${AUTH} (authRoleArn) does not exist (no role). Create the role or fix the ARN in the file.`,
    ]);
  });
});

describe('sharing check', () => {
  const context = checkContextOf(
    `environments:
  dev:
    branches: [dev]
    userPoolId: ${POOL}
    userPoolClientId: client1
    identityPoolId: ${IDENTITY_POOL}
    authRoleArn: ${AUTH}
    unauthRoleArn: ${UNAUTH}
  other:
    branches: [other]
    userPoolId: us-east-1_Other1
    userPoolClientId: client2
    identityPoolId: us-east-1:99999999-2222-3333-4444-555555555555
    authRoleArn: arn:aws:iam::111122223333:role/other-auth
    unauthRoleArn: arn:aws:iam::111122223333:role/other-unauth
`,
  );

  it('passes, saying so, when each environment has its own resources', () => {
    expect(checkSharing(context)).toEqual({
      id: 'sharing',
      title: 'Not shared with other environments',
      status: 'pass',
      details: ['No resource is shared with another environment.'],
    });
  });
});
