// The action's inputs and the git branch, read from the runner's environment and checked before any work.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { ActionError } from '../core/errors.ts';

export type OnUnmatched = 'fail' | 'skip';
/** apply: validate, then write and verify. check: validate and compare with the branch, write nothing. */
export type Mode = 'apply' | 'check';

export interface Inputs {
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
  region: string;
  dryRun: boolean;
  onUnmatched: OnUnmatched;
  mode: Mode;
  /** false skips the IAM role checks (iam:GetRole) entirely. */
  checkRoles: boolean;
}

export type InputReader = (name: string) => string;

const APP_ID = /^d[a-z0-9]{1,19}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

export function parseInputs(read: InputReader, env: NodeJS.ProcessEnv): Inputs {
  const problems: string[] = [];
  const check = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };

  const appId = read('app-id');
  if (!appId) problems.push('Input `app-id` is required: the Amplify app ID, such as d1a2b3c4example.');
  else if (!APP_ID.test(appId)) {
    problems.push(
      `Input \`app-id\` is "${appId}", which is not an Amplify app ID (a "d" followed by up to 19 lowercase letters and digits, as in the app's ARN or console URL).`,
    );
  }

  const region = read('region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (!region) {
    problems.push(
      'No region: set the `region` input, or AWS_REGION (aws-actions/configure-aws-credentials sets it from its `aws-region`).',
    );
  } else if (!REGION.test(region)) {
    problems.push(`Region "${region}" is not an AWS region name such as us-east-1.`);
  }

  const dryRun = check(() => parseBoolean('dry-run', read('dry-run'), false));
  const onUnmatched = check(() =>
    parseChoice('on-unmatched', read('on-unmatched') || 'fail', ['fail', 'skip']),
  );
  const mode = check(() => parseChoice('mode', read('mode') || 'apply', ['apply', 'check']));
  const checkRoles = check(() => parseBoolean('check-roles', read('check-roles'), true));
  const gitBranch = check(() => branchFromRunner(read('branch'), env));
  const environment = read('environment') || undefined;

  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const config = read('config') || '.github/amplify-auth.yml';
  const configPath = isAbsolute(config) ? config : resolve(workspace, config);

  if (problems.length > 0 || !gitBranch) throw new ActionError(problems.map((message) => ({ message })));
  return {
    appId,
    configPath,
    configDisplayPath: relative(workspace, configPath) || config,
    branch: gitBranch.branch,
    branchSource: gitBranch.source,
    environment,
    amplifyBranch: read('amplify-branch') || gitBranch.branch,
    region,
    dryRun: dryRun as boolean,
    onUnmatched: onUnmatched as OnUnmatched,
    mode: mode as Mode,
    checkRoles: checkRoles as boolean,
  };
}

/** Exactly true or false, in any case; anything else names the input. */
export function parseBoolean(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new ActionError({ message: `Input \`${name}\` is "${value}"; it takes true or false.` });
}

function parseChoice<T extends string>(name: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new ActionError({
    message: `Input \`${name}\` is "${value}"; it takes one of: ${choices.join(', ')}.`,
  });
}

/**
 * The git branch this run is about: the `branch` input, else the pull request's head branch for pull_request
 * events, else the pushed or dispatched ref. A tag is not a branch, so a tag ref needs the input.
 */
export function branchFromRunner(input: string, env: NodeJS.ProcessEnv): { branch: string; source: string } {
  if (input) return { branch: input, source: 'the `branch` input' };
  const event = env.GITHUB_EVENT_NAME ?? '';
  if (event === 'pull_request' || event === 'pull_request_target') {
    const head = env.GITHUB_HEAD_REF || pullRequestHead(env.GITHUB_EVENT_PATH);
    if (head) return { branch: head, source: `the ${event} head branch` };
  }
  // GITHUB_REF_TYPE and GITHUB_REF_NAME say it directly; GITHUB_REF (refs/heads/…, refs/tags/…) is the fallback.
  const ref = env.GITHUB_REF ?? '';
  const type =
    env.GITHUB_REF_TYPE ||
    (ref.startsWith('refs/tags/') ? 'tag' : ref.startsWith('refs/heads/') ? 'branch' : '');
  const name = env.GITHUB_REF_NAME || ref.replace(/^refs\/(heads|tags)\//, '');
  if (type === 'tag') {
    throw new ActionError({
      message: `This run is for tag ${name}, not a branch: set the \`branch\` input to the branch whose environment it should use.`,
    });
  }
  if (type === 'branch' && name) return { branch: name, source: `the ${event || 'workflow'} ref ${name}` };
  throw new ActionError({
    message: `Cannot tell the git branch of this ${event || 'run'} (GITHUB_REF is "${ref}"): set the \`branch\` input.`,
  });
}

function pullRequestHead(eventPath: string | undefined): string | undefined {
  if (!eventPath) return undefined;
  const payload = JSON.parse(readFileSync(eventPath, 'utf8')) as {
    pull_request?: { head?: { ref?: string } };
  };
  return payload.pull_request?.head?.ref;
}
