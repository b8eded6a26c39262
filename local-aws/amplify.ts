// Amplify Hosting (restJson1): request routing, apps, branches and their environment variables.
// The build job operations are in amplify-jobs.ts.
import { appArn, badRequest, branchArn, findApp, findBranch, limitExceeded, page } from './amplify-common.ts';
import { amplifyJobOperations } from './amplify-jobs.ts';
import { validationMessage } from './errors.ts';
import type { Handler, HandlerContext } from './handler.ts';
import { activeJob } from './jobs.ts';
import { type AppState, type BranchState, newBranch } from './state.ts';
import type { RestRoute } from './wire.ts';

const routes: { method: string; pattern: RegExp; operation: string; params: string[] }[] = [
  { method: 'GET', pattern: /^\/apps$/, operation: 'ListApps', params: [] },
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
    method: 'DELETE',
    pattern: /^\/apps\/([^/]+)\/branches\/([^/]+)$/,
    operation: 'DeleteBranch',
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
    // '' for an app deployed by hand (not connected to a repository).
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

/**
 * "The ID of the active job for a branch" (API reference, Branch.activeJobId). By default the job in progress: the
 * branch's unfinished job that builds first. activeJobId 'latest': the newest job, whatever its status.
 */
function activeJobId(context: HandlerContext, branch: BranchState): string {
  const job = context.state.activeJobId === 'latest' ? branch.jobs.at(-1) : activeJob(branch);
  return job?.jobId ?? '';
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
    activeJobId: activeJobId(context, branch),
    totalNumberOfJobs: String(branch.jobs.length),
    enableBasicAuth: branch.enableBasicAuth,
    enablePerformanceMode: false,
    ttl: branch.ttl,
    enablePullRequestPreview: branch.enablePullRequestPreview,
    tags: {},
  };
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
    // Counted in characters (code points), not UTF-16 units.
    if ([...variable].length > 5500) {
      throw badRequest(`Environment variable ${name}: value must have length less than or equal to 5500`);
    }
  }
  return { ...(value as Record<string, string>) };
}

const branchStages = ['PRODUCTION', 'BETA', 'DEVELOPMENT', 'EXPERIMENTAL', 'PULL_REQUEST'];

/**
 * A branch description is any text (API reference: pattern `(?s).*`, newlines included) of at most 1,000 characters,
 * counted in code points as Smithy's length trait counts them; it is kept exactly as given.
 */
function checkDescription(value: unknown) {
  if (typeof value === 'string' && [...value].length > 1000) {
    throw badRequest(
      validationMessage(value, 'description', 'Member must have length less than or equal to 1000'),
    );
  }
}

/** Checks every setting before it changes any, so a refused update leaves the branch as it was. */
function applyBranchSettings(context: HandlerContext, branch: BranchState) {
  const input = context.input;
  checkDescription(input.description);
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

export const amplifyOperations: Record<string, Handler> = {
  GetApp(context) {
    return { app: appOutput(context, findApp(context)) };
  },

  /** The apps of the request's region only: an app lives in one region. maxResults 0–100 (API reference). */
  ListApps(context) {
    const apps = context.state.regions[context.region]?.apps ?? [];
    const { page: listed, nextToken } = page(context, `ListApps:${context.region}`, apps, 100);
    return { apps: listed.map((app) => appOutput(context, app)), nextToken };
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
    checkDescription(context.input.description);
    if (app.branches.some((branch) => branch.branchName === branchName)) {
      // As Amplify words it (aws-amplify/amplify-hosting#2604), without a final period.
      throw badRequest(
        `Failed to create branch. The branch ${branchName} already exists for the app ${app.appId}`,
      );
    }
    // The quota "Branches per app" (50, not adjustable). The code and status are documented for CreateBranch; the
    // wording is inferred from Amplify's "Failed to create app. You have reached the maximum number of apps in this
    // account." (aws-amplify/amplify-hosting#3858).
    if (app.branches.length >= context.state.branchesPerAppQuota) {
      throw limitExceeded(
        'Failed to create branch. You have reached the maximum number of branches for this app.',
      );
    }
    const branch = newBranch(branchName, context.state.now());
    branch.environmentVariables = variablesInput(context.input.environmentVariables) ?? {};
    applyBranchSettings(context, branch);
    app.branches.push(branch);
    return { branch: branchOutput(context, app, branch) };
  },

  /**
   * Answers the branch as it was (GetBranch's shape) and removes it with all its jobs. A second DeleteBranch is
   * NotFoundException "Branch <name> not found." (aws-amplify/amplify-hosting#2252).
   */
  DeleteBranch(context) {
    const { app, branch } = findBranch(context);
    const running = activeJob(branch);
    if (running && context.state.deleteBranchWhileBuilding === 'refuse') {
      throw badRequest(
        `Branch ${branch.branchName} has a job in progress (job ${running.jobId}, ${running.status}). Stop it or wait for it to finish, then delete the branch.`,
      );
    }
    const output = branchOutput(context, app, branch);
    app.branches.splice(app.branches.indexOf(branch), 1);
    return { branch: output };
  },

  ...amplifyJobOperations,
};
