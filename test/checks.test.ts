// The checks as pure judgements over what AWS answered; the same mistakes against the local AWS are in
// validation.e2e.test.ts.

import type { Role } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { type CheckContext, checkWiring, trustProblem, type Wiring } from '../src/core/checks.ts';
import { parseEnvironmentsFile } from '../src/core/config.ts';

const POOL = 'us-east-1_AbC123xyz';
const IDENTITY_POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const AUTH = 'arn:aws:iam::111122223333:role/auth';
const UNAUTH = 'arn:aws:iam::111122223333:role/unauth';

const trust = (amr: string, aud = IDENTITY_POOL, extra: Record<string, unknown> = {}) =>
  encodeURIComponent(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': aud },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
          },
          ...extra,
        },
      ],
    }),
  );

const file = parseEnvironmentsFile(
  `environments:
  dev:
    branches: [dev]
    userPoolId: ${POOL}
    userPoolClientId: client1
    identityPoolId: ${IDENTITY_POOL}
    authRoleArn: ${AUTH}
    unauthRoleArn: ${UNAUTH}
`,
  'envs.yml',
);
const [environment] = file.environments as [CheckContext['environment']];
const context: CheckContext = {
  app: { region: 'us-east-1', account: '111122223333' },
  environment,
  environments: file.environments,
  sharedResources: [],
};

const goodWiring = (): Wiring => ({
  userPool: {
    found: { Id: POOL, Name: 'dev', Policies: { PasswordPolicy: { MinimumLength: 8 } }, AliasAttributes: [] },
  },
  identityProviders: { found: [] },
  client: { found: { ClientId: 'client1', ClientName: 'web' } },
  identityPool: {
    found: {
      IdentityPoolId: IDENTITY_POOL,
      IdentityPoolName: 'dev',
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [
        { ProviderName: `cognito-idp.us-east-1.amazonaws.com/${POOL}`, ClientId: 'client1' },
      ],
      $metadata: {},
    },
  },
  identityPoolRoles: { found: { authenticated: AUTH, unauthenticated: UNAUTH } },
  groups: {},
  roles: {
    [AUTH]: {
      found: {
        Arn: AUTH,
        RoleName: 'auth',
        Path: '/',
        RoleId: 'A',
        CreateDate: new Date(0),
        AssumeRolePolicyDocument: trust('authenticated'),
      },
    },
    [UNAUTH]: {
      found: {
        Arn: UNAUTH,
        RoleName: 'unauth',
        Path: '/',
        RoleId: 'B',
        CreateDate: new Date(0),
        AssumeRolePolicyDocument: trust('unauthenticated'),
      },
    },
  },
});

const statuses = (wiring: Wiring) =>
  Object.fromEntries(checkWiring(wiring, context).map((c) => [c.id, c.status]));

