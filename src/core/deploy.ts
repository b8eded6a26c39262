// The deploy gate: once the values are verified, one build of the branch runs on them, and (with `wait`) is
// followed to its end. What Amplify guarantees, and what this code assumes where it does not say (sources in
// ../shared/aws-facts.md, "Amplify builds"):
// - A RELEASE job builds the branch's latest commit; the commitId sent is only a label. The commit the job
//   carries is read back and reported; a first build may carry `HEAD`, which stands for the latest commit.
// - A StartJob while a job of the branch is in flight is queued as a new PENDING job (what AWS staff describe), or
//   refused with LimitExceededException (the documented meaning of which is the account's concurrent-build quota).
//   Both are handled: a refusal while the branch has a job in flight waits for that job and tries again; a refusal
//   while it has none is the account's quota, waited out within the deadline.
// - StartJob is never sent twice blindly: an answer lost after Amplify may have acted is settled by listing the
//   branch's jobs and adopting the RELEASE job that was not there before the request. A list may lag behind a job
//   just made, so one without it is read again, twice, a poll interval apart, before StartJob is sent again.
// - A build of this commit already in flight on values this run did not change is the build the step follows.
//   When the values changed, a queued build of the commit is stopped (it may hold the old values) and a running
//   one finishes first; then one fresh build runs.
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
  /** A commit SHA, `HEAD`, or empty when Amplify recorded something else. */
  commitId: string;
  /** Epoch milliseconds. */
  startTime?: number;
  endTime?: number;
  steps?: JobStep[];
}

/** StartJob's answer: a job, the LimitExceededException refusal, or no answer after Amplify may have acted. */
export type StartAnswer =
  | { kind: 'started'; job: Job }
  | { kind: 'limit'; message: string }
  | { kind: 'lost'; message: string };

/** StopJob's answer: the job stopped, or, when Amplify refused (a job that finished meanwhile), the job as it is now. */
export type StopAnswer = { stopped: true } | { stopped: false; job: Job };

export interface JobService {
  /** Every job of the branch, oldest first by job number. */
  list(): Promise<Job[]>;
  get(jobId: string): Promise<Job>;
  /** Starts a RELEASE job, sending the request once. */
  start(commitId: string, commitMessage: string | undefined): Promise<StartAnswer>;
  stop(jobId: string): Promise<StopAnswer>;
  /** The job's page in the console; undefined when the ID does not make a safe link. */
  jobUrl(jobId: string): string | undefined;
}

export interface DeployRequest {
  mode: Exclude<DeployMode, 'none'>;
  commitId: string;
  commitMessage: string | undefined;
  /**
   * Whether this run changed what a build reads (the branch's values, or the backend its command deployed): a build
   * that started earlier may have used the old ones.
   */
  valuesChanged: boolean;
  /** The branch's `activeJobId` as last read, if any: a job in flight that the list may not show yet. */
  activeJobId?: string | undefined;
  /** The deploy stage's time limit in milliseconds: waiting for builds in flight, then this run's build. */
  waitMs: number;
  pollMs: number;
}

export interface DeployTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * What the deploy stage has done so far; filled in as it goes, so whatever fails later, the report names the job
 * from the moment Amplify answered with it.
 */
export interface DeployProgress {
  /** The build the step follows, as last seen. */
  job: Job | undefined;
  /** Whether this run started it (its answer received, or found after a lost answer) or adopted one in flight. */
  origin: 'started' | 'adopted' | undefined;
  /** What was done, in order, for the summary. */
  actions: string[];
  /** Milliseconds this step followed its build. */
  durationMs: number | undefined;
}

/** How many times the branch's jobs are listed, a poll interval apart, after a StartJob whose answer was lost. */
const LIST_READS_AFTER_LOST = 3;

const FINISHED: readonly JobStatus[] = ['SUCCEED', 'FAILED', 'CANCELLED'];
const QUEUED: readonly JobStatus[] = ['CREATED', 'PENDING'];
export const isFinished = (job: Job): boolean => FINISHED.includes(job.status);

