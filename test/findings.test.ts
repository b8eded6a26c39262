// What a run reports from the checks and the branch's variables: one problem per finding, at the line of the file
// it is about, as the action and the CLI print them.

import { describe, expect, it } from 'vitest';
import { checkWiring, type Wiring } from '../src/core/checks/index.ts';
import { DEFAULT_VARIABLE_NAMES, type ResolvedEnvironment } from '../src/core/config/types.ts';
import type { Problem } from '../src/core/errors.ts';
import { checkProblems, driftProblems } from '../src/core/findings.ts';
import { managedVariables, planVariables, type Variables } from '../src/core/variables.ts';
import { checkContextOf } from './support/check-context.ts';

const POOL = 'us-east-1_AbC123xyz';
const IDENTITY_POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const AUTH = 'arn:aws:iam::111122223333:role/auth';
const UNAUTH = 'arn:aws:iam::111122223333:role/unauth';
const ADMINS = 'arn:aws:iam::111122223333:role/admins';

// Line 2: the environment; 4 to 8: its IDs; 10: its groups.
const context = checkContextOf(
  `environments:
  dev:
    branches: [dev]
    userPoolId: ${POOL}
    userPoolClientId: client1
    identityPoolId: ${IDENTITY_POOL}
    authRoleArn: ${AUTH}
    unauthRoleArn: ${UNAUTH}
    groups:
      ADMINS: ${ADMINS}
`,
);
const { environment } = context;

/** Every read answered as for a correctly wired environment; role checks off. */
const goodWiring = (): Wiring => ({
  userPool: { found: { Id: POOL, Name: 'dev', Policies: { PasswordPolicy: { MinimumLength: 8 } } } },
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
  groups: { ADMINS: { found: { GroupName: 'ADMINS', RoleArn: ADMINS } } },
  roles: undefined,
});

/** What the user reads: the message, and the line of envs.yml it points at. */
const shown = (problems: Problem[]) =>
  problems.map(({ message, location }) => ({ message, line: location?.line }));

describe('problems from the checks', () => {
  it('none when every check passes', () => {
    const checks = checkWiring(goodWiring(), context);
    expect(checks.map((check) => check.status)).toContain('pass');
    expect(checkProblems(checks, environment, 'fail')).toEqual([]);
    expect(checkProblems(checks, environment, 'warn')).toEqual([]);
  });

  it('one per detail of each failed check, at the line of its ID, with the deploy failure it catches now', () => {
    const wiring = goodWiring();
    wiring.userPool = { found: { Id: POOL, Name: 'dev', Policies: {}, Domain: 'dev-login' } };
    wiring.identityProviders = { found: [{ ProviderName: 'Google', ProviderType: 'Google' }] };
    wiring.client = { found: { ClientId: 'client1', ClientName: 'web', hasSecret: true } };
    wiring.identityPool = { missing: 'IdentityPool not found.' };
    wiring.groups = { ADMINS: { found: { GroupName: 'ADMINS', RoleArn: AUTH } } };
    const checks = checkWiring(wiring, context);
    expect(shown(checkProblems(checks, environment, 'fail'))).toEqual([
      {
        message: `User pool check: User pool ${POOL} has no password policy. Set one in the Cognito console (Sign-in → Password policy). (Caught now: referenceAuth fails the deploy when the user pool is missing, has no password policy, or uses alias attributes.)`,
        line: 4,
      },
      {
        message:
          'External sign-in check: The user pool has external identity providers (Google) but app client client1 lacks callback URLs and sign-out URLs. Add them to the app client. (Caught now: referenceAuth fails the deploy when external providers lack a domain or the client lacks callback and logout URLs.)',
        line: 4,
      },
      {
        message:
          'App client check: App client client1 has a client secret, so browsers and apps cannot use it. Create an app client without a secret (a public/web client) and use its ID. (Caught now: referenceAuth fails the deploy when the client has a secret ("not configured as a web client").)',
        line: 5,
      },
      {
        message: `Identity pool provider check: Identity pool ${IDENTITY_POOL} does not exist (IdentityPool not found.). Check identityPoolId in the environments file. (Caught now: referenceAuth fails the deploy when the identity pool has no provider for this user pool and client.)`,
        line: 6,
      },
      {
        message: `Groups check: Group ADMINS in user pool ${POOL} has role ${AUTH}, but the file gives ${ADMINS}. Make them the same. (Caught now: referenceAuth fails the deploy when a group's role ARN belongs to no group of the pool.)`,
        line: 10,
      },
    ]);
    // The identity pool roles are not judged without the identity pool.
    expect(checks.find((check) => check.id === 'identity-pool-roles')?.status).toBe('skip');
  });

  it('the identity pool roles at the identity pool line, with what referenceAuth would do', () => {
    const wiring = goodWiring();
    wiring.identityPoolRoles = { found: { authenticated: AUTH, unauthenticated: AUTH } };
    expect(shown(checkProblems(checkWiring(wiring, context), environment, 'fail'))).toEqual([
      {
        message: `Identity pool roles check: Identity pool ${IDENTITY_POOL} uses ${AUTH} for unauthenticated identities, but unauthRoleArn is ${UNAUTH}. Make them the same (in the file or the identity pool). (Caught now: referenceAuth fails the deploy when the identity pool's roles differ from authRoleArn and unauthRoleArn.)`,
        line: 6,
      },
    ]);
  });

  it('at the environment, without a deploy failure, for a check about no single ID', () => {
    const checks = checkWiring(goodWiring(), {
      ...context,
      app: { region: 'us-east-1', account: '999999999999' },
    });
    expect(shown(checkProblems(checks, environment, 'fail'))).toEqual(
      [AUTH, UNAUTH, ADMINS].map((arn, index) => ({
        message: `Region and account check: Role ${arn} (${['authRoleArn', 'unauthRoleArn', 'group ADMINS'][index]}) is in account 111122223333, but the Amplify app is in account 999999999999. Use a role from the app's account.`,
        line: 2,
      })),
    );
  });

  it('each role finding at the line of its role, a denied read with the failures', () => {
    const wiring = goodWiring();
    wiring.roles = {
      [AUTH]: { missing: 'no role' },
      [UNAUTH]: { denied: 'iam:GetRole: no' },
      [ADMINS]: { missing: 'no role either' },
    };
    expect(shown(checkProblems(checkWiring(wiring, context), environment, 'fail'))).toEqual([
      {
        message: `Role trust policies check: Role ${AUTH} (authRoleArn) does not exist (no role). Create the role or fix the ARN in the file.`,
        line: 7,
      },
      {
        message: `Role trust policies check: Role ${ADMINS} (group ADMINS) does not exist (no role either). Create the role or fix the ARN in the file.`,
        line: 10,
      },
      {
        message: `Role trust policies check: Role ${UNAUTH} was not checked: iam:GetRole was denied (iam:GetRole: no). Grant iam:GetRole, or set check-roles: false.`,
        line: 8,
      },
    ]);
  });

  it('warnings apart from failures: each list holds only its own', () => {
    const wiring = goodWiring();
    wiring.roles = Object.fromEntries(
      [AUTH, UNAUTH, ADMINS].map((arn) => [arn, { denied: 'iam:GetRole: no' }]),
    );
    const checks = checkWiring(wiring, { ...context, app: { region: 'us-east-1', account: '999999999999' } });
    expect(shown(checkProblems(checks, environment, 'warn'))).toEqual(
      [
        [AUTH, 7],
        [UNAUTH, 8],
        [ADMINS, 10],
      ].map(([arn, line]) => ({
        message: `Role trust policies check: Role ${arn} was not checked: iam:GetRole was denied (iam:GetRole: no). Grant iam:GetRole, or set check-roles: false.`,
        line,
      })),
    );
    expect(
      checkProblems(checks, environment, 'fail').map((problem) => problem.message.split(':')[0]),
    ).toEqual(['Region and account check', 'Region and account check', 'Region and account check']);
  });
});