describe('checks over what AWS answered', () => {
  it('pass for a correctly wired environment', () => {
    expect(checkWiring(goodWiring(), context).map((check) => check.id)).toEqual([
      'placement',
      'user-pool',
      'external-sign-in',
      'client',
      'identity-pool',
      'identity-pool-roles',
      'groups',
      'role-trust',
      'sharing',
    ]);
    expect(statuses(goodWiring())).toEqual({
      placement: 'pass',
      'user-pool': 'pass',
      'external-sign-in': 'pass',
      client: 'pass',
      'identity-pool': 'pass',
      'identity-pool-roles': 'pass',
      groups: 'pass',
      'role-trust': 'pass',
      sharing: 'pass',
    });
  });

  it('skip what depends on a user pool that could not be read, and fail the pool itself', () => {
    const wiring = { ...goodWiring(), userPool: { denied: 'cognito-idp:DescribeUserPool: no' } };
    const results = checkWiring(wiring, context);
    expect(results.find((c) => c.id === 'user-pool')?.details).toEqual([
      `User pool ${POOL} could not be read: access denied (cognito-idp:DescribeUserPool: no). Grant the read permissions listed in the README.`,
    ]);
    expect(statuses(wiring)).toMatchObject({ 'external-sign-in': 'skip', client: 'skip' });
  });

  it('skip the placement check when the app could not be read', () => {
    expect(checkWiring(goodWiring(), { ...context, app: undefined })[0]).toEqual({
      id: 'placement',
      title: 'Region and account',
      status: 'skip',
      details: ['Not checked: the Amplify app could not be read.'],
    });
  });

  it('skip the external sign-in URLs when the client could not be read', () => {
    const wiring: Wiring = {
      ...goodWiring(),
      identityProviders: { found: [{ ProviderName: 'Google', ProviderType: 'Google' }] },
      userPool: { found: { Id: POOL, Domain: 'dev-login', Policies: { PasswordPolicy: {} } } },
      client: { missing: 'User pool client client1 does not exist.' },
    };
    expect(checkWiring(wiring, context).find((check) => check.id === 'external-sign-in')).toMatchObject({
      status: 'skip',
      details: [
        "Not checked: the app client's callback and sign-out URLs (the app client could not be read).",
      ],
    });
  });

  it('fail, not pass, when AWS could not answer', () => {
    const wiring = { ...goodWiring(), identityPoolRoles: { failed: 'throttled after retries' } };
    expect(checkWiring(wiring, context).find((c) => c.id === 'identity-pool-roles')).toMatchObject({
      status: 'fail',
      details: [
        `The roles of identity pool ${IDENTITY_POOL} could not be read (throttled after retries). Re-run; nothing was written.`,
      ],
    });
  });

  it('catch a role found by name whose ARN has another path', () => {
    const wiring = goodWiring();
    const roles = wiring.roles as NonNullable<Wiring['roles']>;
    roles[AUTH] = {
      found: { ...(roles[AUTH] as { found: Role }).found, Arn: 'arn:aws:iam::111122223333:role/team/auth' },
    };
    expect(checkWiring(wiring, context).find((c) => c.id === 'role-trust')?.details[0]).toBe(
      `Role ${AUTH} (authRoleArn) does not exist; a role of that name has the ARN arn:aws:iam::111122223333:role/team/auth. Fix the ARN in the file.`,
    );
  });
});

describe('role trust policies', () => {
  it('accept the policy the Cognito console writes', () => {
    expect(trustProblem(trust('authenticated'), IDENTITY_POOL, 'authenticated')).toBeUndefined();
  });

  it('accept a policy without an amr condition, which lets every identity of the pool in', () => {
    const document = trust('authenticated', IDENTITY_POOL, {
      Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': IDENTITY_POOL } },
    });
    expect(trustProblem(document, IDENTITY_POOL, 'unauthenticated')).toBeUndefined();
  });

  it('accept lists of principals, actions and condition values', () => {
    const document = encodeURIComponent(
      JSON.stringify({
        Statement: {
          Effect: 'Allow',
          Principal: { Federated: ['accounts.google.com', 'cognito-identity.amazonaws.com'] },
          Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': ['us-east-1:other', IDENTITY_POOL] },
            'ForAnyValue:StringLike': {
              'cognito-identity.amazonaws.com:amr': ['authenticated', 'unauthenticated'],
            },
          },
        },
      }),
    );
    expect(trustProblem(document, IDENTITY_POOL, 'unauthenticated')).toBeUndefined();
  });

  it.each([
    [
      'another principal',
      trust('authenticated', IDENTITY_POOL, { Principal: { Service: 'ec2.amazonaws.com' } }),
      'does not let cognito-identity.amazonaws.com assume it with sts:AssumeRoleWithWebIdentity',
    ],
    [
      'a Deny',
      trust('authenticated', IDENTITY_POOL, { Effect: 'Deny' }),
      'does not let cognito-identity.amazonaws.com assume it with sts:AssumeRoleWithWebIdentity',
    ],
    [
      'another action',
      trust('authenticated', IDENTITY_POOL, { Action: 'sts:AssumeRole' }),
      'does not let cognito-identity.amazonaws.com assume it with sts:AssumeRoleWithWebIdentity',
    ],
    [
      'no aud condition',
      trust('authenticated', IDENTITY_POOL, { Condition: {} }),
      `does not limit cognito-identity.amazonaws.com:aud to ${IDENTITY_POOL}`,
    ],
    [
      'another identity pool',
      trust('authenticated', 'us-east-1:other'),
      `does not limit cognito-identity.amazonaws.com:aud to ${IDENTITY_POOL}`,
    ],
    [
      'the wrong amr',
      trust('unauthenticated'),
      'limits cognito-identity.amazonaws.com:amr to values that exclude "authenticated"',
    ],
    ['not JSON', '%7Bnope', 'has a trust policy that cannot be read as URL-encoded JSON'],
  ])('reject %s', (_, document, problem) => {
    expect(trustProblem(document, IDENTITY_POOL, 'authenticated')).toBe(problem);
  });
});
