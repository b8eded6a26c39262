// Amplify build jobs on the wire: StartJob, GetJob, ListJobs, StopJob. The model is in jobs.ts (phases, the queue per
// branch, moving the clock) and state.ts (a job's data, the readings of what Amplify leaves open); this file checks
// requests, applies the quota and shapes answers.
import { createHmac, randomBytes } from 'node:crypto';
import { badRequest, branchArn, findBranch, findJob, limitExceeded, page } from './amplify-common.ts';
import { validationMessage } from './errors.ts';
import type { Handler, HandlerContext } from './handler.ts';
import { activeJob, advanceJobs, createJob, isFinished, stopJob } from './jobs.ts';
import type { AppState, BranchState, CommitState, JobState, JobStepState, ReleaseCommitId } from './state.ts';

const jobTypes = ['RELEASE', 'RETRY', 'MANUAL', 'WEB_HOOK'];

function jobSummary(context: HandlerContext, app: AppState, branch: BranchState, job: JobState) {
  return {
    jobArn: `${branchArn(context, app.appId, branch.branchName)}/jobs/${job.jobId}`,
    jobId: job.jobId,
    commitId: job.commitId,
    commitMessage: job.commitMessage,
    commitTime: job.commitTime,
    startTime: job.startTime,
    status: job.status,
    jobType: job.jobType,
    endTime: job.endTime,
  };
}

// Signs the step links: they look like S3 presigned URLs and expire like them, but nothing serves them.
const linkSecret = randomBytes(32);

/** `20260101T120000Z`, the form X-Amz-Date takes. */
function amzDate(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds) * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
}

/**
 * A link to one of a step's files as Amplify hands it out: presigned for 15 minutes from the moment of the read,
 * so a link kept from an earlier GetJob stops working (read the job again for a fresh one).
 */
function presignedUrl(context: HandlerContext, parts: string[], readAt: number): string {
  const key = parts.map(encodeURIComponent).join('/');
  const date = amzDate(readAt);
  const query = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `ASIALOCALAMPLIFYLOGS/${date.slice(0, 8)}/${context.region}/s3/aws4_request`,
    'X-Amz-Date': date,
    'X-Amz-Expires': '900',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': createHmac('sha256', linkSecret).update(`${key}\n${date}`).digest('hex'),
  });
  return `https://aws-amplify-prod-${context.region}-artifacts.s3.amazonaws.com/${key}?${query}`;
}

function stepOutput(
  context: HandlerContext,
  app: AppState,
  branch: BranchState,
  job: JobState,
  step: JobStepState,
  readAt: number,
) {
  const parts = [app.appId, branch.branchName, job.jobId, step.stepName];
  return {
    stepName: step.stepName,
    startTime: step.startTime,
    status: step.status,
    endTime: step.endTime,
    logUrl: presignedUrl(context, [...parts, 'log.txt'], readAt),
    artifactsUrl: presignedUrl(context, [...parts, 'artifacts.zip'], readAt),
  };
}

/** Unfinished jobs (queued ones included) in the request's region, across the account's apps and branches. */
function unfinishedJobs(context: HandlerContext): number {
  const apps = context.state.regions[context.region]?.apps ?? [];
  return apps.reduce(
    (count, app) =>
      count + app.branches.reduce((n, branch) => n + branch.jobs.filter((job) => !isFinished(job)).length, 0),
    0,
  );
}

/**
 * The commit a new job records. A RELEASE with releaseCommitId 'head' records the branch's head (`HEAD` when
 * none is known, as a branch's first build can show, aws-amplify/amplify-hosting#599): RELEASE "starts a new job
 * with the latest change from the specified branch" (API reference, StartJob). Otherwise the request's fields are
 * labels recorded as given, and what they leave out comes from the source: the retried job for a RETRY, the
 * branch's head for the others.
 */
function recordedCommit(
  releaseCommitId: ReleaseCommitId,
  jobType: string,
  label: Partial<CommitState>,
  source: CommitState | undefined,
): Pick<JobState, 'commitId' | 'commitMessage'> & { commitTime?: number } {
  if (jobType === 'RELEASE' && releaseCommitId === 'HEAD') {
    return { commitId: 'HEAD', commitMessage: label.commitMessage ?? '', commitTime: label.commitTime };
  }
  if (jobType === 'RELEASE' && releaseCommitId === 'head') {
    return source
      ? { commitId: source.commitId, commitMessage: source.commitMessage, commitTime: source.commitTime }
      : { commitId: 'HEAD', commitMessage: label.commitMessage ?? '', commitTime: label.commitTime };
  }
  return {
    commitId: label.commitId ?? source?.commitId ?? 'HEAD',
    commitMessage: label.commitMessage ?? source?.commitMessage ?? '',
    commitTime: label.commitTime ?? source?.commitTime,
  };
}

