// Amplify Hosting (restJson1): apps, branches and their environment variables, build jobs.
import { ServiceError, validationMessage } from './errors.ts';
import type { Handler, HandlerContext } from './handler.ts';
import { paginate } from './pagination.ts';
import {
  type AppState,
  type BranchState,
  finishedJobStatuses,
  type JobState,
  type JobStatus,
  newBranch,
} from './state.ts';
import type { RestRoute } from './wire.ts';

// Message wording below is modelled on Amplify's style; the exact real strings could not be checked offline.
const badRequest = (message: string) => new ServiceError('BadRequestException', 400, message);
const notFound = (message: string) => new ServiceError('NotFoundException', 404, message);
const limitExceeded = (message: string) => new ServiceError('LimitExceededException', 429, message);

const routes: { method: string; pattern: RegExp; operation: string; params: string[] }[] = [
  { method: 'GET', pattern: /^\/apps\/([^/]+)$/, operation: 'GetApp', params: ['appId'] },
  { method: 'GET', pattern: /^\/apps\/([^/]+)\/branches$/, operation: 'ListBranches', params: ['appId'] },
  { method: 'POST', pattern: /^\/apps\/([^/]+)\/branches$/, operation: 'CreateBranch', params: ['appId'] },
  {
    method: 'GET',
    pattern: /^\/apps\/([^/]+)\/branches\/([^/]+)$/,
    operation: 'GetBranch',
    params: ['appId', 'branchName'],
  },
  {
    method: 'POST',
    pattern: /^\/apps\/([^/]+)\/branches\/([^/]+)$/,
    operation: 'UpdateBranch',
    params: ['appId', 'branchName'],
  },
  {
    method: 'POST',
    pattern: /^\/apps\/([^/]+)\/branches\/([^/]+)\/jobs$/,
    operation: 'StartJob',
    params: ['appId', 'branchName'],
  },
  {
    method: 'GET',
    pattern: /^\/apps\/([^/]+)\/branches\/([^/]+)\/jobs$/,
    operation: 'ListJobs',
    params: ['appId', 'branchName'],
  },
  {
    method: 'GET',
    pattern: /^\/apps\/([^/]+)\/branches\/([^/]+)\/jobs\/([^/]+)$/,
    operation: 'GetJob',
    params: ['appId', 'branchName', 'jobId'],
  },
  {
    method: 'DELETE',
    pattern: /^\/apps\/([^/]+)\/branches\/([^/]+)\/jobs\/([^/]+)\/stop$/,
    operation: 'StopJob',
    params: ['appId', 'branchName', 'jobId'],
  },
];

