// The seed file format and its loader: readable JSON in, a fully defaulted and validated StateData out.
import { createHash } from 'node:crypto';
import type {
  AppState,
  BranchState,
  GroupState,
  IdentityPoolState,
  JobState,
  JobStatus,
  PasswordPolicy,
  RegionState,
  RoleState,
  StateData,
  UserPoolClientState,
  UserPoolState,
} from './state.ts';

export interface Seed {
  account: string;
  /** Who GetCallerIdentity says we are; defaults to an assumed role in the account. */
  caller?: { arn?: string; userId?: string };
  /** IAM roles are global (per account), so they sit beside the regions. */
  roles?: SeedRole[];
  regions: Record<string, SeedRegion>;
}

export interface SeedRole {
  arn: string;
  trustPolicy: unknown;
  description?: string;
  tags?: Record<string, string>;
  maxSessionDuration?: number;
  createdAt?: string;
}

export interface SeedRegion {
  amplifyApps?: SeedApp[];
  userPools?: SeedUserPool[];
  identityPools?: SeedIdentityPool[];
}

export interface SeedApp {
  appId: string;
  name: string;
  description?: string;
  repository?: string;
  platform?: string;
  environmentVariables?: Record<string, string>;
  enableBranchAutoBuild?: boolean;
  createdAt?: string;
  branches?: SeedBranch[];
}

export interface SeedBranch {
  name: string;
  stage?: string;
  description?: string;
  framework?: string;
  enableAutoBuild?: boolean;
  environmentVariables?: Record<string, string>;
  nextJobFails?: boolean;
  createdAt?: string;
  /** Oldest first. */
  jobs?: SeedJob[];
}

export interface SeedJob {
  status?: JobStatus;
  jobType?: string;
  commitId?: string;
  commitMessage?: string;
  startedAt?: string;
}

export interface SeedUserPool {
  id: string;
  name: string;
  tags?: Record<string, string>;
  /** Omitted: Cognito's default policy. null: no password policy at all. */
  passwordPolicy?: Partial<PasswordPolicy> | null;
  aliasAttributes?: string[];
  usernameAttributes?: string[];
  domain?: string;
  customDomain?: string;
  mfaConfiguration?: 'OFF' | 'ON' | 'OPTIONAL';
  identityProviders?: { name: string; type: string }[];
  groups?: { name: string; roleArn?: string; precedence?: number; description?: string }[];
  clients?: SeedUserPoolClient[];
  createdAt?: string;
}

export interface SeedUserPoolClient {
  id: string;
  name: string;
  secret?: string;
  callbackUrls?: string[];
  logoutUrls?: string[];
  supportedIdentityProviders?: string[];
  allowedOAuthFlows?: string[];
  allowedOAuthScopes?: string[];
}

export interface SeedIdentityPool {
  id: string;
  name: string;
  tags?: Record<string, string>;
  allowUnauthenticated?: boolean;
  cognitoProviders?: { providerName: string; clientId: string; serverSideTokenCheck?: boolean }[];
  roles?: { authenticated?: string; unauthenticated?: string };
}

const defaultCreatedAt = '2025-01-15T10:00:00Z';

export const defaultPasswordPolicy: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

const jobStatuses: readonly JobStatus[] = [
  'CREATED',
  'PENDING',
  'PROVISIONING',
  'RUNNING',
  'FAILED',
  'SUCCEED',
  'CANCELLING',
  'CANCELLED',
];

// Formats from the service models (see /work/shared/aws-facts.md).
const patterns = {
  account: /^\d{12}$/,
  region: /^[a-z]{2}(-[a-z]+)+-\d$/,
  appId: /^d[a-z0-9]{1,19}$/,
  userPoolId: /^[\w-]+_[0-9a-zA-Z]+$/,
  identityPoolId: /^[\w-]+:[0-9a-f-]+$/,
  clientId: /^[\w+]+$/,
  roleArn: /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):role(\/.*\/|\/)([\w+=,.@-]{1,64})$/,
};

