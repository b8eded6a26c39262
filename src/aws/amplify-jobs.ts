// The thin AWS edge for the Amplify branch's build jobs: list, read, start and stop them.
import {
  AmplifyClient,
  GetJobCommand,
  type JobSummary,
  paginateListJobs,
  StartJobCommand,
  type Step,
  StopJobCommand,
} from '@aws-sdk/client-amplify';
import type { Job, JobService, JobStatus, StartAnswer, StopAnswer } from '../core/deploy.ts';
import { ActionError } from '../core/errors.ts';
import { formatCount, preview, truncate } from '../core/text.ts';
import { type BranchRef, deploymentsUrl } from './amplify-branch.ts';
import { type AwsSettings, clientConfig } from './client.ts';
import { classifyAwsError, describeAwsFailure, mayHaveLanded } from './failure.ts';
import { walkPages } from './paging.ts';

/**
 * ListJobs answers at most 50 jobs a page, in an order it does not document, so the deploy gate reads a branch's
 * whole history. A branch that builds twenty times a day has 2,000 jobs after a hundred days; 200 pages (10,000
 * jobs, years of such a branch) are the most read, one call after another.
 */
export const MAX_JOB_PAGES = 200;

export class AmplifyJobs implements JobService {
  readonly #ref: BranchRef;
  readonly #region: string;
  readonly #client: AmplifyClient;
  /**
   * StartJob is not idempotent: this client never sends it twice (only throttling, answered before Amplify acts,
   * is retried), and its LimitExceededException (the account's concurrent builds) is an answer, not a retry.
   */
  readonly #starter: AmplifyClient;

