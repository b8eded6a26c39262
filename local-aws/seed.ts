// The seed file format and its loader: readable JSON in, a fully defaulted and validated StateData out
// (normalizeSeed), a State built on it (loadSeed). seed.schema.json documents the format; Ajv checks types, formats
// and unknown fields against it and fills in its defaults. This file checks what the schema cannot express (IDs
// against their region, unique names and IDs, roles in the seed account, parseable dates) and builds the state;
// seeded jobs are replayed on the build clock of jobs.ts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { finishedJobStatuses, type JobBranch, settleBranch, stopJob } from './jobs.ts';
import type { RateLimits } from './rate-limits.ts';
import schema from './seed.schema.json' with { type: 'json' };
import {
  type ActiveJobIdReading,
  type AppState,
  type BranchState,
  type DeleteBranchWhileBuilding,
  type IdentityPoolState,
  type JobState,
  type JobStatus,
  type JobStepName,
  type JobTimings,
  type ListJobsOrder,
  type PasswordPolicy,
  type RegionState,
  type ReleaseCommitId,
  type RoleState,
  roundTime,
  type StartWhileBusy,
  State,
  type StateData,
  type UserPoolState,
} from './state.ts';

export interface Seed {
  account: string;
  /** Who GetCallerIdentity says we are; defaults to an assumed role in the account. */
  caller?: { arn?: string; userId?: string };
  /** IAM roles are global (per account), so they sit beside the regions. */
  roles?: SeedRole[];
  regions: Record<string, SeedRegion>;
  /** IAM actions the caller may not call, such as amplify:UpdateBranch (wildcards allowed). */
  deny?: string[];
  /** Request-rate quotas per account and region, keyed by IAM action or by a name with `actions`. */
  rateLimits?: RateLimits;
  /** Virtual seconds each build phase lasts; omitted phases take the defaults (defaultJobTimings). */
  jobTimings?: Partial<JobTimings>;
  /** Virtual seconds every GetJob moves the clock before it answers. */
  jobSecondsPerPoll?: number;
  /**
   * How a RELEASE job records its commit: the branch's head ('head', default), the request's commitId ('label'), or
   * `HEAD` whatever either says ('HEAD').
   */
  releaseCommitId?: ReleaseCommitId;
  /** StartJob on a branch with an unfinished job: queue a PENDING job ('queue', default) or refuse it ('refuse'). */
  startWhileBusy?: StartWhileBusy;
  /** What a branch's activeJobId answers: the job in progress ('in-progress', default) or the newest ('latest'). */
  activeJobId?: ActiveJobIdReading;
  /** ListJobs order: 'newest-first' (default) or 'oldest-first'. */
  listJobsOrder?: ListJobsOrder;
  /** Unfinished jobs allowed per region before StartJob is refused (LimitExceededException); 5 by default. */
  concurrentJobsQuota?: number;
  /** Branches per app before CreateBranch is refused (LimitExceededException); 50 by default. */
  branchesPerAppQuota?: number;
  /** DeleteBranch on a branch with an unfinished job: delete it with its jobs ('delete', default) or refuse it. */
  deleteBranchWhileBuilding?: DeleteBranchWhileBuilding;
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
  /** The step at which that next job fails; BUILD when absent. */
  nextJobFailStep?: JobStepName;
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
  /** The MFA methods set up; TOTP alone (when MFA is not OFF) if omitted. */
  mfaMethods?: ('SMS' | 'TOTP' | 'EMAIL')[];
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

// The seed as Ajv leaves it: valid, its optional fields filled with the schema's defaults except those
// without one (NoDefault).
type Filled<T, NoDefault extends keyof T = never> = Required<Omit<T, NoDefault>> & Pick<T, NoDefault>;
type Role = Filled<SeedRole, 'description'>;
type Job = Filled<SeedJob, 'commitId' | 'startedAt'>;
type Branch = Filled<Omit<SeedBranch, 'jobs'>, 'nextJobFailStep'> & { jobs: Job[] };
type App = Filled<Omit<SeedApp, 'branches'>> & { branches: Branch[] };
type Client = Filled<SeedUserPoolClient, 'secret'>;
type UserPool = Filled<Omit<SeedUserPool, 'clients'>, 'domain' | 'customDomain'> & { clients: Client[] };
type CognitoProvider = Required<NonNullable<SeedIdentityPool['cognitoProviders']>[number]>;
type IdentityPool = Filled<Omit<SeedIdentityPool, 'cognitoProviders'>> & {
  cognitoProviders: CognitoProvider[];
};
interface Region {
  amplifyApps: App[];
  userPools: UserPool[];
  identityPools: IdentityPool[];
}
interface ValidSeed {
  account: string;
  caller: NonNullable<Seed['caller']>;
  roles: Role[];
  regions: Record<string, Region>;
  deny: string[];
  rateLimits: RateLimits;
  jobTimings: JobTimings;
  jobSecondsPerPoll: number;
  releaseCommitId: ReleaseCommitId;
  startWhileBusy: StartWhileBusy;
  activeJobId: ActiveJobIdReading;
  listJobsOrder: ListJobsOrder;
  concurrentJobsQuota: number;
  branchesPerAppQuota: number;
  deleteBranchWhileBuilding: DeleteBranchWhileBuilding;
}

/** How seeded jobs are laid out: the phase lengths, and the load time at which unfinished ones are caught. */
interface JobClock {
  timings: JobTimings;
  loadTime: number;
}

const validate = new Ajv({
  allErrors: true,
  useDefaults: true,
  strict: true,
  allowUnionTypes: true,
  verbose: true,
}).compile<ValidSeed>(schema);

const roleArnPattern = new RegExp(schema.definitions.roleArn.pattern, 'u');

const typeNames: Record<string, string> = {
  string: 'a string',
  object: 'an object',
  array: 'an array',
  boolean: 'true or false',
  integer: 'an integer',
  'object,null': 'an object or null',
};

/** One Ajv error as `path: problem`, the path written the seed's way: seed.regions.us-east-1.userPools[0].id. */
function schemaProblem(error: ErrorObject, seed: unknown): string | undefined {
  let path = 'seed';
  let node = seed;
  for (const segment of error.instancePath.split('/').slice(1)) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    path += Array.isArray(node) ? `[${key}]` : `.${key}`;
    node = (node as Record<string, unknown>)[key];
  }
  const { params } = error;
  switch (error.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys(error.parentSchema?.properties ?? {});
      return `${path}.${params.additionalProperty}: unknown field (allowed: ${allowed.join(', ')})`;
    }
    case 'required':
      return `${path}.${params.missingProperty}: missing`;
    case 'type':
      return `${path}: expected ${typeNames[params.type] ?? params.type}`;
    case 'enum':
      return `${path}: expected one of ${params.allowedValues.join(', ')}`;
    case 'pattern':
      // A bad key (propertyNames) comes with the path of its object and the key as propertyName.
      return `${error.propertyName === undefined ? path : `${path}.${error.propertyName}`}: ${JSON.stringify(error.data)} does not match /${params.pattern}/`;
    case 'propertyNames':
      return undefined; // reported by the pattern error above
    default:
      return `${path}: ${error.message}`;
  }
}

