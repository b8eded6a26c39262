// Amplify build jobs on a virtual clock. A job waits its turn (one build per branch), then goes
// PENDING → PROVISIONING → RUNNING (steps BUILD, DEPLOY, VERIFY) → SUCCEED or FAILED, each phase lasting the
// State's jobTimings in virtual seconds. Nothing moves on its own: State.advanceJobs (or a GetJob with
// jobSecondsPerPoll) moves the clock, and settleBranch plays every transition that falls due, at its own time.
//
// Where Amplify's documentation leaves a behaviour open, the State picks a reading (JobReadings): the documented
// or AWS-described one by default, the others for tests that check a caller copes with them too.
import type { BranchState } from './state.ts';

export type JobStatus =
  | 'CREATED'
  | 'PENDING'
  | 'PROVISIONING'
  | 'RUNNING'
  | 'FAILED'
  | 'SUCCEED'
  | 'CANCELLING'
  | 'CANCELLED';

export const finishedJobStatuses: readonly JobStatus[] = ['FAILED', 'SUCCEED', 'CANCELLED'];

/** Not started yet: the commit and the variables a job builds are fixed when it leaves these. */
const waitingStatuses: readonly JobStatus[] = ['CREATED', 'PENDING'];

export type JobStepName = 'BUILD' | 'DEPLOY' | 'VERIFY';
export const jobStepNames: readonly JobStepName[] = ['BUILD', 'DEPLOY', 'VERIFY'];

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

/**
 * How StartJob records a RELEASE job's commit. The API reference: RELEASE "starts a new job with the latest change
 * from the specified branch"; users see the request's commitId ignored (aws-amplify/amplify-hosting#2100) or the job
 * recorded as HEAD (#599). Either way the build itself builds the branch's newest commit (JobState.builtCommitId).
 * - `head` (default): the job records the branch's head commit (State.push), or `HEAD` when none is known.
 * - `label`: the job records the commitId (and message) the request passed, as a label.
 */
export type ReleaseCommitId = 'head' | 'label';

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

/** The commit a push delivered, kept on the branch as its head (a RELEASE builds it). */
export interface CommitState {
  commitId: string;
  commitMessage: string;
  commitTime: number;
}

/** What the clock needs of a branch (seed.ts replays seeded jobs on a scratch one). */
export type JobBranch = Pick<
  BranchState,
  'jobs' | 'environmentVariables' | 'nextJobFails' | 'nextJobFailStep' | 'headCommit'
>;

export function isFinished(job: JobState): boolean {
  return finishedJobStatuses.includes(job.status);
}

/** The job the branch is building (or about to): the oldest unfinished one. Younger unfinished jobs wait. */
export function activeJob(branch: Pick<BranchState, 'jobs'>): JobState | undefined {
  return branch.jobs.find((job) => !isFinished(job));
}

/** Job IDs count up per branch: 1, 2, 3 … */
export function nextJobId(branch: Pick<BranchState, 'jobs'>): string {
  return String(branch.jobs.reduce((max, job) => Math.max(max, Number(job.jobId) || 0), 0) + 1);
}

