// The action's inputs and the git branch, read from the runner and checked before any work: every bad input is
// reported at once, and nothing is read from AWS until all of them hold.
import { isAbsolute, relative, resolve } from 'node:path';
import type { OutputsTarget } from '../aws/outputs-writer.ts';
import { isAppId, isRegion } from '../core/aws-ids.ts';
import type { Environment } from '../core/config/types.ts';
import type { DeployMode } from '../core/deploy.ts';
import { ActionError } from '../core/errors.ts';
import { pathInWorkspace } from '../files/workspace.ts';
import type { RunnerEvent } from './event.ts';

export type OnUnmatched = 'fail' | 'skip';
export type AutoBuild = 'keep' | 'off' | 'on';
export const STAGES = ['PRODUCTION', 'BETA', 'DEVELOPMENT', 'EXPERIMENTAL', 'PULL_REQUEST'] as const;
export type Stage = (typeof STAGES)[number];
/**
 * apply: validate, then write and verify. check: validate and compare with the branch, write nothing. delete: delete
 * the Amplify branch, when this action created it (a pull request's preview, once the pull request is closed).
 */
export type Mode = 'apply' | 'check' | 'delete';

export interface Inputs {
  /** The `app-id` input; empty when the environment names its app. */
  appId: string;
  /** Absolute path of the environments file. */
  configPath: string;
  /** The same path as shown to people: relative to the workspace. */
  configDisplayPath: string;
  /** The git branch to map to an environment. */
  branch: string;
  /** Where the branch came from, for the log. */
  branchSource: string;
  environment: string | undefined;
  amplifyBranch: string;
  /** The `region` input, else AWS_REGION or AWS_DEFAULT_REGION; empty when none is set. */
  region: string;
  dryRun: boolean;
  onUnmatched: OnUnmatched;
  mode: Mode;
  /** false skips the IAM role checks (iam:GetRole) entirely. */
  checkRoles: boolean;
  deploy: DeployMode;
  /** How long `deploy: wait` follows the job, in milliseconds. */
  waitMs: number;
  /** Time between two looks at a job being followed, in milliseconds. */
  pollMs: number;
  createBranch: boolean;
  /** The stage of a branch the action creates; undefined: from the environment (protected → PRODUCTION). */
  stage: Stage | undefined;
  /** The framework of a branch the action creates; undefined: the app's production branch's. */
  framework: string | undefined;
  autoBuild: AutoBuild;
  /** Export every managed variable to the job's later steps (GITHUB_ENV), once validated (and verified). */
  exportEnv: boolean;
  /** false: write nothing to the Amplify branch (a backend deployed from the workflow reads the job's variables). */
  writeBranch: boolean;
  /** A command bash runs in the workspace with the variables, after they are verified and before any build. */
  backendDeploy: string | undefined;
  /** Where to write amplify_outputs.json (absolute) and how to name it (relative to the workspace); none when unset. */
  /** Inside the workspace by its text; links are checked before writing (files/workspace.ts). */
  outputsFile: Required<OutputsTarget> | undefined;
  /** The commit of the run's branch, for the build this run starts (commitOf), and its message. */
  commitId: string;
  commitMessage: string | undefined;
  /** The run is for a push that deleted its branch: there is nothing to write or build for it. */
  branchDeleted: boolean;
  /**
   * For a pull request from another repository: that fork, as the event names it (owner/name). Its branch names
   * are the fork's choice, so such a run may only validate (`mode: check` or `dry-run: true`) and never gets a
   * protected environment.
   */
  fork: string | undefined;
  /** GITHUB_WORKSPACE: where `backend-deploy` runs and `outputs-file` must stay. */
  workspace: string;
  /** The repository the workflow runs in (owner/name, GITHUB_REPOSITORY): named in the mark of a created branch. */
  repository: string;
}

export type InputReader = (name: string) => string;

/** Longest text an input may carry: more is a mistake (or an attack), never a branch or an environment name. */
const MAX_INPUT_LENGTH = 1024;