type Json = Record<string, unknown>;

class SeedError extends Error {}

function fail(path: string, problem: string): never {
  throw new SeedError(`local AWS seed: ${path}: ${problem}`);
}

/** A plain object with only the listed keys (a typo in the seed is an error, not a silent default). */
function record(value: unknown, path: string, allowed: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'expected an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, `unknown field (allowed: ${allowed.join(', ')})`);
  }
  return value as Json;
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(path, 'expected an array');
  return value;
}

function text(obj: Json, key: string, path: string, fallback?: string, pattern?: RegExp): string {
  const value = obj[key] ?? fallback;
  if (typeof value !== 'string') fail(`${path}.${key}`, 'expected a string');
  if (pattern && !pattern.test(value))
    fail(`${path}.${key}`, `${JSON.stringify(value)} does not match ${pattern}`);
  return value;
}

function optionalText(obj: Json, key: string, path: string): string | undefined {
  return obj[key] === undefined ? undefined : text(obj, key, path);
}

function flag(obj: Json, key: string, path: string, fallback: boolean): boolean {
  const value = obj[key] ?? fallback;
  if (typeof value !== 'boolean') fail(`${path}.${key}`, 'expected true or false');
  return value;
}

function integer(obj: Json, key: string, path: string, fallback: number): number {
  const value = obj[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(`${path}.${key}`, 'expected an integer');
  return value;
}

function strings(obj: Json, key: string, path: string, fallback: string[] = []): string[] {
  const value = obj[key] ?? fallback;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    fail(`${path}.${key}`, 'expected an array of strings');
  }
  return [...value];
}

function stringMap(obj: Json, key: string, path: string): Record<string, string> {
  const value = obj[key] ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(`${path}.${key}`, 'expected an object');
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== 'string') fail(`${path}.${key}.${name}`, 'expected a string value');
  }
  return { ...(value as Record<string, string>) };
}

function epoch(obj: Json, key: string, path: string): number {
  const iso = text(obj, key, path, defaultCreatedAt);
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) fail(`${path}.${key}`, `not an ISO 8601 date: ${iso}`);
  return millis / 1000;
}

function unique(values: string[], path: string, what: string) {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) fail(path, `duplicate ${what} ${value}`);
    seen.add(value);
  }
}

/** A stable pseudo-random suffix so IDs look real and stay the same between runs. */
export function stableId(
  seed: string,
  length: number,
  alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
): string {
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(digest[i] ?? 0) % alphabet.length];
  return out;
}

export function normalizeSeed(raw: unknown): StateData {
  const seed = record(raw, 'seed', ['$comment', 'account', 'caller', 'roles', 'regions']);
  const accountId = text(seed, 'account', 'seed', undefined, patterns.account);
  const callerRaw = record(seed.caller ?? {}, 'seed.caller', ['arn', 'userId']);
  const caller = {
    arn: text(
      callerRaw,
      'arn',
      'seed.caller',
      `arn:aws:sts::${accountId}:assumed-role/local-deployer/local-session`,
    ),
    userId: text(callerRaw, 'userId', 'seed.caller', `AROA${stableId(accountId, 17)}:local-session`),
  };
  const roles = list(seed.roles, 'seed.roles').map((value, i) =>
    normalizeRole(value, `seed.roles[${i}]`, accountId),
  );
  unique(
    roles.map((role) => role.roleName),
    'seed.roles',
    'role name',
  );
  const regionsRaw = record(seed.regions, 'seed.regions', Object.keys(seed.regions ?? {}));
  const regions: Record<string, RegionState> = {};
  for (const [name, value] of Object.entries(regionsRaw)) {
    if (!patterns.region.test(name)) fail(`seed.regions.${name}`, 'not a region name');
    regions[name] = normalizeRegion(value, `seed.regions.${name}`, name, accountId);
  }
  return { accountId, caller, roles, regions };
}

