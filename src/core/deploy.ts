// The deploy gate: once the values are verified, the build of this commit starts, and (with `wait`) is followed
// to its end. Amplify runs one job per branch, so a job in flight is followed first; a webhook build of this
// commit that started before the values were written is stopped (still pending) or followed to its end (already
// building), and a fresh job takes its place, so the last build of the commit never used the old values.
// The jobs are reached through an interface (src/aws/amplify-jobs.ts implements it); time is injected.
import { ActionError, type Problem } from './errors.ts';

export type DeployMode = 'none' | 'start' | 'wait';

export type JobStatus =
  | 'CREATED'
  | 'PENDING'
  | 'PROVISIONING'
  | 'RUNNING'
  | 'FAILED'
  | 'SUCCEED'
  | 'CANCELLING'
  | 'CANCELLED';

export interface JobStep {
  stepName: string;
  status: string;
  logUrl?: string;
}

export interface Job {
  jobId: string;
  jobType: string;
  status: JobStatus;
  commitId: string;
  /** Epoch milliseconds. */
  startTime?: number;
  endTime?: number;
  steps?: JobStep[];
}

export interface JobService {
  /** The branch's most recent jobs, newest first (one page is enough to see what is in flight). */
  list(): Promise<Job[]>;
  get(jobId: string): Promise<Job>;
  /** Starts a RELEASE job; `busy` when another job of the branch is in flight. */
  start(commitId: string, commitMessage: string | undefined): Promise<Job | 'busy'>;
  stop(jobId: string): Promise<Job>;
  jobUrl(jobId: string): string;
}

export interface DeployRequest {
  mode: Exclude<DeployMode, 'none'>;
  commitId: string;
  commitMessage: string | undefined;
  /** Whether this run changed the branch's values: a build of this commit that started earlier used the old ones. */
  valuesChanged: boolean;
  /** How long `wait` follows jobs (and how long any run waits for a job in flight), in milliseconds. */
  waitMs: number;
  pollMs: number;
}

export interface DeployTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface DeployResult {
  /** The job this run started, as last seen; undefined if none was started. */
  job: Job | undefined;
  /** What was done, in order, for the summary: "Stopped webhook job 3 …", "Started job 4 …". */
  actions: string[];
  /** When the build failed, was cancelled, or could not be followed to its end in time. */
  failure: Problem | undefined;
  /** Milliseconds from the start of this run's job to its end (or to the last look at it). */
  durationMs: number | undefined;
}

/** One DNS label; a domain is labels joined by dots. */
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';

/**
 * The branch's address, `https://<displayName>.<defaultDomain>`, from two AWS answers; undefined unless both are
 * what a host name is made of (the address goes into an output that workflows paste into scripts).
 */
export function deploymentUrl(displayName: string, defaultDomain: string): string | undefined {
  const label = new RegExp(`^${LABEL}$`, 'i');
  const domain = new RegExp(`^(?:${LABEL}\\.)+${LABEL}$`, 'i');
  return label.test(displayName) && domain.test(defaultDomain)
    ? `https://${displayName}.${defaultDomain}`
    : undefined;
}

export const FINISHED: readonly JobStatus[] = ['SUCCEED', 'FAILED', 'CANCELLED'];
const QUEUED: readonly JobStatus[] = ['CREATED', 'PENDING'];

/** Thrown when the wait ran out while following a job this run did not start. */
class OutOfTime extends Error {}