export function parseInputs(read: InputReader, event: RunnerEvent, env: NodeJS.ProcessEnv): Inputs {
  const problems: string[] = [];
  const check = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      problems.push(...error.problems.map((problem) => problem.message));
      return undefined;
    }
  };
  const input = (name: string): string => {
    const value = read(name);
    if (value.length <= MAX_INPUT_LENGTH) return value;
    problems.push(
      `Input \`${name}\` is ${value.length} characters long; at most ${MAX_INPUT_LENGTH} are accepted.`,
    );
    return '';
  };

  // Both may come from the chosen environment's `app` instead (appFor, once the environment is known).
  const appId = input('app-id');
  if (appId && !isAppId(appId)) {
    problems.push(
      `Input \`app-id\` is "${appId}", which is not an Amplify app ID (a "d" followed by up to 19 lowercase letters and digits, as in the app's ARN or console URL).`,
    );
  }

  const region = input('region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (region && !isRegion(region)) {
    problems.push(`Region "${region}" is not an AWS region name such as us-east-1.`);
  }

  const dryRun = check(() => parseBoolean('dry-run', input('dry-run'), false));
  const onUnmatched = check(() =>
    parseChoice('on-unmatched', input('on-unmatched') || 'fail', ['fail', 'skip']),
  );
  const mode = check(() => parseChoice('mode', input('mode') || 'apply', ['apply', 'check', 'delete']));
  const checkRoles = check(() => parseBoolean('check-roles', input('check-roles'), true));
  const deploy = check(() => parseChoice('deploy', input('deploy') || 'none', ['none', 'start', 'wait']));
  const waitMinutes = check(() => parseNumber('wait-minutes', input('wait-minutes'), 30, 360));
  const pollSeconds = check(() =>
    parseNumber('poll-seconds', input('poll-seconds'), 10, 3600, MIN_POLL_SECONDS),
  );
  const framework = input('framework') || undefined;
  const createBranch = check(() => parseBoolean('create-branch', input('create-branch'), false));
  const stageInput = input('stage');
  const stage = check(() => (stageInput ? parseChoice('stage', stageInput, STAGES) : undefined));
  const autoBuild = check(() =>
    parseChoice('auto-build', input('auto-build') || 'keep', ['keep', 'off', 'on']),
  );
  const exportEnv = check(() => parseBoolean('export-env', input('export-env'), false));
  const writeBranch = check(() => parseBoolean('write-branch', input('write-branch'), true));
  const backendDeploy = input('backend-deploy').trim() || undefined;
  const gitBranch = check(() => branchFromEvent(input('branch'), event));
  const commit = commitOf(event, gitBranch?.branch);
  if (deploy && deploy !== 'none' && !/^[0-9a-f]{7,64}$/i.test(commit.id)) {
    problems.push(
      `\`deploy: ${deploy}\` starts a build of the workflow's commit, but ${commit.source} is "${commit.id}", not a commit ID. Run the action in a workflow job (the runner sets GITHUB_SHA).`,
    );
  }
  if (event.fork && mode !== 'check' && dryRun === false)
    problems.push(forkRefusal(event, (mode ?? 'apply') as Mode));
  if (writeBranch === false && mode === 'apply') {
    if (createBranch)
      problems.push(
        '`create-branch: true` creates the Amplify branch with the variables, but `write-branch: false` writes nothing to Amplify: drop one of them.',
      );
    if (autoBuild && autoBuild !== 'keep')
      problems.push(
        `\`auto-build: ${autoBuild}\` is set in the write to the Amplify branch, but \`write-branch: false\` writes nothing to Amplify: use \`auto-build: keep\`, or write the branch.`,
      );
  }
  const environment = input('environment') || undefined;
  const amplifyBranch = input('amplify-branch');
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const outputsInput = input('outputs-file');
  const outputsFile = check(() =>
    outputsInput ? { ...pathInWorkspace(workspace, 'outputs-file', outputsInput), workspace } : undefined,
  );
  const config = workspacePath(workspace, input('config') || '.github/amplify-auth.yml');

  if (problems.length > 0 || !gitBranch) throw new ActionError(problems.map((message) => ({ message })));
  return {
    appId,
    configPath: config.path,
    configDisplayPath: config.shown,
    branch: gitBranch.branch,
    branchSource: gitBranch.source,
    environment,
    amplifyBranch: amplifyBranch || gitBranch.branch,
    region,
    dryRun: dryRun as boolean,
    onUnmatched: onUnmatched as OnUnmatched,
    mode: mode as Mode,
    checkRoles: checkRoles as boolean,
    deploy: deploy as DeployMode,
    waitMs: (waitMinutes as number) * 60_000,
    pollMs: (pollSeconds as number) * 1000,
    createBranch: createBranch as boolean,
    stage,
    framework,
    autoBuild: autoBuild as AutoBuild,
    exportEnv: exportEnv as boolean,
    writeBranch: writeBranch as boolean,
    backendDeploy,
    commitId: commit.id,
    commitMessage: event.commitMessage,
    branchDeleted: event.deleted === true && `refs/heads/${gitBranch.branch}` === event.ref,
    fork: event.fork,
    repository: env.GITHUB_REPOSITORY ?? '',
    workspace,
    outputsFile,
  };
}