function fail(path: string, problem: string): never {
  throw new Error(`local AWS seed: ${path}: ${problem}`);
}

function epoch(iso: string, path: string): number {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) fail(path, `not an ISO 8601 date: ${iso}`);
  return millis / 1000;
}

function unique<T>(path: string, what: string, items: T[], key: (item: T) => string) {
  const seen = new Set<string>();
  for (const value of items.map(key)) {
    if (seen.has(value)) fail(path, `duplicate ${what} ${value}`);
    seen.add(value);
  }
}

/** The path and name of a role ARN (which the schema has matched), checking it is in the seed account. */
function roleInAccount(arn: string, path: string, accountId: string): { rolePath: string; roleName: string } {
  const [, , account, rolePath = '/', roleName = ''] = roleArnPattern.exec(arn) ?? [];
  if (account !== accountId) fail(path, `account ${account} is not the seed account ${accountId}`);
  return { rolePath, roleName };
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
  const seed = structuredClone(raw); // Ajv fills in defaults in place
  if (!validate(seed)) {
    const problems = (validate.errors ?? []).flatMap((error) => schemaProblem(error, seed) ?? []);
    throw new Error(problems.map((problem) => `local AWS seed: ${problem}`).join('\n'));
  }
  const accountId = seed.account;
  const caller = {
    arn: seed.caller.arn ?? `arn:aws:sts::${accountId}:assumed-role/local-deployer/local-session`,
    userId: seed.caller.userId ?? `AROA${stableId(accountId, 17)}:local-session`,
  };
  const roles = seed.roles.map((role, i) => normalizeRole(role, `seed.roles[${i}]`, accountId));
  unique('seed.roles', 'role name', roles, (role) => role.roleName);
  const clock: JobClock = { timings: seed.jobTimings, loadTime: roundTime(Date.now() / 1000) };
  const regions: Record<string, RegionState> = {};
  for (const [name, region] of Object.entries(seed.regions)) {
    regions[name] = normalizeRegion(region, `seed.regions.${name}`, name, accountId, clock);
  }
  // An app lives in one region: its ID is unique across them.
  unique(
    'seed.regions.*.amplifyApps',
    'appId',
    Object.values(regions).flatMap((region) => region.apps),
    (app) => app.appId,
  );
  return {
    accountId,
    caller,
    roles,
    regions,
    deny: seed.deny,
    rateLimits: seed.rateLimits,
    jobTimings: seed.jobTimings,
    jobSecondsPerPoll: seed.jobSecondsPerPoll,
    releaseCommitId: seed.releaseCommitId,
    startWhileBusy: seed.startWhileBusy,
    activeJobId: seed.activeJobId,
    listJobsOrder: seed.listJobsOrder,
    concurrentJobsQuota: seed.concurrentJobsQuota,
    branchesPerAppQuota: seed.branchesPerAppQuota,
    deleteBranchWhileBuilding: seed.deleteBranchWhileBuilding,
  };
}