export async function deploy(
  jobs: JobService,
  request: DeployRequest,
  time: DeployTime,
  log: (line: string) => void,
): Promise<DeployResult> {
  const deadline = time.now() + request.waitMs;
  const actions: string[] = [];
  const follow = (job: Job, why: string) => followJob(jobs, job, deadline, request.pollMs, time, log, why);
  const short = request.commitId.slice(0, 7);

  try {
    // Builds of this commit that cannot have used the values just written.
    for (const job of (await jobs.list()).filter((job) => job.commitId === request.commitId)) {
      if (!request.valuesChanged || FINISHED.includes(job.status)) continue;
      if (QUEUED.includes(job.status)) {
        await jobs.stop(job.jobId);
        actions.push(
          `Stopped ${job.jobType} job ${job.jobId} of this commit while it was still pending: it could have built with the old values.`,
        );
      } else {
        const end = await follow(
          job,
          `${job.jobType} job ${job.jobId} of this commit, building with the old values`,
        );
        actions.push(
          `${job.jobType} job ${job.jobId} of this commit was already building with the old values; followed it to its end (${end.status}) instead of stopping it (stopping does not stop a deployment under way). A fresh job replaces it.`,
        );
      }
    }

    let started: Job | undefined;
    while (!started) {
      const result = await jobs.start(request.commitId, request.commitMessage);
      if (result !== 'busy') {
        started = result;
        break;
      }
      const inFlight = (await jobs.list()).find((job) => !FINISHED.includes(job.status));
      if (!inFlight) {
        if (time.now() >= deadline) throw new OutOfTime('Amplify kept refusing to start a job');
        await time.sleep(request.pollMs);
        continue;
      }
      const end = await follow(inFlight, `${inFlight.jobType} job ${inFlight.jobId}, already in flight`);
      actions.push(
        `${inFlight.jobType} job ${inFlight.jobId} (commit ${inFlight.commitId.slice(0, 7)}) was in flight; followed it to its end (${end.status}) before starting.`,
      );
    }
    actions.push(`Started RELEASE job ${started.jobId} for commit ${short}.`);
    log(`Started RELEASE job ${started.jobId} for commit ${short}: ${jobs.jobUrl(started.jobId)}`);

    const startedAt = time.now();
    if (request.mode === 'start') {
      const seen = await jobs.get(started.jobId);
      return { job: seen, actions, failure: undefined, durationMs: undefined };
    }
    let end: Job;
    try {
      end = await follow(started, `job ${started.jobId}`);
    } catch (error) {
      if (!(error instanceof OutOfTimeWith)) throw error;
      return {
        job: error.job,
        actions,
        durationMs: time.now() - startedAt,
        failure: {
          message: `Amplify job ${started.jobId} is still ${error.job.status} after ${minutes(request.waitMs)}; it was left running. Follow it at ${jobs.jobUrl(started.jobId)}, or raise \`wait-minutes\`.`,
        },
      };
    }
    return { job: end, actions, durationMs: time.now() - startedAt, failure: buildFailure(end, jobs) };
  } catch (error) {
    if (error instanceof OutOfTimeWith || error instanceof OutOfTime) {
      throw new ActionError({
        message: `No job was started: ${error instanceof OutOfTimeWith ? `${error.what} was still ${error.job.status}` : error.message} after ${minutes(request.waitMs)} (\`wait-minutes\`). Follow it in the Amplify console, then re-run.`,
      });
    }
    throw error;
  }
}

class OutOfTimeWith extends OutOfTime {
  readonly job: Job;
  readonly what: string;
  constructor(job: Job, what: string) {
    super(what);
    this.job = job;
    this.what = what;
  }
}

/** Polls a job until it finishes; logs each status change with the elapsed time, and each step as it ends. */
async function followJob(
  jobs: JobService,
  first: Job,
  deadline: number,
  pollMs: number,
  time: DeployTime,
  log: (line: string) => void,
  what: string,
): Promise<Job> {
  const began = time.now();
  let status: JobStatus | undefined;
  const stepsLogged = new Set<string>();
  let job = first;
  for (;;) {
    if (job.status !== status) {
      status = job.status;
      log(`${what}: ${status} after ${seconds(time.now() - began)}`);
    }
    for (const step of job.steps ?? []) {
      const key = `${step.stepName} ${step.status}`;
      if (['RUNNING', 'PENDING'].includes(step.status) || stepsLogged.has(key)) continue;
      stepsLogged.add(key);
      log(`  step ${step.stepName}: ${step.status}`);
    }
    if (FINISHED.includes(job.status)) return job;
    if (time.now() >= deadline) throw new OutOfTimeWith(job, what);
    await time.sleep(Math.min(pollMs, Math.max(0, deadline - time.now())));
    job = await jobs.get(job.jobId);
  }
}

function buildFailure(job: Job, jobs: JobService): Problem | undefined {
  if (job.status === 'SUCCEED') return undefined;
  const step = (job.steps ?? []).find((candidate) => ['FAILED', 'CANCELLED'].includes(candidate.status));
  const where = step ? ` at step ${step.stepName}${step.logUrl ? ` (log: ${step.logUrl})` : ''}` : '';
  return {
    message: `Amplify job ${job.jobId} ended ${job.status}${where}. See ${jobs.jobUrl(job.jobId)}.`,
  };
}

const seconds = (ms: number) =>
  ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`;
const minutes = (ms: number) => `${+(ms / 60_000).toFixed(2)} minutes`;