/**
 * Seconds between two GetJob calls at the least. Amplify publishes no request-rate quota for its API; at one call
 * per 5 s, even the account's default 5 concurrent builds, each followed by a run, make one call a second.
 */
export const MIN_POLL_SECONDS = 5;

/** A number above 0 (or at least `min`), at most `max`, fractions allowed; plain decimal notation only. */
export function parseNumber(name: string, value: string, fallback: number, max: number, min = 0): number {
  if (value === '') return fallback;
  const number = /^\d+(\.\d+)?$|^\.\d+$/.test(value) ? Number(value) : Number.NaN;
  if (number > 0 && number >= min && number <= max) return number;
  const range = min > 0 ? `from ${min} to ${max}` : `above 0 and at most ${max}`;
  throw new ActionError({
    message: `Input \`${name}\` is "${value}"; it takes a number ${range}, such as ${fallback}.`,
  });
}

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];

/**
 * The commit the run's branch is at, where the event says (GitHub Docs, "Events that trigger workflows"):
 * - a pull request's head branch (pull_request, pull_request_target, the review events): `pull_request.head.sha`.
 *   GITHUB_SHA is the merge commit of refs/pull/N/merge there, which is on no branch, or the base branch's commit;
 * - the head branch of the run a workflow_run follows: `workflow_run.head_sha`, where GITHUB_SHA is the default
 *   branch's last commit. Not after a pull_request_target run: its head_sha is the base branch's commit
 *   (actions/checkout#2454, from GitHub's Actions team);
 * - otherwise GITHUB_SHA: the pushed or dispatched commit. For a `branch` input naming a pull request's base, the
 *   base branch's commit under pull_request_target; under pull_request, the merge commit, which the docs do not
 *   place on the base branch (the README says what the deploy gate then does).
 */
function commitOf(event: RunnerEvent, branch: string | undefined): { id: string; source: string } {
  if (branch === event.pullRequestHead && event.pullRequestHeadSha) {
    return { id: event.pullRequestHeadSha, source: "the pull request's head commit" };
  }
  // workflowRunHead and its commit come from the payload's workflow_run, which only workflow_run events carry.
  if (
    branch === event.workflowRunHead &&
    event.workflowRunHeadSha &&
    event.workflowRunEvent !== 'pull_request_target'
  ) {
    return { id: event.workflowRunHeadSha, source: 'the head commit of the run this workflow_run follows' };
  }
  return { id: event.sha, source: 'GITHUB_SHA' };
}

/**
 * A pull request from a fork may not change anything: with pull_request_target the workflow holds this
 * repository's credentials while the fork chooses the branch name, and so which environment and Amplify branch a
 * run would write (GitHub Docs, "Security hardening for GitHub Actions"; GitHub Security Lab, "Preventing pwn
 * requests"). A pull_request run from a fork usually has no credentials, and is refused the same way; so is a
 * workflow_run that follows a fork's run, which runs with this repository's credentials while a `branch` input
 * taken from `workflow_run.head_branch` is the fork's choice.
 */
function forkRefusal(event: RunnerEvent, mode: Mode): string {
  const followsRun = event.name === 'workflow_run';
  const head = followsRun ? event.workflowRunHead : event.pullRequestHead;
  const branch = head ? ` ("${head}")` : '';
  const what = followsRun
    ? `This run follows a workflow run on a branch of the fork ${event.fork}, and that branch's name${branch}`
    : `This pull request comes from the fork ${event.fork}, and its branch name${branch}`;
  const guard = followsRun
    ? 'github.event.workflow_run.head_repository.full_name == github.repository'
    : 'github.event.pull_request.head.repo.full_name == github.repository';
  return `${what} is chosen by the fork, not by this repository: a run for it may not write, create, start or delete anything, so \`mode: ${mode}\` is refused; nothing was read or written. Run this step with \`mode: check\` or \`dry-run: true\` (they validate and write nothing; a fork's branch never gets a protected environment), or in a workflow that does not run for pull requests from forks (for example, a job with \`if: ${guard}\`).`;
}