/** What StopJob did to a queued job of the commit, as the summary says it. */
function stopped(job: Job, stop: StopAnswer): string {
  const name = `${job.jobType} job ${job.jobId} of this commit`;
  if (stop.stopped)
    return `Stopped ${name} while it was still ${job.status}: it may have held the old values.`;
  // Refused for a job that finished since it was listed: on its own, or stopped by someone else.
  if (isFinished(stop.job))
    return `${name} ended (${stop.job.status}) before it could be stopped, on the old values; this run's build comes after it.`;
  // A refusal Amplify does not document: said as it is.
  return `Amplify refused to stop ${name} (${stop.job.status}): it may hold the old values; this run's build comes after it.`;
}

/** Amplify's default for concurrent builds per account and region (Amplify Hosting service quotas). */
const DEFAULT_CONCURRENT_JOBS = 5;

/** Thrown when the deadline passes while following a job. */
class OutOfTime extends Error {
  readonly job: Job;
  readonly what: string;
  constructor(job: Job, what: string) {
    super(what);
    this.job = job;
    this.what = what;
  }
}

/** Runs the gate; resolves with the build's failure (undefined when it succeeded or was only started). */
export async function deploy(
  jobs: JobService,
  request: DeployRequest,
  time: DeployTime,
  log: (line: string) => void,
  progress: DeployProgress,
): Promise<Problem | undefined> {
  const deadline = time.now() + request.waitMs;
  const gate = new Gate(jobs, request, time, log, progress, deadline);
  try {
    await gate.settle();
    const job = progress.job as Job;
    if (request.mode === 'start') return undefined;
    const began = time.now();
    try {
      progress.job = await gate.follow(job, `Job ${job.jobId}`);
    } finally {
      progress.durationMs = time.now() - began;
    }
    return buildFailure(progress.job, jobs);
  } catch (error) {
    if (!(error instanceof OutOfTime)) throw error;
    const ours = progress.job !== undefined && error.job.jobId === progress.job.jobId;
    if (ours) {
      progress.job = error.job;
      return {
        message: `Amplify job ${error.job.jobId} is still ${error.job.status} after ${minutes(request.waitMs)} (\`wait-minutes\`); it was left running. Follow it at ${where(jobs, error.job)}, or raise \`wait-minutes\`.`,
      };
    }
    throw new ActionError({
      message: `No job was started: ${error.what} was still ${error.job.status} after ${minutes(request.waitMs)} (\`wait-minutes\`). Follow it in the Amplify console, then re-run.`,
    });
  }
}

class Gate {
  private readonly jobs: JobService;
  private readonly request: DeployRequest;
  private readonly time: DeployTime;
  private readonly log: (line: string) => void;
  private readonly progress: DeployProgress;
  private readonly deadline: number;

  constructor(
    jobs: JobService,
    request: DeployRequest,
    time: DeployTime,
    log: (line: string) => void,
    progress: DeployProgress,
    deadline: number,
  ) {
    this.jobs = jobs;
    this.request = request;
    this.time = time;
    this.log = log;
    this.progress = progress;
    this.deadline = deadline;
  }

  /**
   * A job of the run's commit: its SHA, or `HEAD` while the job waits to start (it then builds the branch's latest
   * commit, which holds this one). A job that records `HEAD` once running may have taken an older commit: Amplify
   * records `HEAD` for RELEASE jobs started through the API (aws-amplify/amplify-hosting#751), so such a job is not
   * taken for this commit's build.
   */
  private ofCommit = (job: Job) =>
    job.commitId === this.request.commitId || (job.commitId === 'HEAD' && QUEUED.includes(job.status));

  /** Leaves `progress.job` naming the one build of the verified values: adopted, or started. */
  async settle(): Promise<void> {
    const { request, progress } = this;
    const before = await this.inFlightOrListed();
    const ofCommit = before.filter((job) => !isFinished(job) && this.ofCommit(job));
    const adoptable = ofCommit.at(-1);
    if (!request.valuesChanged && adoptable) {
      this.record(adoptable, 'adopted');
      progress.actions.push(
        `${adoptable.jobType} job ${adoptable.jobId} of this commit was already ${adoptable.status} on values this run did not change: it is the build this step follows, and no second build was started.`,
      );
      this.log(`Following ${adoptable.jobType} job ${adoptable.jobId}, already in flight for this commit.`);
      return;
    }
    // Started, not finished, and recorded as HEAD: not this commit's (ofCommit), and said why another build follows.
    const runningAsHead = before.filter(
      (job) => job.commitId === 'HEAD' && !isFinished(job) && !QUEUED.includes(job.status),
    );
    for (const job of runningAsHead) {
      progress.actions.push(
        `${job.jobType} job ${job.jobId} was already ${job.status} on a commit Amplify recorded only as HEAD, which may be older than this run's: this run's build comes after it.`,
      );
    }
    for (const job of ofCommit) {
      if (QUEUED.includes(job.status)) {
        progress.actions.push(stopped(job, await this.jobs.stop(job.jobId)));
      } else {
        progress.actions.push(
          `${job.jobType} job ${job.jobId} of this commit was already ${job.status} with the old values; it was left to finish (stopping does not stop a backend deployment under way), and this run's build comes after it.`,
        );
      }
    }
    await this.start(new Set(before.map((job) => job.jobId)));
  }