/** Loads and validates a seed (a JSON file path or an object); every call returns an independent State. */
export function loadSeed(pathOrObject: string | Seed): State {
  let raw: unknown;
  if (typeof pathOrObject === 'string') {
    try {
      raw = JSON.parse(readFileSync(pathOrObject, 'utf8'));
    } catch (error) {
      throw new Error(`local AWS seed ${pathOrObject}: ${(error as Error).message}`);
    }
  } else {
    raw = structuredClone(pathOrObject);
  }
  return new State(normalizeSeed(raw));
}

/** The sample seed (sample-seed.json): what startLocalAws loads when given no seed. */
export const sampleSeedPath = fileURLToPath(new URL('./sample-seed.json', import.meta.url));

function normalizeRole(role: Role, path: string, accountId: string): RoleState {
  const { rolePath, roleName } = roleInAccount(role.arn, `${path}.arn`, accountId);
  return {
    roleName,
    path: rolePath,
    arn: role.arn,
    roleId: `AROA${stableId(role.arn, 17)}`,
    description: role.description,
    trustPolicy: role.trustPolicy,
    tags: Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })),
    maxSessionDuration: role.maxSessionDuration,
    createTime: epoch(role.createdAt, `${path}.createdAt`),
  };
}

function normalizeRegion(
  region: Region,
  path: string,
  name: string,
  accountId: string,
  clock: JobClock,
): RegionState {
  unique(`${path}.amplifyApps`, 'appId', region.amplifyApps, (app) => app.appId);
  unique(`${path}.userPools`, 'user pool id', region.userPools, (pool) => pool.id);
  unique(`${path}.identityPools`, 'identity pool id', region.identityPools, (pool) => pool.id);
  return {
    apps: region.amplifyApps.map((app, i) => normalizeApp(app, `${path}.amplifyApps[${i}]`, clock)),
    userPools: region.userPools.map((pool, i) => normalizeUserPool(pool, `${path}.userPools[${i}]`, name)),
    identityPools: region.identityPools.map((pool, i) =>
      normalizeIdentityPool(pool, `${path}.identityPools[${i}]`, name, accountId),
    ),
  };
}