/** A path input: absolute as given, or relative to the workspace; shown relative to the workspace. */
function workspacePath(workspace: string, path: string): { path: string; shown: string } {
  const absolute = isAbsolute(path) ? path : resolve(workspace, path);
  return { path: absolute, shown: relative(workspace, absolute) || path };
}

/** Exactly true or false, in any case; anything else names the input. */
export function parseBoolean(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new ActionError({ message: `Input \`${name}\` is "${value}"; it takes true or false.` });
}

export function parseChoice<T extends string>(name: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new ActionError({
    message: `Input \`${name}\` is "${value}"; it takes one of: ${choices.join(', ')}.`,
  });
}

/**
 * The git branch this run is about: the `branch` input, else the pull request's head branch for pull_request
 * events, else the pushed or dispatched ref. A tag is not a branch, so a tag ref needs the input.
 */
export function branchFromEvent(input: string, event: RunnerEvent): { branch: string; source: string } {
  if (input.startsWith('refs/')) {
    // A full ref (`${{ github.ref }}`) would be taken for a branch of that name, and match no environment, or a catch-all.
    const name = input.startsWith('refs/heads/') ? ` (${input.slice('refs/heads/'.length)})` : '';
    throw new ActionError({
      message: `Input \`branch\` is "${input}", a full git ref: give the branch's name alone${name}, as github.ref_name or github.head_ref holds it.`,
    });
  }
  if (input) return { branch: input, source: 'the `branch` input' };
  const { name, ref } = event;
  if (PULL_REQUEST_EVENTS.includes(name) && event.pullRequestHead) {
    const of = event.fork ? ` of the fork ${event.fork}` : '';
    return { branch: event.pullRequestHead, source: `the ${name} head branch${of}` };
  }
  if (ref.startsWith('refs/tags/')) {
    throw new ActionError({
      message: `This run is for tag ${ref.slice('refs/tags/'.length)}, not a branch: set the \`branch\` input to the branch whose environment it should use.`,
    });
  }
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : '';
  if (branch) return { branch, source: `the ${name || 'workflow'} ref ${branch}` };
  throw new ActionError({
    message: `Cannot tell the git branch of this ${name || 'run'} (GITHUB_REF is "${ref}"): set the \`branch\` input.`,
  });
}

/** The Amplify app a run works on, and the region of its Cognito reads. */
export interface AppTarget {
  id: string;
  /** Where the Amplify calls go: the app's region. */
  region: string;
  /** Where the Cognito reads and the discovery go: the region input (or AWS_REGION), else the app's. */
  cognitoRegion: string;
}

/**
 * The app of the chosen environment: the file's `app`, or the `app-id` input in the run's region. An `app-id` input
 * that names another app than the environment's is refused, before anything is read or written.
 */
export function appFor(inputs: Inputs, environment: Environment): AppTarget {
  const app = environment.app;
  if (app && inputs.appId && inputs.appId !== app.id) {
    throw new ActionError({
      message: `Input \`app-id\` is ${inputs.appId}, but environment "${environment.name}" belongs to app ${app.id} (${app.region}); remove the input, or fix the environment's \`app\`. Nothing was read or written.`,
      location: app.location,
    });
  }
  const id = app?.id ?? inputs.appId;
  if (!id) {
    throw new ActionError({
      message: `Input \`app-id\` is required, or an \`app: { id, region }\` for environment "${environment.name}" in the environments file: the Amplify app ID, such as d1a2b3c4example.`,
    });
  }
  const region = app?.region ?? inputs.region;
  if (!region) {
    throw new ActionError({
      message:
        'No region: set the `region` input, or AWS_REGION (aws-actions/configure-aws-credentials sets it from its `aws-region`).',
    });
  }
  return { id, region, cognitoRegion: inputs.region || region };
}
