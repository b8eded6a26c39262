// The checks as pure judgements over what AWS answered; the same mistakes against the local AWS are in
// validation.e2e.test.ts.

import type { Role } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { type CheckContext, type CheckResult, checkWiring, type Wiring } from '../src/core/checks/index.ts';
import { parseEnvironmentsFile } from '../src/core/config/file.ts';
import { DEFAULT_VARIABLE_NAMES, type Environment } from '../src/core/config/types.ts';
import { checkContextOf, resolvedLiteral } from './support/check-context.ts';

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

const context = checkContextOf(
  `environments:
  dev:
    branches: [dev]
    userPoolId: ${POOL}
    userPoolClientId: client1
    identityPoolId: ${IDENTITY_POOL}
    authRoleArn: ${AUTH}
    unauthRoleArn: ${UNAUTH}
`,
);
const { environment } = context;
const resolved = resolvedLiteral;

const goodWiring = (): Wiring => ({
  userPool: {
    found: { Id: POOL, Name: 'dev', Policies: { PasswordPolicy: { MinimumLength: 8 } }, AliasAttributes: [] },
  },
  identityProviders: { found: [] },
  client: { found: { ClientId: 'client1', ClientName: 'web', hasSecret: false } },
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
      'variable-sizes',
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
      'variable-sizes': 'pass',
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

/** The one check's result for a wiring changed by `change`. */
function check(id: string, change: (wiring: Wiring) => void, against: CheckContext = context): CheckResult {
  const wiring = goodWiring();
  change(wiring);
  const found = checkWiring(wiring, against).find((result) => result.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}
const found = <T>(lookup: unknown) => (lookup as { found: T }).found;
const otherFile = (replace: [string, string]) =>
  parseEnvironmentsFile(
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
`.replace(...replace),
    'envs.yml',
  );

describe('each check fails on its own mistake', () => {
  it('region and account: a pool in another region, a role in another account', () => {
    const result = check('placement', () => undefined, {
      ...context,
      app: { region: 'eu-west-1', account: '999999999999' },
    });
    expect(result.status).toBe('fail');
    expect(result.details).toEqual([
      `User pool ${POOL} is in us-east-1, but the Amplify app is in eu-west-1: referenceAuth can only use resources in the app's region. Use this environment's resources in eu-west-1.`,
      `Identity pool ${IDENTITY_POOL} is in us-east-1, but the Amplify app is in eu-west-1: referenceAuth can only use resources in the app's region. Use this environment's resources in eu-west-1.`,
      `Role ${AUTH} (authRoleArn) is in account 111122223333, but the Amplify app is in account 999999999999. Use a role from the app's account.`,
      `Role ${UNAUTH} (unauthRoleArn) is in account 111122223333, but the Amplify app is in account 999999999999. Use a role from the app's account.`,
    ]);
  });

  it('region: an identity pool in another region fails even when the user pool is in the app region', () => {
    const elsewhere = 'eu-west-1:11111111-2222-3333-4444-555555555555';
    const result = check('placement', () => undefined, {
      ...context,
      environment: { ...environment, ids: { ...environment.ids, identityPoolId: elsewhere } },
    });
    expect(result.status).toBe('fail');
    expect(result.details).toEqual([
      `Identity pool ${elsewhere} is in eu-west-1, but the Amplify app is in us-east-1: referenceAuth can only use resources in the app's region. Use this environment's resources in us-east-1.`,
    ]);
  });

  it('user pool: missing, without a password policy, with alias attributes', () => {
    expect(check('user-pool', (w) => (w.userPool = { missing: 'gone' })).details).toEqual([
      `User pool ${POOL} does not exist (gone). Check userPoolId in the environments file.`,
    ]);
    const pool = check('user-pool', (w) => {
      const found = (w.userPool as { found: Record<string, unknown> }).found;
      found.Policies = {};
      found.AliasAttributes = ['email'];
    });
    expect(pool.status).toBe('fail');
    expect(pool.details.map((detail) => detail.slice(0, 60))).toEqual([
      `User pool ${POOL} has no password policy. Set one in the Cognit`.slice(0, 60),
      `User pool ${POOL} uses alias attributes (email), which referenceAu`.slice(0, 60),
    ]);
  });

  it('external sign-in: a provider without a domain, a client without URLs', () => {
    const result = check('external-sign-in', (w) => {
      w.identityProviders = { found: [{ ProviderName: 'Google' }, { ProviderName: 'Okta' }] };
    });
    expect(result.status).toBe('fail');
    expect(result.details).toEqual([
      'The user pool has external identity providers (Google, Okta) but no domain. Add a Cognito or custom domain to the pool.',
      'The user pool has external identity providers (Google, Okta) but app client client1 lacks callback URLs and sign-out URLs. Add them to the app client.',
    ]);
  });

  it('app client: not a client of the pool, or one with a secret', () => {
    expect(check('client', (w) => (w.client = { missing: 'no such client' })).details).toEqual([
      `App client client1 in user pool ${POOL} does not exist (no such client). Check userPoolClientId: it must be a client of this user pool.`,
    ]);
    const secret = check('client', (w) => (found<{ hasSecret: boolean }>(w.client).hasSecret = true));
    expect(secret.status).toBe('fail');
    expect(secret.details[0]).toMatch(/^App client client1 has a client secret/);
  });

  it('identity pool provider: missing pool, or a provider for another client', () => {
    expect(check('identity-pool', (w) => (w.identityPool = { missing: 'nope' })).status).toBe('fail');
    const result = check('identity-pool', (w) => {
      found<{ CognitoIdentityProviders: { ClientId: string }[] }>(w.identityPool).CognitoIdentityProviders = [
        { ClientId: 'client2', ProviderName: `cognito-idp.us-east-1.amazonaws.com/${POOL}` } as never,
      ];
    });
    expect(result.details[0]).toMatch(
      new RegExp(
        `^Identity pool ${IDENTITY_POOL} has no Cognito provider cognito-idp\\.us-east-1\\.amazonaws\\.com/${POOL} with client client1; it lists: .*\\(client client2\\)`,
      ),
    );
  });

  it('identity pool roles: another authenticated role, no unauthenticated role', () => {
    const result = check('identity-pool-roles', (w) => {
      w.identityPoolRoles = { found: { authenticated: UNAUTH } };
    });
    expect(result.details).toEqual([
      `Identity pool ${IDENTITY_POOL} uses ${UNAUTH} for authenticated identities, but authRoleArn is ${AUTH}. Make them the same (in the file or the identity pool).`,
      `Identity pool ${IDENTITY_POOL} has no unauthenticated role, but unauthRoleArn is ${UNAUTH}. Attach it to the identity pool (referenceAuth needs it even with guest access off).`,
    ]);
  });

  it('groups: a missing group and a group with another role', () => {
    const withGroups = otherFile([
      `    unauthRoleArn: ${UNAUTH}\n`,
      `    unauthRoleArn: ${UNAUTH}\n    groups:\n      ADMINS: ${AUTH}\n      EDITORS: ${AUTH}\n`,
    ]);
    const against = { ...context, environment: resolved(withGroups.environments[0]) };
    const result = check(
      'groups',
      (w) => {
        w.groups = {
          ADMINS: { missing: 'Group not found.' },
          EDITORS: { found: { GroupName: 'EDITORS', RoleArn: UNAUTH } },
        };
      },
      against,
    );
    expect(result.details).toEqual([
      `Group ADMINS in user pool ${POOL} does not exist (Group not found.). Create the group or fix its name in the file.`,
      `Group EDITORS in user pool ${POOL} has role ${UNAUTH}, but the file gives ${AUTH}. Make them the same.`,
    ]);
  });

  it('role trust: a missing role, a denied read (warning), a policy that denies, one it cannot evaluate (warning)', () => {
    const roles = (w: Wiring) => w.roles as NonNullable<Wiring['roles']>;
    expect(check('role-trust', (w) => (roles(w)[AUTH] = { missing: 'no role' })).details[0]).toBe(
      `Role ${AUTH} (authRoleArn) does not exist (no role). Create the role or fix the ARN in the file.`,
    );
    const denied = check('role-trust', (w) => (roles(w)[AUTH] = { denied: 'iam:GetRole: no' }));
    expect(denied.status).toBe('warn');
    const denying = check('role-trust', (w) => {
      // A pool that lets guests in: with guest access off, the guests' role decides nothing, and only warns.
      found<{ AllowUnauthenticatedIdentities: boolean }>(w.identityPool).AllowUnauthenticatedIdentities =
        true;
      found<Role>(roles(w)[UNAUTH]).AssumeRolePolicyDocument = encodeURIComponent(
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            JSON.parse(decodeURIComponent(trust('unauthenticated'))).Statement[0],
            { Sid: 'NoGuests', Effect: 'Deny', Principal: '*', Action: 'sts:*' },
          ],
        }),
      );
    });
    expect(denying.status).toBe('fail');
    expect(denying.details[0]).toMatch(
      new RegExp(`^Role ${UNAUTH} \\(unauthRoleArn\\) denies it in statement 2`),
    );
    const unknown = check('role-trust', (w) => {
      found<Role>(roles(w)[AUTH]).AssumeRolePolicyDocument = trust('authenticated', IDENTITY_POOL, {
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': IDENTITY_POOL },
          IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
        },
      });
    });
    expect(unknown.status).toBe('warn');
  });

  it('sharing: a role another environment uses too, unless the file allows it', () => {
    const shared = otherFile(['role/other-unauth', 'role/unauth']);
    const against: CheckContext = {
      ...context,
      environment: resolved(shared.environments[0]),
      environments: shared.environments,
    };
    expect(check('sharing', () => undefined, against).details).toEqual([
      `${UNAUTH} is used by both "dev" and "other": the Amplify stack adds each environment's policies to it, so one environment's permissions leak into the other. Give each environment its own, or list it under sharedResources in the file if that is intended.`,
    ]);
    expect(check('sharing', () => undefined, { ...against, sharedResources: [UNAUTH] }).status).toBe('pass');
  });

  it.each([
    ['user pool', 'us-east-1_Other1', POOL],
    ['identity pool', 'us-east-1:99999999-2222-3333-4444-555555555555', IDENTITY_POOL],
  ])('sharing: a %s another environment uses too', (_, others, mine) => {
    const shared = otherFile([others, mine]);
    const against: CheckContext = {
      ...context,
      environment: resolved(shared.environments[0]),
      environments: shared.environments,
    };
    expect(check('sharing', () => undefined, against).details).toEqual([
      expect.stringMatching(
        new RegExp(`^${mine.replace(/[.:]/g, '\\$&')} is used by both "dev" and "other"`),
      ),
    ]);
  });

  it("sharing: the IDs the environment being run found in AWS, against the others' IDs in the file", () => {
    const file = otherFile(['dev:', 'dev:']);
    const [dev] = file.environments;
    // The run's environment found, in AWS, the identity pool the other environment gives in the file.
    const found = resolved(dev);
    found.ids = { ...found.ids, identityPoolId: 'us-east-1:99999999-2222-3333-4444-555555555555' };
    found.provenance.identityPoolId = 'the identity pool that trusts this user pool and client';
    expect(
      check('sharing', () => undefined, {
        ...context,
        environment: found,
        environments: file.environments,
      }).details,
    ).toEqual([
      expect.stringContaining(
        'us-east-1:99999999-2222-3333-4444-555555555555 is used by both "dev" and "other"',
      ),
    ]);
  });
});

