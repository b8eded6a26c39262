// The thin AWS edge for the Amplify branch's build jobs: list, read, start and stop them.
import {
  AmplifyClient,
  GetJobCommand,
  type JobSummary,
  ListJobsCommand,
  StartJobCommand,
  type Step,
  StopJobCommand,
} from '@aws-sdk/client-amplify';
import type { Job, JobService, JobStatus } from '../core/deploy.ts';
import { ActionError } from '../core/errors.ts';
import { preview } from '../core/text.ts';
import { type BranchRef, deploymentsUrl } from './amplify-branch.ts';
import { type AwsSettings, clientConfig } from './client.ts';
import { classifyAwsError, describeAwsFailure } from './failure.ts';

export class AmplifyJobs implements JobService {
  readonly #ref: BranchRef;
  readonly #region: string;
  readonly #client: AmplifyClient;
  /** StartJob's LimitExceededException means "a job is in flight": an answer, not something to retry. */
  readonly #starter: AmplifyClient;

  constructor(ref: BranchRef, settings: AwsSettings) {
    this.#ref = ref;
    this.#region = settings.region;
    this.#client = new AmplifyClient(clientConfig(settings));
    this.#starter = new AmplifyClient(clientConfig(settings, { neverRetry: ['LimitExceededException'] }));
  }

  get #description(): string {
    return `Amplify branch "${this.#ref.branchName}" of app ${this.#ref.appId} (${this.#region})`;
  }

  async list(): Promise<Job[]> {
    const { jobSummaries = [] } = await this.#call('amplify:ListJobs', this.#description, () =>
      this.#client.send(new ListJobsCommand({ ...this.#ref, maxResults: 50 })),
    );
    return jobSummaries.map((summary) => job(summary));
  }

  async get(jobId: string): Promise<Job> {
    const { job: found } = await this.#call('amplify:GetJob', `job ${jobId} of ${this.#description}`, () =>
      this.#client.send(new GetJobCommand({ ...this.#ref, jobId })),
    );
    return job(found?.summary, found?.steps);
  }

  async start(commitId: string, commitMessage: string | undefined): Promise<Job | 'busy'> {
    const started = await this.#call(
      'amplify:StartJob',
      this.#description,
      () =>
        this.#starter.send(
          new StartJobCommand({
            ...this.#ref,
            jobType: 'RELEASE',
            commitId,
            // Amplify limits the message to 10,000 characters.
            ...(commitMessage ? { commitMessage: commitMessage.slice(0, 10_000) } : {}),
          }),
        ),
      (error) => (error.name === 'LimitExceededException' ? 'busy' : undefined),
    );
    return started === 'busy' ? 'busy' : job(started.jobSummary);
  }

  async stop(jobId: string): Promise<Job> {
    const stopped = await this.#call(
      'amplify:StopJob',
      `job ${jobId} of ${this.#description}`,
      () => this.#client.send(new StopJobCommand({ ...this.#ref, jobId })),
      // Finished meanwhile: nothing left to stop.
      (error) => (classifyAwsError(error).kind === 'refused' ? 'finished' : undefined),
    );
    return stopped === 'finished' ? this.get(jobId) : job(stopped.jobSummary);
  }

  /** One call; an AWS failure is an ActionError naming it, unless `answer` reads it as an answer. */
  async #call<T, A extends string = never>(
    action: string,
    what: string,
    send: () => Promise<T>,
    answer: (error: Error) => A | undefined = () => undefined,
  ): Promise<T | A> {
    try {
      return await send();
    } catch (error) {
      const read = answer(error as Error);
      if (read !== undefined) return read;
      throw new ActionError({ message: describeAwsFailure(error, action, what) });
    }
  }

  jobUrl(jobId: string): string {
    return deploymentsUrl(this.#ref, this.#region, jobId);
  }
}

/** What a job's ID, status and type look like: they become outputs and log lines, so anything else is refused. */
const JOB_ID = /^[A-Za-z0-9_-]{1,255}$/;
const WORD = /^[A-Z_]{1,32}$/;

function job(summary: JobSummary | undefined, steps?: Step[]): Job {
  if (!summary?.jobId) {
    throw new ActionError({
      message:
        'Amplify answered without a job summary (no jobId). Re-run; if it persists, check the job in the Amplify console.',
    });
  }
  const { jobId, status = 'PENDING', jobType = 'RELEASE' } = summary;
  if (!JOB_ID.test(jobId) || !WORD.test(status) || !WORD.test(jobType)) {
    throw new ActionError({
      message: `Amplify answered a job that is not one: ID ${preview(jobId)}, status ${preview(status)}, type ${preview(jobType)}. Check the branch's jobs in the Amplify console.`,
    });
  }
  return {
    jobId,
    jobType,
    status: status as JobStatus,
    commitId: summary.commitId ?? '',
    startTime: summary.startTime?.getTime(),
    endTime: summary.endTime?.getTime(),
    steps: steps?.map((step) => ({
      stepName: step.stepName ?? '',
      status: step.status ?? '',
      ...(step.logUrl ? { logUrl: step.logUrl } : {}),
    })),
  };
}