/** Rounds to milliseconds so sums of virtual seconds stay exact enough to compare. */
export function roundTime(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** A new PENDING job, last in the branch's queue: it starts counting at once only if the branch is free. */
export function createJob(
  branch: Pick<BranchState, 'jobs'>,
  fields: Pick<JobState, 'jobType' | 'commitId' | 'commitMessage' | 'retriedJobId'> & { commitTime?: number },
  now: number,
): JobState {
  const job: JobState = {
    jobId: nextJobId(branch),
    jobType: fields.jobType,
    status: 'PENDING',
    commitId: fields.commitId,
    commitMessage: fields.commitMessage,
    commitTime: fields.commitTime ?? now,
    startTime: now,
    steps: [],
    phaseStart: activeJob(branch) ? undefined : now,
  };
  if (fields.retriedJobId !== undefined) job.retriedJobId = fields.retriedJobId;
  branch.jobs.push(job);
  return job;
}

/**
 * A push to the connected git branch. With auto-build on it is built by a WEB_HOOK job; a webhook job that has
 * not left PENDING yet is moved to the newest commit instead of queueing a second one (as Amplify does).
 */
export function pushCommit(branch: BranchState, commit: CommitState, now: number): JobState | undefined {
  branch.headCommit = { ...commit };
  if (!branch.enableAutoBuild) return undefined;
  const waiting = branch.jobs.find(
    (job) => job.jobType === 'WEB_HOOK' && waitingStatuses.includes(job.status),
  );
  if (waiting) {
    Object.assign(waiting, commit);
    return waiting;
  }
  return createJob(branch, { jobType: 'WEB_HOOK', ...commit }, now);
}

/**
 * StopJob: a job that has not started is cancelled at once; a started one is CANCELLING until the clock next
 * moves. Stopping does not undo what the build already did: a backend (CloudFormation) deployment it started
 * goes on. The caller refuses a finished job.
 */
export function stopJob(branch: JobBranch, job: JobState, now: number) {
  if (waitingStatuses.includes(job.status)) {
    finish(branch, job, 'CANCELLED', now);
  } else if (job.status !== 'CANCELLING') {
    job.status = 'CANCELLING';
    job.phaseStart = now;
  }
}

function phaseSeconds(job: JobState, timings: JobTimings): number {
  switch (job.status) {
    case 'CREATED':
    case 'PENDING':
      return timings.pending;
    case 'PROVISIONING':
      return timings.provisioning;
    case 'RUNNING': {
      const step = job.steps.at(-1)?.stepName ?? 'BUILD';
      return timings[step === 'BUILD' ? 'build' : step === 'DEPLOY' ? 'deploy' : 'verify'];
    }
    default:
      // CANCELLING ends at the next move of the clock.
      return 0;
  }
}

/** Plays every transition of the branch's jobs that falls due at or before `until` (epoch seconds). */
export function settleBranch(branch: JobBranch, until: number, timings: JobTimings) {
  for (;;) {
    const job = activeJob(branch);
    if (!job) return;
    // Only a hand-edited state leaves the head of the queue without a start: it starts counting now.
    job.phaseStart ??= until;
    const due = roundTime(job.phaseStart + phaseSeconds(job, timings));
    if (due > until) return;
    transition(branch, job, due);
  }
}

function transition(branch: JobBranch, job: JobState, at: number) {
  job.phaseStart = at;
  switch (job.status) {
    case 'CREATED':
    case 'PENDING':
      job.status = 'PROVISIONING';
      // The build is set up now: it reads the variables as they are at this moment, not as they were at the push,
      // and clones its commit.
      job.variablesSeen = { ...branch.environmentVariables };
      job.builtCommitId = commitToBuild(branch, job);
      if (branch.nextJobFails) job.failStep = branch.nextJobFailStep ?? 'BUILD';
      branch.nextJobFails = false;
      branch.nextJobFailStep = undefined;
      return;
    case 'PROVISIONING':
      job.status = 'RUNNING';
      job.steps.push({ stepName: 'BUILD', status: 'RUNNING', startTime: at });
      return;
    case 'RUNNING': {
      const step = job.steps.at(-1);
      if (!step) throw new Error(`local AWS: job ${job.jobId} is RUNNING without a step`);
      step.endTime = at;
      if (job.failStep === step.stepName) {
        step.status = 'FAILED';
        return finish(branch, job, 'FAILED', at);
      }
      step.status = 'SUCCEED';
      const next = jobStepNames[jobStepNames.indexOf(step.stepName) + 1];
      if (!next) return finish(branch, job, 'SUCCEED', at);
      job.steps.push({ stepName: next, status: 'RUNNING', startTime: at });
      return;
    }
    case 'CANCELLING':
      for (const step of job.steps) {
        if (step.status !== 'RUNNING') continue;
        step.status = 'CANCELLED';
        step.endTime = at;
      }
      return finish(branch, job, 'CANCELLED', at);
    default:
      return;
  }
}

/**
 * What a job leaving PENDING builds. A RELEASE builds "the latest change from the specified branch" (Amplify API
 * reference, StartJob jobType): the head now, which may be newer than the one it recorded when it was started.
 */
function commitToBuild(branch: JobBranch, job: JobState): string {
  if (job.jobType === 'RELEASE') return branch.headCommit?.commitId ?? 'HEAD';
  if (job.retriedJobId !== undefined) {
    const retried = branch.jobs.find((candidate) => candidate.jobId === job.retriedJobId);
    if (retried) return retried.builtCommitId ?? retried.commitId;
  }
  return job.commitId;
}

/** Ends a job; the next job in the branch's queue starts counting its PENDING time from then. */
function finish(branch: JobBranch, job: JobState, status: JobStatus, at: number) {
  job.status = status;
  job.endTime = at;
  const next = activeJob(branch);
  if (next && next.phaseStart === undefined) next.phaseStart = at;
}
