// Does the environment's wiring work? Pure judgement over what AWS said (see wiring.ts for the fetching):
// every failure referenceAuth would hit at deploy time, in its order, and what it never checks.

import type { DescribeIdentityPoolCommandOutput } from '@aws-sdk/client-cognito-identity';
import type {
  GroupType,
  ProviderDescription,
  UserPoolClientType,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '@aws-sdk/client-iam';
import type { CognitoIds, Environment, VariableKey } from './config.ts';

/** The answer to one AWS read: the resource, or why there is none. */
export type Lookup<T> = { found: T } | { missing: string } | { denied: string } | { failed: string };

export interface Wiring {
  userPool: Lookup<UserPoolType>;
  identityProviders: Lookup<ProviderDescription[]>;
  client: Lookup<UserPoolClientType>;
  identityPool: Lookup<DescribeIdentityPoolCommandOutput>;
  identityPoolRoles: Lookup<Record<string, string>>;
  /** By group name, for every configured group. */
  groups: Record<string, Lookup<GroupType>>;
  /** By role ARN, for every configured role; undefined when role checks are off. */
  roles: Record<string, Lookup<Role>> | undefined;
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found: the problems (with their fixes) when it failed, otherwise a short confirmation. */
  details: string[];
  /** The deploy-time failure of referenceAuth this check predicts, if any. */
  prevents?: string;
  /** The ID in the environments file the check is about, if one. */
  key?: VariableKey;
}

export interface CheckContext {
  /** Where the Amplify app is (from GetApp); undefined when it could not be read. */
  app: { region: string; account: string } | undefined;
  environment: Environment;
  /** Every environment in the file, for the sharing check. */
  environments: readonly Environment[];
  /** Resource IDs and ARNs the file allows several environments to share. */
  sharedResources: readonly string[];
}

export function checkWiring(wiring: Wiring, context: CheckContext): CheckResult[] {
  const { ids } = context.environment;
  return [
    checkPlacement(ids, context.app),
    checkUserPool(ids, wiring),
    checkExternalSignIn(ids, wiring),
    checkClient(ids, wiring),
    checkIdentityPoolProvider(ids, wiring),
    checkIdentityPoolRoles(ids, wiring),
    checkGroups(ids, wiring),
    checkRoleTrust(ids, wiring),
    checkSharing(context),
  ];
}

type Check = Omit<CheckResult, 'status' | 'details'>;

const CHECKS = {
  placement: { id: 'placement', title: 'Region and account' },
  userPool: {
    id: 'user-pool',
    title: 'User pool',
    key: 'userPoolId',
    prevents:
      'referenceAuth fails the deploy when the user pool is missing, has no password policy, or uses alias attributes',
  },
  externalSignIn: {
    id: 'external-sign-in',
    title: 'External sign-in',
    key: 'userPoolId',
    prevents:
      'referenceAuth fails the deploy when external providers lack a domain or the client lacks callback and logout URLs',
  },
  client: {
    id: 'client',
    title: 'App client',
    key: 'userPoolClientId',
    prevents:
      'referenceAuth fails the deploy when the client has a secret ("not configured as a web client")',
  },
  identityPool: {
    id: 'identity-pool',
    title: 'Identity pool provider',
    key: 'identityPoolId',
    prevents:
      'referenceAuth fails the deploy when the identity pool has no provider for this user pool and client',
  },
  identityPoolRoles: {
    id: 'identity-pool-roles',
    title: 'Identity pool roles',
    key: 'identityPoolId',
    prevents:
      "referenceAuth fails the deploy when the identity pool's roles differ from authRoleArn and unauthRoleArn",
  },
  groups: {
    id: 'groups',
    title: 'Groups',
    key: 'groups',
    prevents: "referenceAuth fails the deploy when a group's role ARN belongs to no group of the pool",
  },
  roleTrust: { id: 'role-trust', title: 'Role trust policies', key: 'authRoleArn' },
  sharing: { id: 'sharing', title: 'Not shared with other environments' },
} satisfies Record<string, Check>;

/** Fails with the problems, or passes with the confirmation when there are none. */
function result(check: Check, problems: string[], passed: string): CheckResult {
  if (problems.length === 0) return { id: check.id, title: check.title, status: 'pass', details: [passed] };
  return { ...check, status: 'fail', details: problems };
}

function skipped(check: Check, reason: string): CheckResult {
  return { id: check.id, title: check.title, status: 'skip', details: [reason] };
}

interface Subject<T> {
  lookup: Lookup<T>;
  /** The resource, for messages: "App client abc in user pool xyz". */
  what: string;
  /** How to fix it when it does not exist. */
  fix: string;
  /** A resource it belongs to: when that could not be read, the check is skipped (the parent's check fails). */
  parent?: { lookup: Lookup<unknown>; what: string };
}

/** The resource a check judges, or the result to report instead when it could not be read. */
function read<T>(check: Check, subject: Subject<T>): { found: T } | { instead: CheckResult } {
  if (subject.parent && !('found' in subject.parent.lookup)) {
    return { instead: skipped(check, `Not checked: ${subject.parent.what} could not be read.`) };
  }
  const problem = unavailable(subject.lookup, subject.what, subject.fix);
  return problem ? { instead: result(check, [problem], '') } : (subject.lookup as { found: T });
}

/** Why a lookup has no resource, as a problem sentence; undefined when it was found. */
function unavailable<T>(lookup: Lookup<T>, what: string, fixWhenMissing: string): string | undefined {
  if ('found' in lookup) return undefined;
  if ('missing' in lookup) return `${what} does not exist (${lookup.missing}). ${fixWhenMissing}`;
  if ('denied' in lookup) {
    return `${what} could not be read: access denied (${lookup.denied}). Grant the read permissions listed in the README.`;
  }
  return `${what} could not be read (${lookup.failed}). Re-run; nothing was written.`;
}

const regionOf = (id: string, separator: string) => id.slice(0, id.indexOf(separator));
const accountOf = (arn: string) => arn.split(':')[4] ?? '';

function configuredRoles(
  ids: CognitoIds,
): { arn: string; use: string; amr: 'authenticated' | 'unauthenticated' }[] {
  return [
    { arn: ids.authRoleArn, use: 'authRoleArn', amr: 'authenticated' as const },
    { arn: ids.unauthRoleArn, use: 'unauthRoleArn', amr: 'unauthenticated' as const },
    ...Object.entries(ids.groups).map(([group, arn]) => ({
      arn,
      use: `group ${group}`,
      amr: 'authenticated' as const,
    })),
  ];
}

// 1. referenceAuth only works with resources in the Amplify app's region and account; it never checks this.
function checkPlacement(ids: CognitoIds, app: CheckContext['app']): CheckResult {
  if (!app) return skipped(CHECKS.placement, 'Not checked: the Amplify app could not be read.');
  const problems: string[] = [];
  for (const [what, region] of [
    [`User pool ${ids.userPoolId}`, regionOf(ids.userPoolId, '_')],
    [`Identity pool ${ids.identityPoolId}`, regionOf(ids.identityPoolId, ':')],
  ] as const) {
    if (region !== app.region) {
      problems.push(
        `${what} is in ${region}, but the Amplify app is in ${app.region}: referenceAuth can only use resources in the app's region. Use this environment's resources in ${app.region}.`,
      );
    }
  }
  for (const role of configuredRoles(ids)) {
    if (accountOf(role.arn) !== app.account) {
      problems.push(
        `Role ${role.arn} (${role.use}) is in account ${accountOf(role.arn)}, but the Amplify app is in account ${app.account}. Use a role from the app's account.`,
      );
    }
  }
  return result(CHECKS.placement, problems, `All resources are in ${app.region}, account ${app.account}.`);
}

// 2. referenceAuth: the user pool exists and has a password policy; alias attributes are unsupported.
function checkUserPool(ids: CognitoIds, wiring: Wiring): CheckResult {
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
function checkExternalSignIn(ids: CognitoIds, wiring: Wiring): CheckResult {
  const providers = read(CHECKS.externalSignIn, {
    lookup: wiring.identityProviders,
    what: `The identity providers of user pool ${ids.userPoolId}`,
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
function checkClient(ids: CognitoIds, wiring: Wiring): CheckResult {
  const client = read(CHECKS.client, {
    lookup: wiring.client,
    what: `App client ${ids.userPoolClientId} in user pool ${ids.userPoolId}`,
    fix: 'Check userPoolClientId: it must be a client of this user pool.',
    parent: { lookup: wiring.userPool, what: 'the user pool' },
  });
  if ('instead' in client) return client.instead;
  const problems = client.found.ClientSecret
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
function checkIdentityPoolProvider(ids: CognitoIds, wiring: Wiring): CheckResult {
  const pool = read(CHECKS.identityPool, {
    lookup: wiring.identityPool,
    what: `Identity pool ${ids.identityPoolId}`,
    fix: 'Check identityPoolId in the environments file.',
  });
  if ('instead' in pool) return pool.instead;
  const providerName = `cognito-idp.${regionOf(ids.userPoolId, '_')}.amazonaws.com/${ids.userPoolId}`;
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
function checkIdentityPoolRoles(ids: CognitoIds, wiring: Wiring): CheckResult {
  const roles = read(CHECKS.identityPoolRoles, {
    lookup: wiring.identityPoolRoles,
    what: `The roles of identity pool ${ids.identityPoolId}`,
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
function checkGroups(ids: CognitoIds, wiring: Wiring): CheckResult {
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

// 8. Never checked by referenceAuth: the roles exist and trust this identity pool, with the right amr.
function checkRoleTrust(ids: CognitoIds, wiring: Wiring): CheckResult {
  if (!wiring.roles) return skipped(CHECKS.roleTrust, 'Turned off by the `check-roles` input.');
  const problems: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const role of configuredRoles(ids)) {
    if (seen.has(`${role.arn} ${role.amr}`)) continue;
    seen.add(`${role.arn} ${role.amr}`);
    const lookup = wiring.roles[role.arn] ?? { failed: 'not fetched' };
    if ('denied' in lookup) {
      warnings.push(
        `Role ${role.arn} was not checked: iam:GetRole was denied (${lookup.denied}). Grant iam:GetRole, or set check-roles: false.`,
      );
      continue;
    }
    const missing = unavailable(
      lookup,
      `Role ${role.arn} (${role.use})`,
      'Create the role or fix the ARN in the file.',
    );
    if (missing) {
      problems.push(missing);
      continue;
    }
    const found = (lookup as { found: Role }).found;
    if (found.Arn !== role.arn) {
      problems.push(
        `Role ${role.arn} (${role.use}) does not exist; a role of that name has the ARN ${found.Arn}. Fix the ARN in the file.`,
      );
      continue;
    }
    const document = found.AssumeRolePolicyDocument ?? '';
    const problem = trustProblem(document, ids.identityPoolId, role.amr);
    if (problem) {
      problems.push(
        `Role ${role.arn} (${role.use}) ${problem}. Its trust policy needs: Allow, Principal {"Federated": "cognito-identity.amazonaws.com"}, Action sts:AssumeRoleWithWebIdentity, Condition StringEquals {"cognito-identity.amazonaws.com:aud": "${ids.identityPoolId}"} and ForAnyValue:StringLike {"cognito-identity.amazonaws.com:amr": "${role.amr}"}; otherwise sign-in fails with "Invalid identity pool configuration".`,
      );
    }
  }
  if (problems.length === 0 && warnings.length > 0) {
    return { ...CHECKS.roleTrust, status: 'warn', details: warnings };
  }
  const passed = `Every role trusts ${ids.identityPoolId} for the right identities.`;
  return result(CHECKS.roleTrust, [...problems, ...(problems.length > 0 ? warnings : [])], passed);
}

interface Statement {
  Effect?: string;
  Principal?: { Federated?: string | string[] } | string;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Why the trust policy does not let this identity pool's `amr` identities assume the role; undefined if it does. */
export function trustProblem(
  encodedDocument: string,
  identityPoolId: string,
  amr: string,
): string | undefined {
  let statements: Statement[];
  try {
    statements = asList(
      (JSON.parse(decodeURIComponent(encodedDocument)) as { Statement?: Statement | Statement[] }).Statement,
    );
  } catch {
    return 'has a trust policy that cannot be read as URL-encoded JSON';
  }
  const values = (statement: Statement, key: string, operators: string[]) =>
    operators.flatMap((operator) => asList(statement.Condition?.[operator]?.[key]));
  const cognito = statements.filter(
    (statement) =>
      statement.Effect === 'Allow' &&
      typeof statement.Principal === 'object' &&
      asList(statement.Principal.Federated).includes('cognito-identity.amazonaws.com') &&
      asList(statement.Action).some(
        (action) => action === 'sts:AssumeRoleWithWebIdentity' || action === 'sts:*',
      ),
  );
  if (cognito.length === 0)
    return 'does not let cognito-identity.amazonaws.com assume it with sts:AssumeRoleWithWebIdentity';
  const forPool = cognito.filter((statement) =>
    values(statement, 'cognito-identity.amazonaws.com:aud', ['StringEquals', 'StringLike']).includes(
      identityPoolId,
    ),
  );
  if (forPool.length === 0) return `does not limit cognito-identity.amazonaws.com:aud to ${identityPoolId}`;
  // No amr condition lets every identity of the pool in; one that is there must name this kind.
  const amrOperators = ['ForAnyValue:StringLike', 'ForAnyValue:StringEquals', 'StringLike', 'StringEquals'];
  const allowsAmr = forPool.some((statement) => {
    const allowed = values(statement, 'cognito-identity.amazonaws.com:amr', amrOperators);
    return allowed.length === 0 || allowed.includes(amr);
  });
  if (!allowsAmr) return `limits cognito-identity.amazonaws.com:amr to values that exclude "${amr}"`;
  return undefined;
}

// 9. The Amplify stack adds its policies to the referenced roles: a resource two environments share leaks
// one environment's permissions into the other, unless the file says the sharing is intended.
function checkSharing({ environment, environments, sharedResources }: CheckContext): CheckResult {
  const resources = (ids: CognitoIds) => [
    ids.userPoolId,
    ids.identityPoolId,
    ids.authRoleArn,
    ids.unauthRoleArn,
    ...Object.values(ids.groups),
  ];
  const mine = new Set(resources(environment.ids));
  const problems: string[] = [];
  for (const other of environments) {
    if (other.name === environment.name) continue;
    const shared = [...new Set(resources(other.ids))].filter(
      (id) => mine.has(id) && !sharedResources.includes(id),
    );
    for (const id of shared) {
      problems.push(
        `${id} is used by both "${environment.name}" and "${other.name}": the Amplify stack adds each environment's policies to it, so one environment's permissions leak into the other. Give each environment its own, or list it under sharedResources in the file if that is intended.`,
      );
    }
  }
  return result(CHECKS.sharing, problems, 'No resource is shared with another environment.');
}
