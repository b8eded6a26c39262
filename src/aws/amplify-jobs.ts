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
import type { BranchRef } from './amplify-branch.ts';
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
    try {
      const { jobSummaries = [] } = await this.#client.send(
        new ListJobsCommand({ ...this.#ref, maxResults: 50 }),
      );
      return jobSummaries.map((summary) => job(summary));
    } catch (error) {
      throw new ActionError({ message: describeAwsFailure(error, 'amplify:ListJobs', this.#description) });
    }
  }

  async get(jobId: string): Promise<Job> {
    try {
      const { job: found } = await this.#client.send(new GetJobCommand({ ...this.#ref, jobId }));
      return job(found?.summary, found?.steps);
    } catch (error) {
      throw new ActionError({
        message: describeAwsFailure(error, 'amplify:GetJob', `job ${jobId} of ${this.#description}`),
      });
    }
  }

  async start(commitId: string, commitMessage: string | undefined): Promise<Job | 'busy'> {
    try {
      const { jobSummary } = await this.#starter.send(
        new StartJobCommand({
          ...this.#ref,
          jobType: 'RELEASE',
          commitId,
          // Amplify limits the message to 10,000 characters.
          ...(commitMessage ? { commitMessage: commitMessage.slice(0, 10_000) } : {}),
        }),
      );
      return job(jobSummary);
    } catch (error) {
      if ((error as Error).name === 'LimitExceededException') return 'busy';
      throw new ActionError({ message: describeAwsFailure(error, 'amplify:StartJob', this.#description) });
    }
  }

  async stop(jobId: string): Promise<Job> {
    try {
      const { jobSummary } = await this.#client.send(new StopJobCommand({ ...this.#ref, jobId }));
      return job(jobSummary);
    } catch (error) {
      // Finished meanwhile: nothing left to stop.
      if (classifyAwsError(error).kind === 'refused') return this.get(jobId);
      throw new ActionError({
        message: describeAwsFailure(error, 'amplify:StopJob', `job ${jobId} of ${this.#description}`),
      });
    }
  }

  jobUrl(jobId: string): string {
    const { appId, branchName } = this.#ref;
    return `https://${this.#region}.console.aws.amazon.com/amplify/apps/${appId}/branches/${encodeURIComponent(branchName)}/deployments/${encodeURIComponent(jobId)}`;
  }
}

function job(summary: JobSummary | undefined, steps?: Step[]): Job {
  if (!summary?.jobId) {
    throw new ActionError({
      message:
        'Amplify answered without a job summary (no jobId). Re-run; if it persists, check the job in the Amplify console.',
    });
  }
  return {
    jobId: summary.jobId,
    jobType: summary.jobType ?? 'RELEASE',
    status: (summary.status ?? 'PENDING') as JobStatus,
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