  /**
   * The branch's jobs, with the one GetBranch called active when the list does not show it (ListJobs may lag, and
   * what "active" means is not documented: it is read, and counts only if unfinished).
   */
  private async inFlightOrListed(): Promise<Job[]> {
    const listed = await this.jobs.list();
    const active = this.request.activeJobId;
    if (!active || listed.some((job) => job.jobId === active)) return listed;
    return [...listed, await this.jobs.get(active)];
  }

  /** StartJob, sent once per attempt; a lost answer is settled by the list, a refusal waited out. */
  private async start(known: Set<string>): Promise<void> {
    const { jobs, request, progress } = this;
    let quotaSaid = false;
    let lostMessage: string | undefined;
    for (let lost = 0; ; ) {
      const answer = await jobs.start(request.commitId, request.commitMessage);
      if (answer.kind === 'started') {
        this.record(answer.job, 'started');
        progress.actions.push(`Started RELEASE job ${answer.job.jobId}.`);
        break;
      }
      if (answer.kind === 'lost') {
        lostMessage = answer.message;
        const found = await this.createdSince(known, answer.message);
        if (found) {
          this.adoptLost(found, answer.message);
          break;
        }
        // Reads of the list a poll interval apart show nothing started: StartJob is sent again.
        if (++lost === 3) throw new ActionError({ message: `${answer.message} No job was started.` });
        continue;
      }
      const inFlight = (await jobs.list()).filter((job) => !isFinished(job));
      // Refused after an answer was lost: a RELEASE job that appeared since that request is the one it started (the
      // list had not shown it yet), and the reason for this refusal.
      if (lostMessage !== undefined) {
        const lostStart = newRelease(inFlight, known);
        if (lostStart) {
          this.adoptLost(lostStart, lostMessage);
          break;
        }
      }
      for (const job of inFlight) known.add(job.jobId);
      const [first] = inFlight;
      if (first) {
        // Amplify refused rather than queued: the branch's jobs in flight finish first.
        const end = await this.follow(first, `${first.jobType} job ${first.jobId}, already in flight`);
        progress.actions.push(
          `Amplify refused to start a job while ${first.jobType} job ${first.jobId} (commit ${short(first.commitId)}) was in flight; followed it to its end (${end.status}), then started.`,
        );
        continue;
      }
      if (!quotaSaid) {
        quotaSaid = true;
        const cause = `Amplify refused StartJob (LimitExceededException: ${answer.message}) while nothing of this branch is in flight: the account's concurrent builds in this region (a quota, ${DEFAULT_CONCURRENT_JOBS} by default) are all taken by other branches or apps`;
        this.log(`${cause}. Waiting for one to finish, within \`wait-minutes\`.`);
        progress.actions.push(`${cause}; waited for a free build slot.`);
      }
      if (this.time.now() >= this.deadline) {
        throw new ActionError({
          message: `No job was started: the account's concurrent builds quota stayed full for ${minutes(request.waitMs)} (\`wait-minutes\`). Wait for other builds to finish or ask for a higher "Concurrent jobs" quota in Service Quotas, then re-run.`,
        });
      }
      await this.pause();
    }
    const started = progress.job as Job;
    this.log(`Started RELEASE job ${started.jobId}: ${where(jobs, started)}`);
    // RELEASE builds the branch's latest commit, whatever commitId said: report the commit it carries.
    const seen = await jobs.get(started.jobId);
    this.record(seen, 'started');
    if (seen.commitId === 'HEAD') {
      progress.actions.push(
        `Amplify recorded job ${seen.jobId}'s commit as HEAD: it builds the branch's latest commit.`,
      );
    } else if (seen.commitId !== request.commitId) {
      progress.actions.push(
        `Job ${seen.jobId} builds commit ${short(seen.commitId)}, not this run's commit ${short(request.commitId)}: a RELEASE job builds the branch's latest commit, and the branch has moved on since this run started. It builds with the verified values all the same.`,
      );
    }
  }

