// Amplify build jobs on a virtual clock. A job waits its turn (one build per branch), then goes
// PENDING → PROVISIONING → RUNNING (steps BUILD, DEPLOY, VERIFY) → SUCCEED or FAILED, each phase lasting the
// State's jobTimings in virtual seconds. Nothing moves on its own: advanceJobs (or a GetJob with jobSecondsPerPoll)
// moves the State's clock, and settleBranch plays every transition that falls due, at its own time.
//
// Where Amplify's documentation leaves a behaviour open, the State picks a reading (JobReadings): the documented
// or AWS-described one by default, the others for tests that check a caller copes with them too.
//
// A job's data, the readings and the clock belong to the State (state.ts); this module is how jobs move on it.
import {
  type BranchState,
  type CommitState,
  type JobState,
  type JobStatus,
  type JobStepName,
  type JobTimings,
  roundTime,
  type State,
} from './state.ts';

export const finishedJobStatuses: readonly JobStatus[] = ['FAILED', 'SUCCEED', 'CANCELLED'];

/** Not started yet: the commit and the variables a job builds are fixed when it leaves these. */
const waitingStatuses: readonly JobStatus[] = ['CREATED', 'PENDING'];

export const jobStepNames: readonly JobStepName[] = ['BUILD', 'DEPLOY', 'VERIFY'];

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

/** A commit pushed to an app's git branch; `region` is the app's when absent. */
export interface PushedCommit {
  commitId: string;
  commitMessage?: string;
  region?: string;
}

/**
 * A push of a commit to the branch's git branch: it becomes the branch's head. With the branch's auto-build on,
 * it is built by a WEB_HOOK job (returned): a new one, or the webhook job still waiting in PENDING, moved to this
 * commit. Throws for an app without a repository (nothing to push to).
 */
export function push(
  state: State,
  appId: string,
  branchName: string,
  commit: PushedCommit,
): JobState | undefined {
  const region = commit.region ?? state.regionOf(appId);
  const branch = state.requireBranch(appId, branchName, region);
  if (!state.app(appId, region)?.repository) {
    throw new Error(`local AWS state: app ${appId} (${region}) has no repository to push to`);
  }
  const now = state.now();
  return pushCommit(
    branch,
    { commitId: commit.commitId, commitMessage: commit.commitMessage ?? '', commitTime: now },
    now,
  );
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

/**
 * Moves the State's virtual clock `seconds` ahead; every build job of every branch makes the transitions that fall
 * due, each at its own time. `advanceJobs(state, 0)` plays only what is already due (such as a CANCELLING job
 * ending).
 */
export function advanceJobs(state: State, seconds: number) {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`local AWS state: advanceJobs needs seconds >= 0, got ${seconds}`);
  }
  const until = state.advanceClock(seconds);
  for (const region of Object.values(state.regions)) {
    for (const app of region.apps) {
      for (const branch of app.branches) settleBranch(branch, until, state.jobTimings);
    }
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