function normalizeRole(value: unknown, path: string, accountId: string): RoleState {
  const role = record(value, path, [
    'arn',
    'trustPolicy',
    'description',
    'tags',
    'maxSessionDuration',
    'createdAt',
  ]);
  const arn = text(role, 'arn', path, undefined, patterns.roleArn);
  const [, , account, rolePath, roleName] = patterns.roleArn.exec(arn) ?? [];
  if (account !== accountId) fail(`${path}.arn`, `account ${account} is not the seed account ${accountId}`);
  if (typeof role.trustPolicy !== 'object' || role.trustPolicy === null)
    fail(`${path}.trustPolicy`, 'expected a JSON policy object');
  return {
    roleName: roleName ?? '',
    path: rolePath ?? '/',
    arn,
    roleId: `AROA${stableId(arn, 17)}`,
    description: optionalText(role, 'description', path),
    trustPolicy: role.trustPolicy,
    tags: Object.entries(stringMap(role, 'tags', path)).map(([Key, Value]) => ({ Key, Value })),
    maxSessionDuration: integer(role, 'maxSessionDuration', path, 3600),
    createTime: epoch(role, 'createdAt', path),
  };
}

function normalizeRegion(value: unknown, path: string, region: string, accountId: string): RegionState {
  const raw = record(value, path, ['amplifyApps', 'userPools', 'identityPools']);
  const apps = list(raw.amplifyApps, `${path}.amplifyApps`).map((app, i) =>
    normalizeApp(app, `${path}.amplifyApps[${i}]`),
  );
  const userPools = list(raw.userPools, `${path}.userPools`).map((pool, i) =>
    normalizeUserPool(pool, `${path}.userPools[${i}]`, region),
  );
  const identityPools = list(raw.identityPools, `${path}.identityPools`).map((pool, i) =>
    normalizeIdentityPool(pool, `${path}.identityPools[${i}]`, region, accountId),
  );
  unique(
    apps.map((app) => app.appId),
    `${path}.amplifyApps`,
    'appId',
  );
  unique(
    userPools.map((pool) => pool.id),
    `${path}.userPools`,
    'user pool id',
  );
  unique(
    identityPools.map((pool) => pool.id),
    `${path}.identityPools`,
    'identity pool id',
  );
  return { apps, userPools, identityPools };
}

function normalizeApp(value: unknown, path: string): AppState {
  const app = record(value, path, [
    'appId',
    'name',
    'description',
    'repository',
    'platform',
    'environmentVariables',
    'enableBranchAutoBuild',
    'createdAt',
    'branches',
  ]);
  const appId = text(app, 'appId', path, undefined, patterns.appId);
  const createTime = epoch(app, 'createdAt', path);
  const branches = list(app.branches, `${path}.branches`).map((branch, i) =>
    normalizeBranch(branch, `${path}.branches[${i}]`),
  );
  unique(
    branches.map((branch) => branch.branchName),
    `${path}.branches`,
    'branch',
  );
  if (branches.length > 50) fail(`${path}.branches`, 'an app holds at most 50 branches');
  return {
    appId,
    name: text(app, 'name', path),
    description: text(app, 'description', path, ''),
    repository: text(app, 'repository', path, ''),
    platform: text(app, 'platform', path, 'WEB_COMPUTE'),
    environmentVariables: stringMap(app, 'environmentVariables', path),
    enableBranchAutoBuild: flag(app, 'enableBranchAutoBuild', path, true),
    createTime,
    updateTime: createTime,
    branches,
  };
}

