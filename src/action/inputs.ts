// The action's inputs and the git branch, read from the runner and checked before any work: every bad input is
// reported at once, and nothing is read from AWS until all of them hold.
import { isAbsolute, relative, resolve } from 'node:path';
import { isRegion } from '../core/aws-ids.ts';
import { ActionError } from '../core/errors.ts';
import type { RunnerEvent } from './event.ts';

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

  const appId = input('app-id');
  if (!appId) problems.push('Input `app-id` is required: the Amplify app ID, such as d1a2b3c4example.');
  else if (!APP_ID.test(appId)) {
    problems.push(
      `Input \`app-id\` is "${appId}", which is not an Amplify app ID (a "d" followed by up to 19 lowercase letters and digits, as in the app's ARN or console URL).`,
    );
  }

  const region = input('region') || env.AWS_REGION || env.AWS_DEFAULT_REGION || '';
  if (!region) {
    problems.push(
      'No region: set the `region` input, or AWS_REGION (aws-actions/configure-aws-credentials sets it from its `aws-region`).',
    );
  } else if (!isRegion(region)) {
    problems.push(`Region "${region}" is not an AWS region name such as us-east-1.`);
  }

  const dryRun = check(() => parseBoolean('dry-run', input('dry-run'), false));
  const onUnmatched = check(() =>
    parseChoice('on-unmatched', input('on-unmatched') || 'fail', ['fail', 'skip']),
  );
  const mode = check(() => parseChoice('mode', input('mode') || 'apply', ['apply', 'check']));
  const checkRoles = check(() => parseBoolean('check-roles', input('check-roles'), true));
  const gitBranch = check(() => branchFromEvent(input('branch'), event));
  const environment = input('environment') || undefined;
  const amplifyBranch = input('amplify-branch');

  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const config = input('config') || '.github/amplify-auth.yml';
  const configPath = isAbsolute(config) ? config : resolve(workspace, config);

  if (problems.length > 0 || !gitBranch) throw new ActionError(problems.map((message) => ({ message })));
  return {
    appId,
    configPath,
    configDisplayPath: relative(workspace, configPath) || config,
    branch: gitBranch.branch,
    branchSource: gitBranch.source,
    environment,
    amplifyBranch: amplifyBranch || gitBranch.branch,
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
  if (input) return { branch: input, source: 'the `branch` input' };
  const { name, ref } = event;
  if ((name === 'pull_request' || name === 'pull_request_target') && event.pullRequestHead) {
    return { branch: event.pullRequestHead, source: `the ${name} head branch` };
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
