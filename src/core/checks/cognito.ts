// The checks of the Cognito resources: every failure referenceAuth would hit at deploy time, in its order, plus
// the region and account it never checks. Pure judgements over what AWS said (see src/aws/wiring.ts).
import type { GroupType, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { accountOfArn, regionOfIdentityPool, regionOfUserPool, userPoolProviderName } from '../aws-ids.ts';
import type { CognitoIds } from '../config/types.ts';
import { CHECKS, configuredRoles, read, result, skipped, unavailable } from './support.ts';
import type { CheckContext, CheckResult, Wiring } from './types.ts';

// 1. referenceAuth only works with resources in the Amplify app's region and account; it never checks this.
export function checkPlacement(ids: CognitoIds, app: CheckContext['app']): CheckResult {
  if (!app) return skipped(CHECKS.placement, 'Not checked: the Amplify app could not be read.');
  const problems: string[] = [];
  for (const [what, region] of [
    [`User pool ${ids.userPoolId}`, regionOfUserPool(ids.userPoolId)],
    [`Identity pool ${ids.identityPoolId}`, regionOfIdentityPool(ids.identityPoolId)],
  ] as const) {
    if (region !== app.region) {
      problems.push(
        `${what} is in ${region}, but the Amplify app is in ${app.region}: referenceAuth can only use resources in the app's region. Use this environment's resources in ${app.region}.`,
      );
    }
  }
  for (const role of configuredRoles(ids)) {
    if (accountOfArn(role.arn) !== app.account) {
      problems.push(
        `Role ${role.arn} (${role.use}) is in account ${accountOfArn(role.arn)}, but the Amplify app is in account ${app.account}. Use a role from the app's account.`,
      );
    }
  }
  return result(CHECKS.placement, problems, `All resources are in ${app.region}, account ${app.account}.`);
}

// 2. referenceAuth: the user pool exists and has a password policy; alias attributes are unsupported.
export function checkUserPool(ids: CognitoIds, wiring: Wiring): CheckResult {
  const pool = read(CHECKS.userPool, {
    lookup: wiring.userPool,
    what: `User pool ${ids.userPoolId}`,
    fix: 'Check userPoolId in the environments file.',
  });
  if ('instead' in pool) return pool.instead;
  const { Policies, AliasAttributes = [], Name } = pool.found;
  const problems: string[] = [];
  if (!Policies?.PasswordPolicy) {
    problems.push(
      `User pool ${ids.userPoolId} has no password policy. Set one in the Cognito console (Sign-in → Password policy).`,
    );
  }
  if (AliasAttributes.length > 0) {
    problems.push(
      `User pool ${ids.userPoolId} uses alias attributes (${AliasAttributes.join(', ')}), which referenceAuth does not support. Use a pool with username attributes instead.`,
    );
  }
  return result(
    CHECKS.userPool,
    problems,
    `${ids.userPoolId} (${Name}) has a password policy and no alias attributes.`,
  );
}

// 3. referenceAuth: with external identity providers, the pool needs a domain and the client sign-in/out URLs.
export function checkExternalSignIn(ids: CognitoIds, wiring: Wiring): CheckResult {
  const providers = read(CHECKS.externalSignIn, {
    lookup: wiring.identityProviders,
    what: `The identity providers of user pool ${ids.userPoolId}`,
    plural: true,
    fix: 'Check userPoolId in the environments file.',
    parent: { lookup: wiring.userPool, what: 'the user pool' },
  });
  if ('instead' in providers) return providers.instead;
  if (providers.found.length === 0) {
    return result(CHECKS.externalSignIn, [], 'No external identity providers; nothing more is needed.');
  }
  const names = providers.found.map((provider) => provider.ProviderName).join(', ');
  const problems: string[] = [];
  const { Domain, CustomDomain } = (wiring.userPool as { found: UserPoolType }).found;
  if (!Domain && !CustomDomain) {
    problems.push(
      `The user pool has external identity providers (${names}) but no domain. Add a Cognito or custom domain to the pool.`,
    );
  }
  if (!('found' in wiring.client)) {
    const unchecked =
      "Not checked: the app client's callback and sign-out URLs (the app client could not be read).";
    return problems.length > 0
      ? result(CHECKS.externalSignIn, [...problems, unchecked], '')
      : skipped(CHECKS.externalSignIn, unchecked);
  } else {
    const { ClientId, CallbackURLs = [], LogoutURLs = [] } = wiring.client.found;
    const lacking = [
      CallbackURLs.length === 0 && 'callback URLs',
      LogoutURLs.length === 0 && 'sign-out URLs',
    ].filter(Boolean);
    if (lacking.length > 0) {
      problems.push(
        `The user pool has external identity providers (${names}) but app client ${ClientId} lacks ${lacking.join(' and ')}. Add them to the app client.`,
      );
    }
  }
  return result(
    CHECKS.externalSignIn,
    problems,
    `External providers (${names}) with a domain and client URLs.`,
  );
}

// 4. referenceAuth: the client exists and has no secret (a web client). The secret itself is never repeated.
export function checkClient(ids: CognitoIds, wiring: Wiring): CheckResult {
  const client = read(CHECKS.client, {
    lookup: wiring.client,
    what: `App client ${ids.userPoolClientId} in user pool ${ids.userPoolId}`,
    fix: 'Check userPoolClientId: it must be a client of this user pool.',
    parent: { lookup: wiring.userPool, what: 'the user pool' },
  });
  if ('instead' in client) return client.instead;
  const problems = client.found.hasSecret
    ? [
        `App client ${ids.userPoolClientId} has a client secret, so browsers and apps cannot use it. Create an app client without a secret (a public/web client) and use its ID.`,
      ]
    : [];
  return result(
    CHECKS.client,
    problems,
    `${ids.userPoolClientId} (${client.found.ClientName}) is a client of the pool, without a secret.`,
  );
}

// 5. referenceAuth: the identity pool has a Cognito provider for exactly this user pool and client.
export function checkIdentityPoolProvider(ids: CognitoIds, wiring: Wiring): CheckResult {
  const pool = read(CHECKS.identityPool, {
    lookup: wiring.identityPool,
    what: `Identity pool ${ids.identityPoolId}`,
    fix: 'Check identityPoolId in the environments file.',
  });
  if ('instead' in pool) return pool.instead;
  const providerName = userPoolProviderName(ids.userPoolId);
  const providers = pool.found.CognitoIdentityProviders ?? [];
  const problems: string[] = [];
  if (!providers.some((p) => p.ProviderName === providerName && p.ClientId === ids.userPoolClientId)) {
    const listed = providers.map((p) => `${p.ProviderName} (client ${p.ClientId})`).join(', ') || 'none';
    problems.push(
      `Identity pool ${ids.identityPoolId} has no Cognito provider ${providerName} with client ${ids.userPoolClientId}; it lists: ${listed}. Add that user pool and app client as an authentication provider of the identity pool, or fix the IDs.`,
    );
  }
  return result(
    CHECKS.identityPool,
    problems,
    `${ids.identityPoolId} trusts ${providerName} with client ${ids.userPoolClientId}.`,
  );
}

// 6. referenceAuth: the identity pool's roles are exactly authRoleArn and unauthRoleArn.
export function checkIdentityPoolRoles(ids: CognitoIds, wiring: Wiring): CheckResult {
  const roles = read(CHECKS.identityPoolRoles, {
    lookup: wiring.identityPoolRoles,
    what: `The roles of identity pool ${ids.identityPoolId}`,
    plural: true,
    fix: 'Check identityPoolId in the environments file.',
    parent: { lookup: wiring.identityPool, what: 'the identity pool' },
  });
  if ('instead' in roles) return roles.instead;
  const problems: string[] = [];
  for (const [kind, key, expected] of [
    ['authenticated', 'authRoleArn', ids.authRoleArn],
    ['unauthenticated', 'unauthRoleArn', ids.unauthRoleArn],
  ] as const) {
    const actual = roles.found[kind];
    if (actual === expected) continue;
    problems.push(
      actual
        ? `Identity pool ${ids.identityPoolId} uses ${actual} for ${kind} identities, but ${key} is ${expected}. Make them the same (in the file or the identity pool).`
        : `Identity pool ${ids.identityPoolId} has no ${kind} role, but ${key} is ${expected}. Attach it to the identity pool${kind === 'unauthenticated' ? ' (referenceAuth needs it even with guest access off)' : ''}.`,
    );
  }
  return result(CHECKS.identityPoolRoles, problems, 'The identity pool uses authRoleArn and unauthRoleArn.');
}

// 7. referenceAuth matches group roles by ARN only; the name must match too, or the app's groups are wrong.
export function checkGroups(ids: CognitoIds, wiring: Wiring): CheckResult {
  const names = Object.keys(ids.groups);
  if (names.length === 0) return result(CHECKS.groups, [], 'No groups configured.');
  if (!('found' in wiring.userPool))
    return skipped(CHECKS.groups, 'Not checked: the user pool could not be read.');
  const problems = names.flatMap((name) => {
    const what = `Group ${name} in user pool ${ids.userPoolId}`;
    const lookup = wiring.groups[name] ?? { failed: 'not fetched' };
    const missing = unavailable(lookup, what, 'Create the group or fix its name in the file.');
    if (missing) return [missing];
    const roleArn = (lookup as { found: GroupType }).found.RoleArn;
    return roleArn === ids.groups[name]
      ? []
      : [
          `${what} has role ${roleArn ?? '(none)'}, but the file gives ${ids.groups[name]}. Make them the same.`,
        ];
  });
  return result(CHECKS.groups, problems, `${names.join(', ')}: each exists with the configured role.`);
}
