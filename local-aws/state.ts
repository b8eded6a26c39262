// The live model behind the local AWS endpoint: the data of every resource (build jobs included) and the virtual
// clock. Handlers read and mutate it; tests may too. How build jobs move is in jobs.ts, loading a seed in seed.ts:
// both build on this module, which imports neither.
import type { RateLimits } from './rate-limits.ts';

export type { RateLimits } from './rate-limits.ts';

export interface BranchState {
  branchName: string;
  description: string;
  stage: string;
  displayName: string;
  framework: string;
  enableAutoBuild: boolean;
  enableNotification: boolean;
  enableBasicAuth: boolean;
  enablePullRequestPreview: boolean;
  ttl: string;
  environmentVariables: Record<string, string>;
  createTime: number;
  updateTime: number;
  /** Newest last. */
  jobs: JobState[];
  /** The next job that starts (leaves PENDING) on this branch fails (then the flag clears). */
  nextJobFails: boolean;
  /** The step at which that job fails; BUILD when absent. */
  nextJobFailStep?: JobStepName;
  /**
   * The newest commit of the connected git branch: the last one pushed (push in jobs.ts), else the newest seeded
   * job's. A RELEASE builds it. Undefined: not known (a RELEASE records and builds `HEAD`).
   */
  headCommit?: CommitState;
}

/** A build job's status; jobs.ts moves a job through them. */
export type JobStatus =
  | 'CREATED'
  | 'PENDING'
  | 'PROVISIONING'
  | 'RUNNING'
  | 'FAILED'
  | 'SUCCEED'
  | 'CANCELLING'
  | 'CANCELLED';

export type JobStepName = 'BUILD' | 'DEPLOY' | 'VERIFY';

export interface JobStepState {
  stepName: JobStepName;
  status: 'RUNNING' | 'SUCCEED' | 'FAILED' | 'CANCELLED';
  /** Epoch seconds on the State's (virtual) clock. */
  startTime: number;
  endTime?: number;
}

export interface JobState {
  jobId: string;
  jobType: string;
  status: JobStatus;
  commitId: string;
  commitMessage: string;
  commitTime: number;
  /** When the job was created (epoch seconds). */
  startTime: number;
  endTime?: number;
  /** The steps that have started, in order. */
  steps: JobStepState[];
  /** When the current status (or running step) began; undefined while queued behind another job of the branch. */
  phaseStart?: number;
  /** Decided when the job leaves PENDING: the step it fails at; undefined: it succeeds. */
  failStep?: JobStepName;
  /** The branch-level environment variables when the job left PENDING: the values the build used. */
  variablesSeen?: Record<string, string>;
  /**
   * The commit the build used, fixed when the job left PENDING (undefined before): for a RELEASE the branch's head
   * then (`HEAD` when none is known), whatever commitId it records; for a RETRY what the retried job built; for
   * other types the job's commitId.
   */
  builtCommitId?: string;
  /** A RETRY job: the jobId of the job it retries. */
  retriedJobId?: string;
}

/** The commit a push delivered, kept on the branch as its head (a RELEASE builds it). */
export interface CommitState {
  commitId: string;
  commitMessage: string;
  commitTime: number;
}

export interface AppState {
  appId: string;
  name: string;
  description: string;
  /** The connected git repository; '' for an app deployed by hand (CreateDeployment), which has no build jobs. */
  repository: string;
  platform: string;
  environmentVariables: Record<string, string>;
  enableBranchAutoBuild: boolean;
  createTime: number;
  updateTime: number;
  branches: BranchState[];
}

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  TemporaryPasswordValidityDays: number;
}

export interface IdentityProviderState {
  providerName: string;
  providerType: string;
  createTime: number;
}

export interface GroupState {
  groupName: string;
  description?: string;
  roleArn?: string;
  precedence?: number;
  createTime: number;
}

export interface UserPoolClientState {
  clientId: string;
  clientName: string;
  clientSecret?: string;
  callbackUrls: string[];
  logoutUrls: string[];
  supportedIdentityProviders: string[];
  allowedOAuthFlows: string[];
  allowedOAuthScopes: string[];
  createTime: number;
}