describe('variable sizes', () => {
  /** Groups whose JSON takes about 100 characters each: 60 of them pass Amplify's 5,500. */
  const groups = (count: number) =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [
        `GROUP_${String(i).padStart(3, '0')}`,
        `arn:aws:iam::111122223333:role/amplify-auth/development/groups/group-role-${String(i).padStart(3, '0')}`,
      ]),
    );
  const withGroups = (count: number, spec: Environment['spec']['groups']): CheckContext => ({
    ...context,
    environment: {
      ...environment,
      spec: { ...environment.spec, groups: spec },
      ids: { ...environment.ids, groups: groups(count) },
    },
  });
  const length = (count: number) => JSON.stringify(groups(count)).length;

  it('pass when every value fits', () => {
    expect(check('variable-sizes', () => undefined, withGroups(10, { kind: 'all' }))).toEqual({
      id: 'variable-sizes',
      title: 'Variable sizes',
      status: 'pass',
      details: ["Every value fits Amplify's 5,500 characters."],
    });
  });

  it('fail for a groups value over 5,500 characters, naming the variable, its length and the fix', () => {
    expect(length(60)).toBeGreaterThan(5500);
    const all = check('variable-sizes', () => undefined, withGroups(60, { kind: 'all' }));
    expect(all).toMatchObject({ status: 'fail', key: 'groups', detailKeys: ['groups'] });
    expect(all.details).toEqual([
      `USER_POOL_GROUPS would be ${length(60).toLocaleString('en-US')} characters long, but Amplify allows at most 5,500 in a branch variable's value and would refuse the write. It holds all 60 groups of the pool that have a role (\`groups: all\`): list only the groups the app needs under \`groups\` instead (their names, or names and role ARNs).`,
    ]);
    const listed = check('variable-sizes', () => undefined, {
      ...withGroups(60, { kind: 'given', value: groups(60) }),
      variables: { ...DEFAULT_VARIABLE_NAMES, groups: 'APP_GROUPS' },
    });
    expect(listed.details).toEqual([
      `APP_GROUPS would be ${length(60).toLocaleString('en-US')} characters long, but Amplify allows at most 5,500 in a branch variable's value and would refuse the write. It holds 60 groups: list fewer groups under \`groups\` (only those the app needs), or give their roles shorter paths.`,
    ]);
  });

  it('counts the value as written: 5,500 characters pass, 5,501 fail, a group name escaped', () => {
    const value = (n: number) => {
      // {"😀":"…"}: an astral character in a name is written as two \u escapes (12 characters), plus 7 around.
      const role = 'a'.repeat(n - 19);
      return { '😀': role };
    };
    const fits = check('variable-sizes', () => undefined, {
      ...context,
      environment: { ...environment, ids: { ...environment.ids, groups: value(5500) } },
    });
    expect(fits.status).toBe('pass');
    const over = check('variable-sizes', () => undefined, {
      ...context,
      environment: { ...environment, ids: { ...environment.ids, groups: value(5501) } },
    });
    expect(over.details[0]).toMatch(/^USER_POOL_GROUPS would be 5,501 characters long/);
  });
});