function normalizeApp(app: App, path: string, clock: JobClock): AppState {
  unique(`${path}.branches`, 'branch', app.branches, (branch) => branch.name);
  const createTime = epoch(app.createdAt, `${path}.createdAt`);
  return {
    appId: app.appId,
    name: app.name,
    description: app.description,
    repository: app.repository,
    platform: app.platform,
    environmentVariables: app.environmentVariables,
    enableBranchAutoBuild: app.enableBranchAutoBuild,
    createTime,
    updateTime: createTime,
    branches: app.branches.map((branch, i) => normalizeBranch(branch, `${path}.branches[${i}]`, clock)),
  };
}

function normalizeBranch(branch: Branch, path: string, clock: JobClock): BranchState {
  const createTime = epoch(branch.createdAt, `${path}.createdAt`);
  const jobs = normalizeJobs(branch, `${path}.jobs`, createTime, clock);
  // The only commit of the git branch the seed tells of is the one its newest job records.
  const newest = jobs.at(-1);
  const result: BranchState = {
    branchName: branch.name,
    description: branch.description,
    stage: branch.stage,
    // Amplify shows a branch's display name with slashes turned into dashes.
    displayName: branch.name.replaceAll('/', '-'),
    framework: branch.framework,
    enableAutoBuild: branch.enableAutoBuild,
    enableNotification: false,
    enableBasicAuth: false,
    enablePullRequestPreview: false,
    ttl: '5',
    environmentVariables: branch.environmentVariables,
    createTime,
    updateTime: createTime,
    jobs,
    nextJobFails: branch.nextJobFails,
    nextJobFailStep: branch.nextJobFailStep,
  };
  if (newest) {
    result.headCommit = {
      commitId: newest.commitId,
      commitMessage: newest.commitMessage,
      commitTime: newest.commitTime,
    };
  }
  return result;
}

/**
 * Seeded jobs, oldest first. A finished job is replayed on the clock from its start, so its steps and end follow
 * the job timings (a FAILED one failed at BUILD, a CANCELLED one was stopped during BUILD). An unfinished one is
 * caught at load time at the start of its status; one branch builds one job at a time, so any younger unfinished
 * job waits in PENDING.
 */
function normalizeJobs(branch: Branch, path: string, createTime: number, clock: JobClock): JobState[] {
  const jobs: JobState[] = [];
  branch.jobs.forEach((seeded, i) => {
    const jobPath = `${path}[${i}]`;
    // Default: an hour apart, so seeded builds never overlap.
    const startTime =
      seeded.startedAt === undefined
        ? createTime + 3600 * (i + 1)
        : epoch(seeded.startedAt, `${jobPath}.startedAt`);
    const job: JobState = {
      jobId: String(i + 1),
      jobType: seeded.jobType,
      status: 'PENDING',
      commitId: seeded.commitId ?? stableId(jobPath, 40, '0123456789abcdef'),
      commitMessage: seeded.commitMessage,
      commitTime: startTime,
      startTime,
      steps: [],
      phaseStart: startTime,
    };
    const variables = { ...branch.environmentVariables };
    if (finishedJobStatuses.includes(seeded.status)) {
      replayFinished(job, seeded.status, variables, clock.timings);
    } else if (jobs.some((older) => !finishedJobStatuses.includes(older.status))) {
      if (seeded.status !== 'PENDING' && seeded.status !== 'CREATED') {
        fail(`${jobPath}.status`, `${seeded.status}, but an older job is unfinished (one build at a time)`);
      }
      job.status = seeded.status;
      job.phaseStart = undefined;
    } else {
      job.status = seeded.status;
      job.phaseStart = clock.loadTime;
      if (seeded.status !== 'PENDING' && seeded.status !== 'CREATED') {
        job.variablesSeen = variables;
        job.builtCommitId = job.commitId;
      }
      if (seeded.status === 'RUNNING' || seeded.status === 'CANCELLING') {
        job.steps.push({ stepName: 'BUILD', status: 'RUNNING', startTime: clock.loadTime });
      }
    }
    jobs.push(job);
  });
  return jobs;
}

