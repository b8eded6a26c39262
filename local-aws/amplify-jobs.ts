// Amplify build jobs on the wire: StartJob, GetJob, ListJobs, StopJob. The model (phases, the virtual clock, the
// queue per branch) is in jobs.ts; this file checks requests and shapes answers.
import { createHmac, randomBytes } from 'node:crypto';
import { badRequest, branchArn, findBranch, findJob, limitExceeded, page } from './amplify-common.ts';
import { validationMessage } from './errors.ts';
import type { Handler, HandlerContext } from './handler.ts';
import { activeJob, createJob, isFinished, type JobState, type JobStepState, stopJob } from './jobs.ts';
import type { AppState, BranchState } from './state.ts';

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

/** The job RETRY names, which must be an earlier job of the branch. */
function retriedJob(context: HandlerContext, branch: BranchState): JobState {
  const retried = branch.jobs.find((job) => job.jobId === context.input.jobId);
  if (!retried) throw badRequest('A RETRY job needs the jobId of an earlier job of this branch.');
  return retried;
}

export const amplifyJobOperations: Record<string, Handler> = {
  StartJob(context) {
    const { app, branch } = findBranch(context);
    const { jobType, commitId, commitMessage, commitTime } = context.input;
    if (typeof jobType !== 'string' || !jobTypes.includes(jobType)) {
      throw badRequest(
        validationMessage(jobType, 'jobType', `Member must satisfy enum value set: [${jobTypes.join(', ')}]`),
      );
    }
    // A RETRY builds the commit of the job it retries; otherwise the commit asked for, else the newest pushed.
    const source = jobType === 'RETRY' ? retriedJob(context, branch) : branch.headCommit;
    // One build in flight per branch: StartJob does not queue (only webhook jobs wait their turn).
    if (activeJob(branch)) throw limitExceeded(`Branch ${branch.branchName} already has a job in progress.`);
    const job = createJob(
      branch,
      {
        jobType,
        commitId: typeof commitId === 'string' ? commitId : (source?.commitId ?? 'HEAD'),
        commitMessage: typeof commitMessage === 'string' ? commitMessage : (source?.commitMessage ?? ''),
        commitTime: typeof commitTime === 'number' ? commitTime : source?.commitTime,
      },
      context.state.now(),
    );
    return { jobSummary: jobSummary(context, app, branch, job) };
  },

  GetJob(context) {
    const { app, branch, job } = findJob(context);
    // A poller sees the build move on without a test driving the clock (jobSecondsPerPoll 0: it does not).
    if (context.state.jobSecondsPerPoll > 0) context.state.advanceJobs(context.state.jobSecondsPerPoll);
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
    const newestFirst = [...branch.jobs].reverse();
    const { page: jobs, nextToken } = page(
      context,
      `ListJobs:${context.region}:${app.appId}:${branch.branchName}`,
      newestFirst,
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