function normalizeBranch(value: unknown, path: string): BranchState {
  const branch = record(value, path, [
    'name',
    'stage',
    'description',
    'framework',
    'enableAutoBuild',
    'environmentVariables',
    'nextJobFails',
    'createdAt',
    'jobs',
  ]);
  const branchName = text(branch, 'name', path);
  if (branchName.length === 0 || branchName.length > 255) fail(`${path}.name`, 'must be 1-255 characters');
  const createTime = epoch(branch, 'createdAt', path);
  const jobs = list(branch.jobs, `${path}.jobs`).map((job, i) =>
    normalizeJob(job, `${path}.jobs[${i}]`, String(i + 1), createTime + 60 * (i + 1)),
  );
  return {
    branchName,
    description: text(branch, 'description', path, ''),
    stage: text(branch, 'stage', path, 'NONE'),
    // Amplify shows a branch's display name with slashes turned into dashes.
    displayName: branchName.replaceAll('/', '-'),
    framework: text(branch, 'framework', path, 'Next.js - SSR'),
    enableAutoBuild: flag(branch, 'enableAutoBuild', path, true),
    enableNotification: false,
    enableBasicAuth: false,
    enablePullRequestPreview: false,
    ttl: '5',
    environmentVariables: stringMap(branch, 'environmentVariables', path),
    createTime,
    updateTime: createTime,
    jobs,
    nextJobFails: flag(branch, 'nextJobFails', path, false),
  };
}

function normalizeJob(value: unknown, path: string, jobId: string, defaultStart: number): JobState {
  const job = record(value, path, ['status', 'jobType', 'commitId', 'commitMessage', 'startedAt']);
  const status = text(job, 'status', path, 'SUCCEED') as JobStatus;
  if (!jobStatuses.includes(status)) fail(`${path}.status`, `expected one of ${jobStatuses.join(', ')}`);
  const startTime = job.startedAt === undefined ? defaultStart : epoch(job, 'startedAt', path);
  const finished = status === 'SUCCEED' || status === 'FAILED' || status === 'CANCELLED';
  return {
    jobId,
    jobType: text(job, 'jobType', path, 'RELEASE'),
    status,
    commitId: text(job, 'commitId', path, stableId(path, 40, '0123456789abcdef')),
    commitMessage: text(job, 'commitMessage', path, 'seeded job'),
    commitTime: startTime,
    startTime,
    endTime: finished ? startTime + 240 : undefined,
    willFail: status === 'FAILED',
  };
}

function normalizeUserPool(value: unknown, path: string, region: string): UserPoolState {
  const pool = record(value, path, [
    'id',
    'name',
    'tags',
    'passwordPolicy',
    'aliasAttributes',
    'usernameAttributes',
    'domain',
    'customDomain',
    'mfaConfiguration',
    'identityProviders',
    'groups',
    'clients',
    'createdAt',
  ]);
  const id = text(pool, 'id', path, undefined, patterns.userPoolId);
  if (!id.startsWith(`${region}_`))
    fail(`${path}.id`, `a user pool in ${region} has an id starting ${region}_`);
  const createTime = epoch(pool, 'createdAt', path);
  const mfaConfiguration = text(pool, 'mfaConfiguration', path, 'OFF');
  if (!['OFF', 'ON', 'OPTIONAL'].includes(mfaConfiguration))
    fail(`${path}.mfaConfiguration`, 'expected OFF, ON or OPTIONAL');
  let passwordPolicy: PasswordPolicy | null = null;
  if (pool.passwordPolicy !== null) {
    const given = record(
      pool.passwordPolicy ?? {},
      `${path}.passwordPolicy`,
      Object.keys(defaultPasswordPolicy),
    );
    passwordPolicy = { ...defaultPasswordPolicy, ...(given as Partial<PasswordPolicy>) };
  }
  const identityProviders = list(pool.identityProviders, `${path}.identityProviders`).map((item, i) => {
    const idp = record(item, `${path}.identityProviders[${i}]`, ['name', 'type']);
    return {
      providerName: text(idp, 'name', `${path}.identityProviders[${i}]`),
      providerType: text(idp, 'type', `${path}.identityProviders[${i}]`),
      createTime,
    };
  });
  const groups = list(pool.groups, `${path}.groups`).map((item, i): GroupState => {
    const at = `${path}.groups[${i}]`;
    const group = record(item, at, ['name', 'roleArn', 'precedence', 'description']);
    const roleArn = optionalText(group, 'roleArn', at);
    if (roleArn !== undefined && !patterns.roleArn.test(roleArn))
      fail(`${at}.roleArn`, 'not an IAM role ARN');
    return {
      groupName: text(group, 'name', at),
      roleArn,
      precedence: group.precedence === undefined ? undefined : integer(group, 'precedence', at, 0),
      description: optionalText(group, 'description', at),
      createTime,
    };
  });
  const clients = list(pool.clients, `${path}.clients`).map((item, i): UserPoolClientState => {
    const at = `${path}.clients[${i}]`;
    const client = record(item, at, [
      'id',
      'name',
      'secret',
      'callbackUrls',
      'logoutUrls',
      'supportedIdentityProviders',
      'allowedOAuthFlows',
      'allowedOAuthScopes',
    ]);
    return {
      clientId: text(client, 'id', at, undefined, patterns.clientId),
      clientName: text(client, 'name', at),
      clientSecret: optionalText(client, 'secret', at),
      callbackUrls: strings(client, 'callbackUrls', at),
      logoutUrls: strings(client, 'logoutUrls', at),
      supportedIdentityProviders: strings(client, 'supportedIdentityProviders', at, ['COGNITO']),
      allowedOAuthFlows: strings(client, 'allowedOAuthFlows', at),
      allowedOAuthScopes: strings(client, 'allowedOAuthScopes', at),
      createTime,
    };
  });
  unique(
    groups.map((group) => group.groupName),
    `${path}.groups`,
    'group',
  );
  unique(
    clients.map((client) => client.clientId),
    `${path}.clients`,
    'client id',
  );
  return {
    id,
    name: text(pool, 'name', path),
    tags: stringMap(pool, 'tags', path),
    passwordPolicy,
    aliasAttributes: strings(pool, 'aliasAttributes', path),
    usernameAttributes: strings(pool, 'usernameAttributes', path, ['email']),
    domain: optionalText(pool, 'domain', path),
    customDomain: optionalText(pool, 'customDomain', path),
    mfaConfiguration,
    identityProviders,
    groups,
    clients,
    createTime,
    updateTime: createTime,
  };
}