export interface UserPoolState {
  id: string;
  name: string;
  tags: Record<string, string>;
  /** null: the pool has no password policy (Amplify's referenceAuth rejects such a pool). */
  passwordPolicy: PasswordPolicy | null;
  aliasAttributes: string[];
  usernameAttributes: string[];
  domain?: string;
  customDomain?: string;
  mfaConfiguration: string;
  /** The MFA methods set up: SMS (an SMS configuration), TOTP (software tokens), EMAIL (email MFA). */
  mfaMethods: ('SMS' | 'TOTP' | 'EMAIL')[];
  identityProviders: IdentityProviderState[];
  groups: GroupState[];
  clients: UserPoolClientState[];
  createTime: number;
  updateTime: number;
}

export interface CognitoProviderState {
  providerName: string;
  clientId: string;
  serverSideTokenCheck: boolean;
}

export interface IdentityPoolState {
  id: string;
  name: string;
  tags: Record<string, string>;
  allowUnauthenticated: boolean;
  cognitoProviders: CognitoProviderState[];
  roles: { authenticated?: string; unauthenticated?: string };
}

export interface RoleState {
  roleName: string;
  path: string;
  arn: string;
  roleId: string;
  description?: string;
  trustPolicy: unknown;
  tags: { Key: string; Value: string }[];
  maxSessionDuration: number;
  createTime: number;
}

/**
 * How StartJob records a RELEASE job's commit. The API reference: RELEASE "starts a new job with the latest change
 * from the specified branch"; users see the request's commitId ignored (aws-amplify/amplify-hosting#2100) or the job
 * recorded as HEAD (#599, #751, which a maintainer accepted as a bug). Either way the build itself builds the
 * branch's newest commit (JobState.builtCommitId).
 * - `head` (default): the job records the branch's head commit (the last push), or `HEAD` when none is known.
 * - `label`: the job records the commitId (and message) the request passed, as a label.
 * - `HEAD`: the job records `HEAD`, whatever the request and the branch say (#751).
 */
export type ReleaseCommitId = 'head' | 'label' | 'HEAD';

/**
 * What StartJob does while another job of the branch is unfinished.
 * - `queue` (default): a new PENDING job waits behind it, as AWS staff describe (aws-amplify/amplify-backend#2587,
 *   aws-amplify/amplify-hosting#1617).
 * - `refuse`: LimitExceededException (429), the reading that the branch is busy.
 */
export type StartWhileBusy = 'queue' | 'refuse';

/**
 * What a branch's `activeJobId` answers (documented: "the ID of the active job for a branch").
 * - `in-progress` (default): the branch's unfinished job that builds first (its oldest), '' when none.
 * - `latest`: the newest job's ID, finished or not ('' before the first job): a reader must check its status.
 */
export type ActiveJobIdReading = 'in-progress' | 'latest';

/** The order ListJobs answers in; the API reference does not say, so callers sort by the numeric jobId. */
export type ListJobsOrder = 'newest-first' | 'oldest-first';

/** The readings of the behaviours Amplify leaves open, and the concurrent-builds quota. */
export interface JobReadings {
  releaseCommitId: ReleaseCommitId;
  startWhileBusy: StartWhileBusy;
  activeJobId: ActiveJobIdReading;
  listJobsOrder: ListJobsOrder;
  /**
   * Unfinished jobs (queued ones included) the account may have per region, across apps and branches; a StartJob
   * beyond it is LimitExceededException. The account's concurrent jobs quota in Service Quotas, 5 by default.
   */
  concurrentJobsQuota: number;
}

export const defaultJobReadings: JobReadings = {
  releaseCommitId: 'head',
  startWhileBusy: 'queue',
  activeJobId: 'in-progress',
  listJobsOrder: 'newest-first',
  concurrentJobsQuota: 5,
};

/** Virtual seconds each phase lasts. */
export interface JobTimings {
  pending: number;
  provisioning: number;
  build: number;
  deploy: number;
  verify: number;
}

/** Typical for a small Gen 2 app: the build (install, backend deploy, frontend build) dominates. */
export const defaultJobTimings: JobTimings = {
  pending: 10,
  provisioning: 20,
  build: 120,
  deploy: 60,
  verify: 10,
};

/**
 * What DeleteBranch does to a branch with an unfinished build job (queued ones included); the API reference is silent.
 * - `delete` (default): the branch goes, and every job of it with it, unfinished ones included.
 * - `refuse`: BadRequestException until the branch's jobs have finished (or been stopped).
 */