  constructor(ref: BranchRef, settings: AwsSettings) {
    this.#ref = ref;
    this.#region = settings.region;
    this.#client = new AmplifyClient(clientConfig(settings));
    this.#starter = new AmplifyClient(
      clientConfig(settings, { neverRetry: ['LimitExceededException'], idempotent: false }),
    );
  }

  get #description(): string {
    return `Amplify branch "${this.#ref.branchName}" of app ${this.#ref.appId} (${this.#region})`;
  }

  /** When the credentials the calls are signed with run out; undefined when they do not say. */
  async credentialsExpiry(): Promise<Date | undefined> {
    try {
      const credentials = await this.#client.config.credentials();
      return credentials.expiration;
    } catch {
      return undefined; // the first call reports missing credentials, with its own message
    }
  }

  /**
   * Every job of the branch, oldest first by job number: ListJobs does not document its order, so every page is
   * read (up to MAX_JOB_PAGES, each token once) and the jobs are sorted here.
   */
  async list(): Promise<Job[]> {
    const jobs: Job[] = [];
    const pages = walkPages(paginateListJobs({ client: this.#client, pageSize: 50 }, { ...this.#ref }), {
      action: 'amplify:ListJobs',
      what: this.#description,
      items: (page) => page.jobSummaries,
      nextToken: (page) => page.nextToken,
      id: (summary) => summary.jobId,
      paced: (call) => call(),
      maxPages: MAX_JOB_PAGES,
      beyond: `The branch has more than ${formatCount(MAX_JOB_PAGES * 50)} jobs, a longer history than the deploy gate reads to tell which builds are in flight (ListJobs does not document its order): set \`deploy: none\` for this branch and start its builds another way`,
    });
    try {
      for await (const page of pages) jobs.push(...page.map((summary) => job(summary)));
    } catch (error) {
      if (error instanceof ActionError) throw error;
      throw new ActionError({ message: describeAwsFailure(error, 'amplify:ListJobs', this.#description) });
    }
    return jobs.sort(byJobNumber);
  }

  async get(jobId: string): Promise<Job> {
    const { job: found } = await this.#call('amplify:GetJob', `job ${jobId} of ${this.#description}`, () =>
      this.#client.send(new GetJobCommand({ ...this.#ref, jobId })),
    );
    return job(found?.summary, found?.steps);
  }

  async start(commitId: string, commitMessage: string | undefined): Promise<StartAnswer> {
    try {
      const { jobSummary } = await this.#starter.send(
        new StartJobCommand({
          ...this.#ref,
          jobType: 'RELEASE',
          commitId,
          // "Maximum length of 10000" (API reference, StartJob): a longer message would refuse the build.
          ...(commitMessage ? { commitMessage: truncate(commitMessage, 10_000) } : {}),
        }),
      );
      return { kind: 'started', job: job(jobSummary) };
    } catch (error) {
      const failure = classifyAwsError(error);
      const message = describeAwsFailure(error, 'amplify:StartJob', this.#description);
      if (failure.name === 'LimitExceededException') return { kind: 'limit', message: failure.message };
      // Unreachable: never sent. Timeout, cut connection, server error: it may have started a job.
      if (mayHaveLanded(failure) || failure.kind === 'unreachable') return { kind: 'lost', message };
      throw new ActionError({ message });
    }
  }

  async stop(jobId: string): Promise<StopAnswer> {
    try {
      await this.#client.send(new StopJobCommand({ ...this.#ref, jobId }));
      return { stopped: true };
    } catch (error) {
      // Refused (a job that finished meanwhile): the job as it is now. A refusal of the SDK's retry, after an
      // attempt whose answer was lost, may follow this very stop: a job cancelling or cancelled then was stopped.
      if (classifyAwsError(error).kind === 'refused') {
        const job = await this.get(jobId);
        const retried = ((error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1) > 1;
        if (retried && (job.status === 'CANCELLING' || job.status === 'CANCELLED')) return { stopped: true };
        return { stopped: false, job };
      }
      throw new ActionError({
        message: describeAwsFailure(error, 'amplify:StopJob', `job ${jobId} of ${this.#description}`),
      });
    }
  }

  /** One call; an AWS failure is an ActionError naming it. */
  async #call<T>(action: string, what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw new ActionError({ message: describeAwsFailure(error, action, what) });
    }
  }

  /** The job in the Amplify console; undefined unless the job ID is a job number (the link becomes an output). */
  jobUrl(jobId: string): string | undefined {
    return /^\d{1,20}$/.test(jobId) ? deploymentsUrl(this.#ref, this.#region, jobId) : undefined;
  }
}

/** Job numbers count up per branch; an ID that is not a number sorts first, then by start time. */
function byJobNumber(a: Job, b: Job): number {
  const number = (job: Job) => (/^\d+$/.test(job.jobId) ? Number(job.jobId) : -1);
  return number(a) - number(b) || (a.startTime ?? 0) - (b.startTime ?? 0);
}

/** What a job's ID, status and type look like: they become outputs and log lines, so anything else is refused. */
const JOB_ID = /^[A-Za-z0-9_-]{1,255}$/;
const WORD = /^[A-Z_]{1,32}$/;
/** A git commit as Amplify records it: a SHA, or `HEAD` for a branch's latest commit. */
const COMMIT = /^(?:[0-9a-f]{4,64}|HEAD)$/i;

function job(summary: JobSummary | undefined, steps?: Step[]): Job {
  if (!summary?.jobId) {
    throw new ActionError({
      message:
        'Amplify answered without a job summary (no jobId). Re-run; if it persists, check the job in the Amplify console.',
    });
  }
  const { jobId, status = 'PENDING', jobType = 'RELEASE', commitId = '' } = summary;
  if (!JOB_ID.test(jobId) || !WORD.test(status) || !WORD.test(jobType)) {
    throw new ActionError({
      message: `Amplify answered a job that is not one: ID ${preview(jobId)}, status ${preview(status)}, type ${preview(jobType)}. Check the branch's jobs in the Amplify console.`,
    });
  }
  return {
    jobId,
    jobType,
    status: status as JobStatus,
    // Anything else (a hand-made label) is kept out of logs and the summary: it cannot match a run's commit.
    commitId: COMMIT.test(commitId) ? commitId : '',
    startTime: summary.startTime?.getTime(),
    endTime: summary.endTime?.getTime(),
    steps: steps?.map((step) => ({
      stepName: step.stepName ?? '',
      status: step.status ?? '',
      ...(step.logUrl ? { logUrl: step.logUrl } : {}),
    })),
  };
}