  /**
   * The RELEASE job that was not on the branch before a request whose answer was lost; undefined when none. ListJobs
   * may answer from a replica that has not seen a job just made (see inFlightOrListed), so a list without one is
   * read again, a poll interval later, LIST_READS_AFTER_LOST times in all, before it counts as none.
   */
  private async createdSince(known: Set<string>, lostMessage: string): Promise<Job | undefined> {
    for (let read = 1; ; read++) {
      let after: Job[];
      try {
        after = await this.jobs.list();
      } catch (error) {
        if (!(error instanceof ActionError)) throw error;
        throw new ActionError([
          { message: lostMessage },
          ...error.problems,
          {
            message:
              'A build may have started and the branch could not be listed to tell: check its jobs in the Amplify console before re-running.',
          },
        ]);
      }
      const found = newRelease(after, known);
      if (found || read === LIST_READS_AFTER_LOST) return found;
      await this.pause();
    }
  }

  /** The job a StartJob whose answer was lost started, found on the branch since. */
  private adoptLost(job: Job, lostMessage: string) {
    this.record(job, 'started');
    this.progress.actions.push(
      `The answer to StartJob was lost (${lostMessage}), but RELEASE job ${job.jobId} appeared on the branch since the request: it is this run's build, and no second one was started.`,
    );
  }

  private record(job: Job, origin: 'started' | 'adopted') {
    this.progress.job = job;
    this.progress.origin = origin;
  }

  /** Polls a job until it finishes; logs each status change, and each step as it ends. */
  async follow(first: Job, what: string): Promise<Job> {
    const began = this.time.now();
    let status: JobStatus | undefined;
    const stepsLogged = new Set<string>();
    let job = first;
    for (;;) {
      if (job.status !== status) {
        status = job.status;
        this.log(`${what}: ${status} after ${seconds(this.time.now() - began)}`);
      }
      for (const step of job.steps ?? []) {
        const key = `${step.stepName} ${step.status}`;
        if (['RUNNING', 'PENDING'].includes(step.status) || stepsLogged.has(key)) continue;
        stepsLogged.add(key);
        this.log(`  step ${step.stepName}: ${step.status}`);
      }
      if (isFinished(job)) return job;
      if (this.time.now() >= this.deadline) throw new OutOfTime(job, what);
      await this.pause();
      job = await this.jobs.get(job.jobId);
      if (this.progress.job?.jobId === job.jobId) this.progress.job = job;
    }
  }

  /** One poll interval, ending by the deadline. */
  private pause(): Promise<void> {
    return this.time.sleep(Math.max(0, Math.min(this.request.pollMs, this.deadline - this.time.now())));
  }
}

/** The newest RELEASE job among `jobs` that was not on the branch before (`known`). */
const newRelease = (jobs: Job[], known: Set<string>) =>
  jobs.filter((job) => job.jobType === 'RELEASE' && !known.has(job.jobId)).at(-1);

function buildFailure(job: Job, jobs: JobService): Problem | undefined {
  if (job.status === 'SUCCEED') return undefined;
  const step = (job.steps ?? []).find((candidate) => ['FAILED', 'CANCELLED'].includes(candidate.status));
  const at = step ? ` at step ${step.stepName}${step.logUrl ? ` (log: ${step.logUrl})` : ''}` : '';
  return { message: `Amplify job ${job.jobId} ended ${job.status}${at}. See ${where(jobs, job)}.` };
}

/** The job's console link, or where to find it when its ID makes no safe link. */
const where = (jobs: JobService, job: Job) => jobs.jobUrl(job.jobId) ?? 'the branch in the Amplify console';
const short = (commit: string) => (commit ? commit.slice(0, 7) : 'unknown');
const seconds = (ms: number) =>
  ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`;
const minutes = (ms: number) => `${+(ms / 60_000).toFixed(2)} minutes`;