function replayFinished(
  job: JobState,
  status: JobStatus,
  variables: Record<string, string>,
  timings: JobTimings,
) {
  const scratch: JobBranch = {
    jobs: [job],
    environmentVariables: variables,
    nextJobFails: status === 'FAILED',
    nextJobFailStep: 'BUILD',
    // A seeded job built the commit it records.
    headCommit: { commitId: job.commitId, commitMessage: job.commitMessage, commitTime: job.commitTime },
  };
  if (status === 'CANCELLED') {
    const midBuild = roundTime(job.startTime + timings.pending + timings.provisioning + timings.build / 2);
    settleBranch(scratch, midBuild, timings);
    stopJob(scratch, job, midBuild);
    settleBranch(scratch, midBuild, timings);
  } else {
    settleBranch(scratch, Number.POSITIVE_INFINITY, timings);
  }
}

function normalizeUserPool(pool: UserPool, path: string, region: string): UserPoolState {
  if (!pool.id.startsWith(`${region}_`))
    fail(`${path}.id`, `a user pool in ${region} has an id starting ${region}_`);
  unique(`${path}.groups`, 'group', pool.groups, (group) => group.name);
  unique(`${path}.clients`, 'client id', pool.clients, (client) => client.id);
  const createTime = epoch(pool.createdAt, `${path}.createdAt`);
  return {
    id: pool.id,
    name: pool.name,
    tags: pool.tags,
    // The schema has filled in the omitted fields; spreading keeps the fields in Cognito's order.
    passwordPolicy: pool.passwordPolicy as PasswordPolicy | null, // the schema fills in every field
    aliasAttributes: pool.aliasAttributes,
    usernameAttributes: pool.usernameAttributes,
    domain: pool.domain,
    customDomain: pool.customDomain,
    mfaConfiguration: pool.mfaConfiguration,
    mfaMethods: pool.mfaMethods ?? (pool.mfaConfiguration === 'OFF' ? [] : ['TOTP']),
    identityProviders: pool.identityProviders.map((idp) => ({
      providerName: idp.name,
      providerType: idp.type,
      createTime,
    })),
    groups: pool.groups.map((group) => ({
      groupName: group.name,
      roleArn: group.roleArn,
      precedence: group.precedence,
      description: group.description,
      createTime,
    })),
    clients: pool.clients.map((client) => ({
      clientId: client.id,
      clientName: client.name,
      clientSecret: client.secret,
      callbackUrls: client.callbackUrls,
      logoutUrls: client.logoutUrls,
      supportedIdentityProviders: client.supportedIdentityProviders,
      allowedOAuthFlows: client.allowedOAuthFlows,
      allowedOAuthScopes: client.allowedOAuthScopes,
      createTime,
    })),
    createTime,
    updateTime: createTime,
  };
}

function normalizeIdentityPool(
  pool: IdentityPool,
  path: string,
  region: string,
  accountId: string,
): IdentityPoolState {
  if (!pool.id.startsWith(`${region}:`))
    fail(`${path}.id`, `an identity pool in ${region} has an id starting ${region}:`);
  for (const [kind, arn] of Object.entries(pool.roles))
    roleInAccount(arn, `${path}.roles.${kind}`, accountId);
  return {
    id: pool.id,
    name: pool.name,
    tags: pool.tags,
    allowUnauthenticated: pool.allowUnauthenticated,
    cognitoProviders: pool.cognitoProviders,
    roles: pool.roles,
  };
}