export type DeleteBranchWhileBuilding = 'delete' | 'refuse';

export interface BranchReadings {
  /** Amplify Hosting service quotas: "Branches per app", 50 in each Region, not adjustable. */
  branchesPerAppQuota: number;
  deleteBranchWhileBuilding: DeleteBranchWhileBuilding;
}

export const defaultBranchReadings: BranchReadings = {
  branchesPerAppQuota: 50,
  deleteBranchWhileBuilding: 'delete',
};

export interface RegionState {
  apps: AppState[];
  userPools: UserPoolState[];
  identityPools: IdentityPoolState[];
}

export interface StateData {
  accountId: string;
  caller: { arn: string; userId: string };
  /** IAM is a global service: roles belong to the account, not to a region. */
  roles: RoleState[];
  regions: Record<string, RegionState>;
  /**
   * IAM actions the caller may not call (`amplify:UpdateBranch`, `cognito-idp:Describe*`): each is refused the way
   * the service refuses a call no policy allows (see denials.ts). Empty when absent.
   */
  deny?: string[];
  /** Request-rate quotas per account and region (see rate-limits.ts). None when absent. */
  rateLimits?: RateLimits;
  /** Virtual seconds each build phase lasts (JobTimings); defaultJobTimings when absent. */
  jobTimings?: JobTimings;
  /** Virtual seconds every GetJob moves the clock before it answers; 0 (nothing moves unless driven) when absent. */
  jobSecondsPerPoll?: number;
  /** How a RELEASE records its commit (ReleaseCommitId); 'head' when absent. */
  releaseCommitId?: ReleaseCommitId;
  /** StartJob while the branch has an unfinished job (StartWhileBusy); 'queue' when absent. */
  startWhileBusy?: StartWhileBusy;
  /** What a branch's activeJobId answers (ActiveJobIdReading); 'in-progress' when absent. */
  activeJobId?: ActiveJobIdReading;
  /** ListJobs order (ListJobsOrder); 'newest-first' when absent. */
  listJobsOrder?: ListJobsOrder;
  /** Unfinished jobs allowed per account and region before StartJob is refused (JobReadings); 5 when absent. */
  concurrentJobsQuota?: number;
  /** Branches an app may hold before CreateBranch is refused (LimitExceededException); 50 when absent. */
  branchesPerAppQuota?: number;
  /** DeleteBranch on a branch with an unfinished job; 'delete' when absent. */
  deleteBranchWhileBuilding?: DeleteBranchWhileBuilding;
}

export class State implements StateData, JobReadings, BranchReadings {
  accountId: string;
  caller: { arn: string; userId: string };
  roles: RoleState[];
  regions: Record<string, RegionState>;
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
  private lastTime = 0;
  /** How far advanceClock has moved the clock ahead of the wall clock, in seconds. */
  private clockOffset = 0;
  /** Each updated branch as it was before its most recent update, for stale reads. */
  private readonly previousBranches = new WeakMap<BranchState, BranchState>();

  constructor(data: StateData) {
    this.accountId = data.accountId;
    this.caller = data.caller;
    this.roles = data.roles;
    this.regions = data.regions;
    this.deny = data.deny ?? [];
    this.rateLimits = data.rateLimits ?? {};
    this.jobTimings = { ...defaultJobTimings, ...data.jobTimings };
    this.jobSecondsPerPoll = data.jobSecondsPerPoll ?? 0;
    this.releaseCommitId = data.releaseCommitId ?? defaultJobReadings.releaseCommitId;
    this.startWhileBusy = data.startWhileBusy ?? defaultJobReadings.startWhileBusy;
    this.activeJobId = data.activeJobId ?? defaultJobReadings.activeJobId;
    this.listJobsOrder = data.listJobsOrder ?? defaultJobReadings.listJobsOrder;
    this.concurrentJobsQuota = data.concurrentJobsQuota ?? defaultJobReadings.concurrentJobsQuota;
    this.branchesPerAppQuota = data.branchesPerAppQuota ?? defaultBranchReadings.branchesPerAppQuota;
    this.deleteBranchWhileBuilding =
      data.deleteBranchWhileBuilding ?? defaultBranchReadings.deleteBranchWhileBuilding;
  }