function normalizeIdentityPool(
  value: unknown,
  path: string,
  region: string,
  accountId: string,
): IdentityPoolState {
  const pool = record(value, path, [
    'id',
    'name',
    'tags',
    'allowUnauthenticated',
    'cognitoProviders',
    'roles',
  ]);
  const id = text(pool, 'id', path, undefined, patterns.identityPoolId);
  if (!id.startsWith(`${region}:`))
    fail(`${path}.id`, `an identity pool in ${region} has an id starting ${region}:`);
  const name = text(pool, 'name', path, undefined, /^[\w\s+=,.@-]{1,128}$/);
  const cognitoProviders = list(pool.cognitoProviders, `${path}.cognitoProviders`).map((item, i) => {
    const at = `${path}.cognitoProviders[${i}]`;
    const provider = record(item, at, ['providerName', 'clientId', 'serverSideTokenCheck']);
    return {
      providerName: text(provider, 'providerName', at),
      clientId: text(provider, 'clientId', at),
      serverSideTokenCheck: flag(provider, 'serverSideTokenCheck', at, false),
    };
  });
  const rolesRaw = record(pool.roles ?? {}, `${path}.roles`, ['authenticated', 'unauthenticated']);
  const roles: IdentityPoolState['roles'] = {};
  for (const kind of ['authenticated', 'unauthenticated'] as const) {
    const arn = optionalText(rolesRaw, kind, `${path}.roles`);
    if (arn === undefined) continue;
    const match = patterns.roleArn.exec(arn);
    if (!match) fail(`${path}.roles.${kind}`, 'not an IAM role ARN');
    if (match[2] !== accountId) fail(`${path}.roles.${kind}`, `account ${match[2]} is not the seed account`);
    roles[kind] = arn;
  }
  return {
    id,
    name,
    tags: stringMap(pool, 'tags', path),
    allowUnauthenticated: flag(pool, 'allowUnauthenticated', path, false),
    cognitoProviders,
    roles,
  };
}
