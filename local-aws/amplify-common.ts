// What the Amplify operations share: their errors, ARNs, lookups of apps, branches and jobs, and paging.
import { ServiceError, validationMessage } from './errors.ts';
import type { HandlerContext } from './handler.ts';
import { paginate } from './pagination.ts';
import type { AppState, BranchState, JobState } from './state.ts';

// Message wording is modelled on Amplify's style; the exact real strings could not be checked offline.
export const badRequest = (message: string) => new ServiceError('BadRequestException', 400, message);
export const notFound = (message: string) => new ServiceError('NotFoundException', 404, message);
export const limitExceeded = (message: string) => new ServiceError('LimitExceededException', 429, message);

export function appArn(context: HandlerContext, appId: string): string {
  return `arn:aws:amplify:${context.region}:${context.state.accountId}:apps/${appId}`;
}

export function branchArn(context: HandlerContext, appId: string, branchName: string): string {
  return `${appArn(context, appId)}/branches/${branchName}`;
}

export function findApp(context: HandlerContext): AppState {
  const appId = context.input.appId;
  if (typeof appId !== 'string' || !/^d[a-z0-9]{1,19}$/.test(appId)) {
    throw badRequest(
      validationMessage(appId, 'appId', 'Member must satisfy regular expression pattern: d[a-z0-9]+'),
    );
  }
  // An app lives in one region; asked for in another it does not exist.
  const app = context.state.regions[context.region]?.apps.find((candidate) => candidate.appId === appId);
  if (!app) throw notFound(`App ${appId} not found.`);
  return app;
}

export function findBranch(context: HandlerContext): { app: AppState; branch: BranchState } {
  const app = findApp(context);
  const branchName = context.input.branchName;
  const branch = app.branches.find((candidate) => candidate.branchName === branchName);
  if (!branch) throw notFound(`Branch ${String(branchName)} not found.`);
  return { app, branch };
}

export function findJob(context: HandlerContext): { app: AppState; branch: BranchState; job: JobState } {
  const { app, branch } = findBranch(context);
  const job = branch.jobs.find((candidate) => candidate.jobId === context.input.jobId);
  if (!job) throw notFound(`Job ${String(context.input.jobId)} not found.`);
  return { app, branch, job };
}

function pageSize(context: HandlerContext, max: number): number | undefined {
  const value = context.input.maxResults;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw badRequest(validationMessage(value, 'maxResults', 'Member must be an integer'));
  }
  if (value < 0)
    throw badRequest(
      validationMessage(value, 'maxResults', 'Member must have value greater than or equal to 0'),
    );
  if (value > max)
    throw badRequest(
      validationMessage(value, 'maxResults', `Member must have value less than or equal to ${max}`),
    );
  return value;
}

/** One page of a list: maxResults 0–max (0 or absent: max; 50 for most lists), capped by the server's maxPageSize. */
export function page<T>(context: HandlerContext, listKey: string, items: readonly T[], max = 50) {
  const token = context.input.nextToken;
  return paginate(items, {
    listKey,
    pageSize: pageSize(context, max),
    defaultPageSize: max,
    token: typeof token === 'string' ? token : undefined,
    maxPageSize: context.maxPageSize,
    invalidToken: () => badRequest('Invalid nextToken.'),
  });
}