  /**
   * Epoch seconds with millisecond precision, strictly increasing so every update moves updateTime. The clock is
   * the wall clock plus what advanceClock added: branch updates and job steps share one timeline, so a test can
   * compare when variables were written with when a build started.
   */
  now(): number {
    const wall = roundTime(Date.now() / 1000 + this.clockOffset);
    this.lastTime = Math.max(wall, roundTime(this.lastTime + 0.001));
    return this.lastTime;
  }

  /**
   * Moves the virtual clock `seconds` (>= 0) ahead and returns the time it reaches. Only the clock: advanceJobs
   * (jobs.ts) moves it this way and then plays the build transitions that have fallen due.
   */
  advanceClock(seconds: number): number {
    const until = roundTime(this.now() + seconds);
    this.clockOffset += seconds;
    this.lastTime = Math.max(this.lastTime, until);
    return until;
  }

  /** A job of a branch, or undefined. */
  job(appId: string, branchName: string, jobId: string, region?: string): JobState | undefined {
    return this.branch(appId, branchName, region)?.jobs.find((job) => job.jobId === jobId);
  }

  region(name: string): RegionState {
    let region = this.regions[name];
    if (!region) {
      region = { apps: [], userPools: [], identityPools: [] };
      this.regions[name] = region;
    }
    return region;
  }

  /**
   * The region an app lives in (app IDs are unique across regions); us-east-1 for an app that does not exist. Every
   * method taking an app ID and an optional region defaults to this one.
   */
  regionOf(appId: string): string {
    const found = Object.entries(this.regions).find(([, region]) =>
      region.apps.some((app) => app.appId === appId),
    );
    return found?.[0] ?? 'us-east-1';
  }

  app(appId: string, region = this.regionOf(appId)): AppState | undefined {
    return this.regions[region]?.apps.find((app) => app.appId === appId);
  }

  /**
   * Adds an app as creating it in the console would, in `region` (us-east-1 by default): connected to a repository
   * unless `repository` is '', with the named branches (auto-build on), for a test; returns it. A request signed for
   * another region does not find it.
   */
  addApp(app: {
    appId: string;
    region?: string;
    name?: string;
    repository?: string;
    branches?: string[];
  }): AppState {
    if (!/^d[a-z0-9]{1,19}$/.test(app.appId)) throw new Error(`local AWS state: bad app ID ${app.appId}`);
    if (this.app(app.appId)) {
      throw new Error(`local AWS state: app ${app.appId} exists already (${this.regionOf(app.appId)})`);
    }
    const now = this.now();
    const added: AppState = {
      appId: app.appId,
      name: app.name ?? app.appId,
      description: '',
      repository: app.repository ?? `https://github.com/example-org/${app.name ?? app.appId}`,
      platform: 'WEB_COMPUTE',
      environmentVariables: {},
      enableBranchAutoBuild: true,
      createTime: now,
      updateTime: now,
      branches: (app.branches ?? []).map((name) => newBranch(name, now)),
    };
    this.region(app.region ?? 'us-east-1').apps.push(added);
    return added;
  }

  branch(appId: string, branchName: string, region?: string): BranchState | undefined {
    return this.app(appId, region)?.branches.find((branch) => branch.branchName === branchName);
  }

  /** The branch-level variables (a copy); throws if the branch does not exist. */
  branchVariables(appId: string, branchName: string, region?: string): Record<string, string> {
    return { ...this.requireBranch(appId, branchName, region).environmentVariables };
  }

  /** Sets some of a branch's variables and keeps the rest, as a colleague editing one in the console would. */
  addBranchVariables(appId: string, branchName: string, variables: Record<string, string>, region?: string) {
    this.setBranchVariables(
      appId,
      branchName,
      { ...this.branchVariables(appId, branchName, region), ...variables },
      region,
    );
  }

  /** Replaces a branch's variables as another writer (the console, a colleague) would. */
  setBranchVariables(appId: string, branchName: string, variables: Record<string, string>, region?: string) {
    const branch = this.requireBranch(appId, branchName, region);
    this.updateBranch(branch, () => {
      branch.environmentVariables = { ...variables };
    });
  }

  /**
   * Applies an update to a branch and moves its updateTime. If `change` throws, the update is abandoned;
   * otherwise the branch as it was before is kept for stale reads (branchBeforeLastUpdate).
   */
  updateBranch<T>(branch: BranchState, change: () => T): T {
    const before = { ...branch, environmentVariables: { ...branch.environmentVariables } };
    const result = change();
    branch.updateTime = this.now();
    this.previousBranches.set(branch, before);
    return result;
  }