describe('what each check reports', () => {
  const grouped = (groups: Record<string, string>): CheckContext => ({
    ...context,
    environment: { ...environment, ids: { ...environment.ids, groups } },
  });
  const ADMINS = 'arn:aws:iam::111122223333:role/admins';
  const PROVIDER = `cognito-idp.us-east-1.amazonaws.com/${POOL}`;
  /** External sign-in with Google: a pool with a domain, a client with the URLs given. */
  const external = (w: Wiring, urls: { CallbackURLs?: string[]; LogoutURLs?: string[] }) => {
    w.identityProviders = { found: [{ ProviderName: 'Google', ProviderType: 'Google' }] };
    w.userPool = { found: { ...found<object>(w.userPool), Domain: 'dev-login' } };
    w.client = { found: { ClientId: 'client1', ClientName: 'web', hasSecret: false, ...urls } };
  };

  it('says what each check confirmed when everything is in order', () => {
    const wiring = goodWiring();
    // As DescribeUserPool answers for a pool without alias attributes: no AliasAttributes at all.
    wiring.userPool = {
      found: { Id: POOL, Name: 'dev', Policies: { PasswordPolicy: { MinimumLength: 8 } } },
    };
    external(wiring, { CallbackURLs: ['https://app.example/'], LogoutURLs: ['https://app.example/bye'] });
    wiring.groups = {
      ADMINS: { found: { GroupName: 'ADMINS', RoleArn: AUTH } },
      EDITORS: { found: { GroupName: 'EDITORS', RoleArn: AUTH } },
    };
    const results = checkWiring(wiring, grouped({ ADMINS: AUTH, EDITORS: AUTH }));
    expect(Object.fromEntries(results.map((c) => [c.id, [c.status, ...c.details]]))).toEqual({
      placement: ['pass', 'All resources are in us-east-1, account 111122223333.'],
      'user-pool': ['pass', `${POOL} (dev) has a password policy and no alias attributes.`],
      'external-sign-in': ['pass', 'External providers (Google) with a domain and client URLs.'],
      client: ['pass', 'client1 (web) is a client of the pool, without a secret.'],
      'identity-pool': ['pass', `${IDENTITY_POOL} trusts ${PROVIDER} with client client1.`],
      'identity-pool-roles': ['pass', 'The identity pool uses authRoleArn and unauthRoleArn.'],
      groups: ['pass', 'ADMINS, EDITORS: each exists with the configured role.'],
      'role-trust': ['pass', `Every role trusts ${IDENTITY_POOL} for the right identities.`],
      sharing: ['pass', 'No resource is shared with another environment.'],
      'variable-sizes': ['pass', "Every value fits Amplify's 5,500 characters."],
    });
  });

  it('a failed check names the deploy failure it catches and the ID it is about', () => {
    expect(check('user-pool', (w) => (w.userPool = { missing: 'gone' }))).toEqual({
      id: 'user-pool',
      title: 'User pool',
      status: 'fail',
      key: 'userPoolId',
      prevents:
        'referenceAuth fails the deploy when the user pool is missing, has no password policy, or uses alias attributes',
      details: [`User pool ${POOL} does not exist (gone). Check userPoolId in the environments file.`],
    });
  });

  it('region and account: names the group whose role is in another account', () => {
    const elsewhere = 'arn:aws:iam::444455556666:role/admins';
    expect(check('placement', () => undefined, grouped({ ADMINS: elsewhere })).details).toEqual([
      `Role ${elsewhere} (group ADMINS) is in account 444455556666, but the Amplify app is in account 111122223333. Use a role from the app's account.`,
    ]);
  });

  it('user pool: a pool without any policies has no password policy; every alias attribute is named', () => {
    const result = check('user-pool', (w) => {
      w.userPool = { found: { Id: POOL, Name: 'dev', AliasAttributes: ['email', 'phone_number'] } };
    });
    expect(result.details).toEqual([
      `User pool ${POOL} has no password policy. Set one in the Cognito console (Sign-in → Password policy).`,
      `User pool ${POOL} uses alias attributes (email, phone_number), which referenceAuth does not support. Use a pool with username attributes instead.`,
    ]);
  });

  it('external sign-in: providers that could not be read, or a pool that could not be read', () => {
    expect(check('external-sign-in', (w) => (w.identityProviders = { failed: 'throttled' })).details).toEqual(
      [
        `The identity providers of user pool ${POOL} could not be read (throttled). Re-run; nothing was written.`,
      ],
    );
    expect(check('external-sign-in', (w) => (w.identityProviders = { missing: 'gone' })).details).toEqual([
      `The identity providers of user pool ${POOL} do not exist (gone). Check userPoolId in the environments file.`,
    ]);
    const unread = checkWiring({ ...goodWiring(), userPool: { failed: 'timeout' } }, context);
    expect(
      Object.fromEntries(
        unread.filter((c) => ['external-sign-in', 'client'].includes(c.id)).map((c) => [c.id, c]),
      ),
    ).toEqual({
      'external-sign-in': {
        id: 'external-sign-in',
        title: 'External sign-in',
        status: 'skip',
        details: ['Not checked: the user pool could not be read.'],
      },
      client: {
        id: 'client',
        title: 'App client',
        status: 'skip',
        details: ['Not checked: the user pool could not be read.'],
      },
    });
  });

  it('external sign-in: a pool without external providers needs nothing more', () => {
    expect(check('external-sign-in', () => undefined)).toMatchObject({
      status: 'pass',
      details: ['No external identity providers; nothing more is needed.'],
    });
  });

  it('external sign-in: names only the URLs the client lacks', () => {
    const lacks = (urls: { CallbackURLs?: string[]; LogoutURLs?: string[] }) =>
      check('external-sign-in', (w) => external(w, urls)).details;
    expect(lacks({ CallbackURLs: ['https://app.example/'] })).toEqual([
      'The user pool has external identity providers (Google) but app client client1 lacks sign-out URLs. Add them to the app client.',
    ]);
    expect(lacks({ LogoutURLs: ['https://app.example/bye'], CallbackURLs: [] })).toEqual([
      'The user pool has external identity providers (Google) but app client client1 lacks callback URLs. Add them to the app client.',
    ]);
  });

  it('external sign-in: a pool without a domain fails even when the client could not be read', () => {
    const result = check('external-sign-in', (w) => {
      w.identityProviders = { found: [{ ProviderName: 'Google', ProviderType: 'Google' }] };
      w.client = { denied: 'cognito-idp:DescribeUserPoolClient: no' };
    });
    expect(result).toMatchObject({
      status: 'fail',
      details: [
        'The user pool has external identity providers (Google) but no domain. Add a Cognito or custom domain to the pool.',
        "Not checked: the app client's callback and sign-out URLs (the app client could not be read).",
      ],
    });
  });

  it('identity pool provider: a missing pool, a pool with no providers, one trusting other clients', () => {
    expect(check('identity-pool', (w) => (w.identityPool = { missing: 'nope' })).details).toEqual([
      `Identity pool ${IDENTITY_POOL} does not exist (nope). Check identityPoolId in the environments file.`,
    ]);
    const providers = (list: { ProviderName: string; ClientId: string }[] | undefined) =>
      check('identity-pool', (w) => {
        found<{ CognitoIdentityProviders?: unknown }>(w.identityPool).CognitoIdentityProviders = list;
      });
    const wanted = `Identity pool ${IDENTITY_POOL} has no Cognito provider ${PROVIDER} with client client1; it lists:`;
    const fix =
      'Add that user pool and app client as an authentication provider of the identity pool, or fix the IDs.';
    expect(providers(undefined).details).toEqual([`${wanted} none. ${fix}`]);
    expect(
      providers([
        { ProviderName: PROVIDER, ClientId: 'client2' },
        { ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1', ClientId: 'client1' },
      ]).details,
    ).toEqual([
      `${wanted} ${PROVIDER} (client client2), cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1 (client client1). ${fix}`,
    ]);
  });

  it('identity pool provider: passes when one of several providers is this pool and client', () => {
    const result = check('identity-pool', (w) => {
      found<{ CognitoIdentityProviders: unknown[] }>(w.identityPool).CognitoIdentityProviders.unshift({
        ProviderName: PROVIDER,
        ClientId: 'client2',
      });
    });
    expect(result.status).toBe('pass');
  });

  it('identity pool roles: no authenticated role, roles that could not be read, an identity pool that could not', () => {
    expect(
      check('identity-pool-roles', (w) => (w.identityPoolRoles = { found: { unauthenticated: UNAUTH } }))
        .details,
    ).toEqual([
      `Identity pool ${IDENTITY_POOL} has no authenticated role, but authRoleArn is ${AUTH}. Attach it to the identity pool.`,
    ]);
    expect(check('identity-pool-roles', (w) => (w.identityPoolRoles = { missing: 'gone' })).details).toEqual([
      `The roles of identity pool ${IDENTITY_POOL} do not exist (gone). Check identityPoolId in the environments file.`,
    ]);
    expect(check('identity-pool-roles', (w) => (w.identityPool = { denied: 'no' }))).toMatchObject({
      status: 'skip',
      details: ['Not checked: the identity pool could not be read.'],
    });
  });

  it('groups: none configured passes, whatever the user pool', () => {
    expect(check('groups', (w) => (w.userPool = { denied: 'no' }))).toMatchObject({
      status: 'pass',
      details: ['No groups configured.'],
    });
  });

  it('groups: skipped when the user pool could not be read; a group without a role; a group not read', () => {
    const against = grouped({ ADMINS, EDITORS: AUTH });
    expect(check('groups', (w) => (w.userPool = { denied: 'no' }), against)).toMatchObject({
      status: 'skip',
      details: ['Not checked: the user pool could not be read.'],
    });
    // EDITORS is absent from the answers, as if its read had never been made.
    const result = check(
      'groups',
      (w) => (w.groups = { ADMINS: { found: { GroupName: 'ADMINS' } } }),
      against,
    );
    expect(result.details).toEqual([
      `Group ADMINS in user pool ${POOL} has role (none), but the file gives ${ADMINS}. Make them the same.`,
      `Group EDITORS in user pool ${POOL} could not be read (not fetched). Re-run; nothing was written.`,
    ]);
  });

  it('role trust: a failure gives, for each detail, the key of its role in the file', () => {
    const roles = (w: Wiring) => w.roles as NonNullable<Wiring['roles']>;
    expect(check('role-trust', (w) => (roles(w)[UNAUTH] = { missing: 'no role' }))).toMatchObject({
      status: 'fail',
      key: 'authRoleArn',
      detailKeys: ['unauthRoleArn'],
    });
  });

  it('fail for another value over 5,500 characters, asking to shorten it in the file', () => {
    const arn = `arn:aws:iam::111122223333:role/${'a'.repeat(5470)}`;
    const result = check('variable-sizes', () => undefined, {
      ...context,
      environment: { ...environment, ids: { ...environment.ids, authRoleArn: arn } },
    });
    expect(result).toMatchObject({ status: 'fail', detailKeys: ['authRoleArn'] });
    expect(result.details).toEqual([
      "AUTH_ROLE_ARN would be 5,501 characters long, but Amplify allows at most 5,500 in a branch variable's value and would refuse the write. Shorten the value in the file.",
    ]);
  });
});