describe('drift between the branch and the environment', () => {
  const drift = (
    branch: Variables,
    resolved: ResolvedEnvironment = environment,
    names = DEFAULT_VARIABLE_NAMES,
  ) =>
    shown(
      driftProblems(planVariables(branch, managedVariables(resolved.ids, names)), 'dev', resolved, names),
    );
  const written = (resolved: ResolvedEnvironment = environment): Variables =>
    planVariables({}, managedVariables(resolved.ids, DEFAULT_VARIABLE_NAMES)).next;

  it('none when the branch holds what the environment would write', () => {
    expect(drift({ ...written(), OTHER: 'kept' })).toEqual([]);
  });

  it('one per variable that differs, at the line of its ID, quoting both values', () => {
    const { IDENTITY_POOL_ID: _unset, ...branch } = written();
    expect(drift({ ...branch, USER_POOL_CLIENT_ID: 'client0', AUTH_ROLE_ARN: UNAUTH })).toEqual([
      {
        message:
          'Drift on Amplify branch dev: USER_POOL_CLIENT_ID is "client0", but environment dev says "client1". Run the workflow in apply mode to write the environment again.',
        line: 5,
      },
      {
        message: `Drift on Amplify branch dev: IDENTITY_POOL_ID is not set, but environment dev says "${IDENTITY_POOL}". Run the workflow in apply mode to write the environment again.`,
        line: 6,
      },
      {
        message: `Drift on Amplify branch dev: AUTH_ROLE_ARN is "${UNAUTH}", but environment dev says "${AUTH}". Run the workflow in apply mode to write the environment again.`,
        line: 7,
      },
    ]);
  });

  it('says how a value it found in AWS was found, under the names the file gives the variables', () => {
    const found: ResolvedEnvironment = {
      ...environment,
      provenance: { ...environment.provenance, userPoolClientId: "the user pool's only app client" },
    };
    const names = { ...DEFAULT_VARIABLE_NAMES, userPoolClientId: 'APP_CLIENT', userPoolId: 'POOL' };
    const branch = planVariables({}, managedVariables(environment.ids, names)).next;
    expect(drift({ ...branch, APP_CLIENT: 'client0', POOL: 'us-east-1_Old' }, found, names)).toEqual([
      {
        message: `Drift on Amplify branch dev: POOL is "us-east-1_Old", but environment dev says "${POOL}". Run the workflow in apply mode to write the environment again.`,
        line: 4,
      },
      {
        message:
          'Drift on Amplify branch dev: APP_CLIENT is "client0", but environment dev says "client1" (the user pool\'s only app client). Run the workflow in apply mode to write the environment again.',
        line: 5,
      },
    ]);
  });

  it('a variable the environment no longer sets', () => {
    const withoutGroups: ResolvedEnvironment = { ...environment, ids: { ...environment.ids, groups: {} } };
    expect(drift({ ...written(withoutGroups), USER_POOL_GROUPS: '{"OLD":"x"}' }, withoutGroups)).toEqual([
      {
        message:
          'Drift on Amplify branch dev: USER_POOL_GROUPS is "{"OLD":"x"}", but environment dev does not set it. Run the workflow in apply mode to write the environment again.',
        line: 10,
      },
    ]);
  });
});