/** Path labels arrive percent-encoded (a `/` in a branch name is `%2F`); the query carries paging. */
export function routeAmplify(method: string, path: string, query: URLSearchParams, body: string): RestRoute {
  const input: Record<string, unknown> = {};
  let operation = `Unknown(${method} ${path})`;
  for (const route of routes) {
    const match = route.method === method ? route.pattern.exec(path) : null;
    if (!match) continue;
    operation = route.operation;
    route.params.forEach((name, i) => {
      input[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    break;
  }
  const nextToken = query.get('nextToken');
  if (nextToken !== null) input.nextToken = nextToken;
  const maxResults = query.get('maxResults');
  if (maxResults !== null) input.maxResults = Number(maxResults);
  if (body.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      // Path labels win over same-named body members.
      Object.assign(input, parsed, { ...input });
    } catch {
      return { operation, input, rejection: badRequest('Request body is not valid JSON.') };
    }
  }
  return { operation, input };
}

function appArn(context: HandlerContext, appId: string): string {
  return `arn:aws:amplify:${context.region}:${context.state.accountId}:apps/${appId}`;
}

function branchArn(context: HandlerContext, appId: string, branchName: string): string {
  return `${appArn(context, appId)}/branches/${branchName}`;
}

function findApp(context: HandlerContext): AppState {
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

function findBranch(context: HandlerContext): { app: AppState; branch: BranchState } {
  const app = findApp(context);
  const branchName = context.input.branchName;
  const branch = app.branches.find((candidate) => candidate.branchName === branchName);
  if (!branch) throw notFound(`Branch ${String(branchName)} not found.`);
  return { app, branch };
}

function findJob(context: HandlerContext): { app: AppState; branch: BranchState; job: JobState } {
  const { app, branch } = findBranch(context);
  const job = branch.jobs.find((candidate) => candidate.jobId === context.input.jobId);
  if (!job) throw notFound(`Job ${String(context.input.jobId)} not found.`);
  return { app, branch, job };
}

function pageSize(context: HandlerContext): number | undefined {
  const value = context.input.maxResults;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw badRequest(validationMessage(value, 'maxResults', 'Member must be an integer'));
  }
  if (value < 0)
    throw badRequest(
      validationMessage(value, 'maxResults', 'Member must have value greater than or equal to 0'),
    );
  if (value > 50)
    throw badRequest(
      validationMessage(value, 'maxResults', 'Member must have value less than or equal to 50'),
    );
  return value;
}

function page<T>(context: HandlerContext, listKey: string, items: readonly T[]) {
  const token = context.input.nextToken;
  return paginate(items, {
    listKey,
    pageSize: pageSize(context),
    defaultPageSize: 50,
    token: typeof token === 'string' ? token : undefined,
    maxPageSize: context.maxPageSize,
    invalidToken: () => badRequest('Invalid nextToken.'),
  });
}

/** The branch as this read sees it: current, or (a stale read) as it was before its most recent update. */
function asRead(context: HandlerContext, branch: BranchState): BranchState {
  return context.stale ? context.state.branchBeforeLastUpdate(branch) : branch;
}

function appOutput(context: HandlerContext, app: AppState) {
  const production = app.branches.find((branch) => branch.stage === 'PRODUCTION');
  return {
    appId: app.appId,
    appArn: appArn(context, app.appId),
    name: app.name,
    description: app.description,
    repository: app.repository,
    platform: app.platform,
    createTime: app.createTime,
    updateTime: app.updateTime,
    environmentVariables: app.environmentVariables,
    defaultDomain: `${app.appId}.amplifyapp.com`,
    enableBranchAutoBuild: app.enableBranchAutoBuild,
    enableBranchAutoDeletion: false,
    enableBasicAuth: false,
    enableAutoBranchCreation: false,
    customRules: [],
    tags: {},
    repositoryCloneMethod: 'TOKEN',
    cacheConfig: { type: 'AMPLIFY_MANAGED_NO_COOKIES' },
    productionBranch: production
      ? {
          branchName: production.branchName,
          status: production.jobs.at(-1)?.status ?? 'NONE',
          lastDeployTime: production.jobs.at(-1)?.endTime,
        }
      : undefined,
  };
}

function branchOutput(context: HandlerContext, app: AppState, branch: BranchState) {
  return {
    branchArn: branchArn(context, app.appId, branch.branchName),
    branchName: branch.branchName,
    description: branch.description,
    stage: branch.stage,
    displayName: branch.displayName,
    enableNotification: branch.enableNotification,
    createTime: branch.createTime,
    updateTime: branch.updateTime,
    environmentVariables: branch.environmentVariables,
    enableAutoBuild: branch.enableAutoBuild,
    enableSkewProtection: false,
    customDomains: [],
    framework: branch.framework,
    activeJobId: branch.jobs.at(-1)?.jobId ?? '',
    totalNumberOfJobs: String(branch.jobs.length),
    enableBasicAuth: branch.enableBasicAuth,
    enablePerformanceMode: false,
    ttl: branch.ttl,
    enablePullRequestPreview: branch.enablePullRequestPreview,
    tags: {},
  };
}

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

function jobSteps(job: JobState) {
  const step = (stepName: string, status: string) => ({
    stepName,
    startTime: job.startTime,
    status,
    endTime: job.endTime,
  });
  switch (job.status) {
    case 'RUNNING':
      return [step('BUILD', 'RUNNING')];
    case 'SUCCEED':
      return [step('BUILD', 'SUCCEED'), step('DEPLOY', 'SUCCEED')];
    case 'FAILED':
      return [step('BUILD', 'FAILED')];
    case 'CANCELLING':
    case 'CANCELLED':
      return [step('BUILD', job.status)];
    default:
      return [];
  }
}

/** Checks a variables map as UpdateBranch/CreateBranch do; returns undefined for "leave unchanged". */
function variablesInput(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('environmentVariables must be a map of strings.');
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return undefined; // an empty map changes nothing
  for (const [name, variable] of entries) {
    if (name === '') throw badRequest('Environment variable name must not be empty.');
    if (name.startsWith('AWS'))
      throw badRequest(`Environment variable names starting with AWS are reserved: ${name}`);
    if (name.length > 255)
      throw badRequest(
        validationMessage(name, 'environmentVariables', 'Member must have length less than or equal to 255'),
      );
    if (typeof variable !== 'string')
      throw badRequest(`Environment variable ${name} must have a string value.`);
    if (variable.length > 5500) {
      throw badRequest(`Environment variable ${name}: value must have length less than or equal to 5500`);
    }
  }
  return { ...(value as Record<string, string>) };
}

const branchStages = ['PRODUCTION', 'BETA', 'DEVELOPMENT', 'EXPERIMENTAL', 'PULL_REQUEST'];

function applyBranchSettings(context: HandlerContext, branch: BranchState) {
  const input = context.input;
  if (input.stage !== undefined) {
    if (typeof input.stage !== 'string' || !branchStages.includes(input.stage)) {
      throw badRequest(
        validationMessage(
          input.stage,
          'stage',
          `Member must satisfy enum value set: [${branchStages.join(', ')}]`,
        ),
      );
    }
    branch.stage = input.stage;
  }
  for (const key of ['description', 'framework', 'ttl', 'displayName'] as const) {
    if (typeof input[key] === 'string') branch[key] = input[key];
  }
  for (const key of [
    'enableAutoBuild',
    'enableNotification',
    'enableBasicAuth',
    'enablePullRequestPreview',
  ] as const) {
    if (typeof input[key] === 'boolean') branch[key] = input[key];
  }
}

const jobTypes = ['RELEASE', 'RETRY', 'MANUAL', 'WEB_HOOK'];

/** One step per GetJob, so a poller sees every state without the test waiting on a clock. */
const nextStatus: Partial<Record<JobStatus, JobStatus>> = {
  CREATED: 'PENDING',
  PENDING: 'PROVISIONING',
  PROVISIONING: 'RUNNING',
  CANCELLING: 'CANCELLED',
};

function advance(context: HandlerContext, job: JobState) {
  const next = job.status === 'RUNNING' ? (job.willFail ? 'FAILED' : 'SUCCEED') : nextStatus[job.status];
  if (!next) return;
  job.status = next;
  if (finishedJobStatuses.includes(next)) job.endTime = context.state.now();
}

export const amplifyOperations: Record<string, Handler> = {
  GetApp(context) {
    return { app: appOutput(context, findApp(context)) };
  },

  ListBranches(context) {
    const app = findApp(context);
    const { page: branches, nextToken } = page(
      context,
      `ListBranches:${context.region}:${app.appId}`,
      app.branches,
    );
    return {
      branches: branches.map((branch) => branchOutput(context, app, asRead(context, branch))),
      nextToken,
    };
  },

  GetBranch(context) {
    const { app, branch } = findBranch(context);
    return { branch: branchOutput(context, app, asRead(context, branch)) };
  },

  UpdateBranch(context) {
    const { app, branch } = findBranch(context);
    const variables = variablesInput(context.input.environmentVariables);
    context.state.updateBranch(branch, () => {
      applyBranchSettings(context, branch);
      // The whole map is replaced: a variable missing from the new map is gone.
      if (variables) branch.environmentVariables = variables;
    });
    return { branch: branchOutput(context, app, branch) };
  },

  CreateBranch(context) {
    const app = findApp(context);
    const branchName = context.input.branchName;
    if (typeof branchName !== 'string' || branchName.length === 0 || branchName.length > 255) {
      throw badRequest(
        validationMessage(branchName, 'branchName', 'Member must have length between 1 and 255'),
      );
    }
    if (app.branches.some((branch) => branch.branchName === branchName)) {
      throw badRequest(`Branch ${branchName} already exists.`);
    }
    if (app.branches.length >= 50)
      throw limitExceeded('The maximum number of branches (50) for this app was reached.');
    const branch = newBranch(branchName, context.state.now());
    branch.environmentVariables = variablesInput(context.input.environmentVariables) ?? {};
    applyBranchSettings(context, branch);
    app.branches.push(branch);
    return { branch: branchOutput(context, app, branch) };
  },

  StartJob(context) {
    const { app, branch } = findBranch(context);
    const { jobType, jobId, commitId, commitMessage } = context.input;
    if (typeof jobType !== 'string' || !jobTypes.includes(jobType)) {
      throw badRequest(
        validationMessage(jobType, 'jobType', `Member must satisfy enum value set: [${jobTypes.join(', ')}]`),
      );
    }
    if (jobType === 'RETRY' && !branch.jobs.some((job) => job.jobId === jobId)) {
      throw badRequest('A RETRY job needs the jobId of an earlier job of this branch.');
    }
    // One build in flight per branch.
    if (branch.jobs.some((job) => !finishedJobStatuses.includes(job.status))) {
      throw limitExceeded(`Branch ${branch.branchName} already has a job in progress.`);
    }
    const now = context.state.now();
    const job: JobState = {
      jobId: String(branch.jobs.reduce((max, job) => Math.max(max, Number(job.jobId) || 0), 0) + 1),
      jobType,
      status: 'PENDING',
      commitId: typeof commitId === 'string' ? commitId : 'HEAD',
      commitMessage: typeof commitMessage === 'string' ? commitMessage : '',
      commitTime: now,
      startTime: now,
      willFail: branch.nextJobFails,
    };
    branch.nextJobFails = false;
    branch.jobs.push(job);
    return { jobSummary: jobSummary(context, app, branch, job) };
  },

  GetJob(context) {
    const { app, branch, job } = findJob(context);
    advance(context, job);
    return { job: { summary: jobSummary(context, app, branch, job), steps: jobSteps(job) } };
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
    if (finishedJobStatuses.includes(job.status))
      throw badRequest(`Job ${job.jobId} is already ${job.status}.`);
    job.status = 'CANCELLING';
    return { jobSummary: jobSummary(context, app, branch, job) };
  },
};