  /**
   * The branch as a replica that missed its most recent update would show it: the settings, variables and
   * updateTime from before that update, the jobs as they are now (jobs are not part of an update). A branch never
   * updated is its own previous version.
   */
  branchBeforeLastUpdate(branch: BranchState): BranchState {
    const before = this.previousBranches.get(branch);
    return before
      ? {
          ...before,
          jobs: branch.jobs,
          nextJobFails: branch.nextJobFails,
          nextJobFailStep: branch.nextJobFailStep,
          headCommit: branch.headCommit,
        }
      : branch;
  }

  /** Adds a branch as connecting it in the console would (auto-build on), for a test; returns it. */
  addBranch(appId: string, branchName: string, region?: string): BranchState {
    const app = this.app(appId, region);
    if (!app) throw new Error(`local AWS state: no app ${appId} (${region ?? this.regionOf(appId)})`);
    const branch = newBranch(branchName, this.now());
    app.branches.push(branch);
    return branch;
  }

  /** Deletes a branch and its jobs as another writer (the console, a colleague) would; returns it. */
  deleteBranch(appId: string, branchName: string, region?: string): BranchState {
    const branch = this.requireBranch(appId, branchName, region);
    const app = this.app(appId, region) as AppState;
    app.branches.splice(app.branches.indexOf(branch), 1);
    return branch;
  }

  /**
   * Makes the next job that starts (leaves PENDING) on the branch end FAILED: `step` FAILED, later steps never
   * run. A job already past PENDING is not affected.
   */
  failNextJob(appId: string, branchName: string, region?: string, step: JobStepName = 'BUILD') {
    const branch = this.requireBranch(appId, branchName, region);
    branch.nextJobFails = true;
    branch.nextJobFailStep = step;
  }

  userPool(id: string, region = regionOfId(id, '_')): UserPoolState | undefined {
    return this.regions[region]?.userPools.find((pool) => pool.id === id);
  }

  identityPool(id: string, region = regionOfId(id, ':')): IdentityPoolState | undefined {
    return this.regions[region]?.identityPools.find((pool) => pool.id === id);
  }

  role(roleName: string): RoleState | undefined {
    return this.roles.find((role) => role.roleName === roleName);
  }

  toJSON(): StateData {
    return {
      accountId: this.accountId,
      caller: this.caller,
      roles: this.roles,
      regions: this.regions,
      deny: this.deny,
      rateLimits: this.rateLimits,
      jobTimings: this.jobTimings,
      jobSecondsPerPoll: this.jobSecondsPerPoll,
      releaseCommitId: this.releaseCommitId,
      startWhileBusy: this.startWhileBusy,
      activeJobId: this.activeJobId,
      listJobsOrder: this.listJobsOrder,
      concurrentJobsQuota: this.concurrentJobsQuota,
      branchesPerAppQuota: this.branchesPerAppQuota,
      deleteBranchWhileBuilding: this.deleteBranchWhileBuilding,
    };
  }

  /** The branch; throws if it does not exist. */
  requireBranch(appId: string, branchName: string, region?: string): BranchState {
    const branch = this.branch(appId, branchName, region);
    if (!branch) {
      throw new Error(
        `local AWS state: no branch ${branchName} in app ${appId} (${region ?? this.regionOf(appId)})`,
      );
    }
    return branch;
  }
}

/** A branch as Amplify creates it: auto-build on, no stage, the name made DNS-safe for its address. */
export function newBranch(branchName: string, now: number): BranchState {
  return {
    branchName,
    description: '',
    stage: 'NONE',
    displayName: branchName.replace(/[^A-Za-z0-9-]/g, '-'),
    framework: '',
    enableAutoBuild: true,
    enableNotification: false,
    enableBasicAuth: false,
    enablePullRequestPreview: false,
    ttl: '5',
    environmentVariables: {},
    createTime: now,
    updateTime: now,
    jobs: [],
    nextJobFails: false,
  };
}

/** Rounds to milliseconds so sums of virtual seconds stay exact enough to compare. */
export function roundTime(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function regionOfId(id: string, separator: string): string {
  const at = id.indexOf(separator);
  return at > 0 ? id.slice(0, at) : '';
}