/** The job RETRY names, which must be an earlier job of the branch. */
function retriedJob(context: HandlerContext, branch: BranchState): JobState {
  const retried = branch.jobs.find((job) => job.jobId === context.input.jobId);
  if (!retried) throw badRequest('A RETRY job needs the jobId of an earlier job of this branch.');
  return retried;
}

export const amplifyJobOperations: Record<string, Handler> = {
  StartJob(context) {
    const { app, branch } = findBranch(context);
    const { state } = context;
    const { jobType, commitId, commitMessage, commitTime } = context.input;
    if (typeof jobType !== 'string' || !jobTypes.includes(jobType)) {
      throw badRequest(
        validationMessage(jobType, 'jobType', `Member must satisfy enum value set: [${jobTypes.join(', ')}]`),
      );
    }
    // RELEASE "is available only for apps that are connected to a repository" (API reference, StartJob); RETRY and
    // WEB_HOOK build from the repository too. A manually deployed app is "not connected to a Git repository" and
    // deploys with CreateDeployment and StartDeployment (API reference, CreateDeployment).
    if (jobType !== 'MANUAL' && !app.repository) {
      throw badRequest(
        `App ${app.appId} is not connected to a repository, so it has no ${jobType} builds; deploy it with CreateDeployment and StartDeployment.`,
      );
    }
    // "commitId … Maximum length of 255", "commitMessage … Maximum length of 10000" (API reference, StartJob),
    // counted here as a Java service counts a string's length: in UTF-16 code units.
    for (const [member, value, max] of [
      ['commitId', commitId, 255],
      ['commitMessage', commitMessage, 10_000],
    ] as const) {
      if (typeof value === 'string' && value.length > max) {
        throw badRequest(
          validationMessage(value, member, `Member must have length less than or equal to ${max}`),
        );
      }
    }
    const retried = jobType === 'RETRY' ? retriedJob(context, branch) : undefined;
    if (state.startWhileBusy === 'refuse' && activeJob(branch)) {
      throw limitExceeded(`Branch ${branch.branchName} already has a job in progress.`);
    }
    // LimitExceededException: "a resource could not be created because service quotas were exceeded" (API
    // reference); the quota here is Service Quotas' concurrent jobs per account and region.
    const unfinished = unfinishedJobs(context);
    if (unfinished >= state.concurrentJobsQuota) {
      throw limitExceeded(
        `The account has reached its concurrent builds quota in ${context.region} (maximum number of concurrent jobs: ${state.concurrentJobsQuota}; ${unfinished} unfinished). Start the job when a build ends, or raise the quota in Service Quotas.`,
      );
    }
    const label: Partial<CommitState> = {
      commitId: typeof commitId === 'string' ? commitId : undefined,
      commitMessage: typeof commitMessage === 'string' ? commitMessage : undefined,
      commitTime: typeof commitTime === 'number' ? commitTime : undefined,
    };
    const recorded = recordedCommit(state.releaseCommitId, jobType, label, retried ?? branch.headCommit);
    // A busy branch queues the job (startWhileBusy 'queue'): it waits PENDING until the jobs before it end.
    const job = createJob(
      branch,
      { jobType, ...recorded, ...(retried ? { retriedJobId: retried.jobId } : {}) },
      state.now(),
    );
    return { jobSummary: jobSummary(context, app, branch, job) };
  },

  GetJob(context) {
    const { app, branch, job } = findJob(context);
    // A poller sees the build move on without a test driving the clock (jobSecondsPerPoll 0: it does not).
    if (context.state.jobSecondsPerPoll > 0) advanceJobs(context.state, context.state.jobSecondsPerPoll);
    const readAt = context.state.now();
    return {
      job: {
        summary: jobSummary(context, app, branch, job),
        steps: job.steps.map((step) => stepOutput(context, app, branch, job, step, readAt)),
      },
    };
  },

  ListJobs(context) {
    const { app, branch } = findBranch(context);
    // The order is not documented (API reference, ListJobs): listJobsOrder picks one, so tests can check that
    // callers sort by the numeric jobId.
    // A stale read (a replica behind) has not seen the newest job yet.
    const seen = context.stale ? branch.jobs.slice(0, -1) : branch.jobs;
    const ordered = context.state.listJobsOrder === 'oldest-first' ? seen : [...seen].reverse();
    const { page: jobs, nextToken } = page(
      context,
      `ListJobs:${context.region}:${app.appId}:${branch.branchName}:${context.state.listJobsOrder}`,
      ordered,
    );
    return { jobSummaries: jobs.map((job) => jobSummary(context, app, branch, job)), nextToken };
  },

  StopJob(context) {
    const { app, branch, job } = findJob(context);
    if (isFinished(job)) throw badRequest(`Job ${job.jobId} is already ${job.status}.`);
    stopJob(branch, job, context.state.now());
    return { jobSummary: jobSummary(context, app, branch, job) };
  },
};
