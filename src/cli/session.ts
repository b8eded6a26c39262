// What every CLI command does first, with the action's own modules: load the environments file, map the branch
// (exactly as the action does) or take the named environment, find the IDs the file does not give, and run the
// checks, with the developer's own credentials. Progress and problems go to stderr; stdout is the command's result.
import { execFileSync } from 'node:child_process';
import { relative, resolve as resolvePath } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { AwsTuning } from '../aws/client.ts';
import { CognitoReader } from '../aws/cognito-reader.ts';
import { environmentIds } from '../aws/environment-ids.ts';
import { fetchWiring } from '../aws/wiring.ts';
import { isRegion } from '../core/aws-ids.ts';
import { type CheckResult, checkWiring, type Wiring } from '../core/checks/index.ts';
import { loadEnvironmentsFile } from '../core/config/file.ts';
import {
  type Environment,
  type EnvironmentsFile,
  GIVEN_IN_FILE,
  type ResolvedEnvironment,
} from '../core/config/types.ts';
import { selectEnvironment } from '../core/environment.ts';
import { ActionError, formatLocation, type Problem } from '../core/errors.ts';
import { checkProblems } from '../core/findings.ts';
import { type ManagedVariables, managedVariables } from '../core/variables.ts';
import { pathAsGiven } from '../files/paths.ts';
import { line } from './terminal.ts';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface EnvironmentOptions {
  /** --config; undefined for the default (defaultConfig). */
  config: string | undefined;
  environment: string | undefined;
  branch: string | undefined;
  region: string | undefined;
  profile: string | undefined;
}

export interface Session {
  file: EnvironmentsFile;
  environment: ResolvedEnvironment;
  managed: ManagedVariables;
  region: string;
  cognito: CognitoReader;
  wiring: Wiring;
  checks: CheckResult[];
  /** The failed checks, as problems at the lines of the file. */
  failed: Problem[];
}

/** The session, once its checks passed: a command that hands out the values stops on a failed check. */
export function passing(session: Session): Session {
  if (session.failed.length > 0) throw new ActionError(session.failed);
  return session;
}

/** Loads, maps, resolves and checks; what cannot be loaded, mapped or found is an ActionError. */
export async function openSession(
  options: EnvironmentOptions,
  io: Io,
  app?: { region: string; account: string },
  tuning?: AwsTuning,
  picked?: { file: EnvironmentsFile; environment: Environment },
): Promise<Session> {
  const { file, environment: chosen } = picked ?? (await chooseEnvironment(options, io));
  const region = await regionFor(options, io, chosen);
  const settings = { region, tuning };
  const cognito = new CognitoReader(settings);
  const environment = await environmentIds(chosen, { settings, cognito });
  for (const [key, how] of Object.entries(environment.provenance)) {
    if (how !== GIVEN_IN_FILE) io.stderr(line(`${key}: ${how}`));
  }
  const wiring = await fetchWiring(environment.ids, { settings, cognito, checkRoles: true });
  const checks = checkWiring(wiring, {
    app,
    environment,
    environments: file.environments,
    sharedResources: file.sharedResources,
    variables: file.variables,
  });
  const failed = checkProblems(checks, environment, 'fail');
  for (const warning of checkProblems(checks, environment, 'warn'))
    io.stderr(line(`warning: ${describe(warning)}`));
  return {
    file,
    environment,
    managed: managedVariables(environment.ids, file.variables),
    region,
    cognito,
    wiring,
    checks,
    failed,
  };
}

/** Loads the file and maps the branch (exactly as the action does), or takes the named environment. */
export async function chooseEnvironment(
  options: EnvironmentOptions,
  io: Io,
): Promise<{ file: EnvironmentsFile; environment: Environment }> {
  useProfile(options, io);
  const path = options.config === undefined ? defaultConfig(io) : pathAsGiven(io.cwd, options.config);
  // Named as the user gave it; the default, relative to the current folder.
  const shown = options.config ?? (relative(io.cwd, path) || path);
  const file = await loadEnvironmentsFile(path, shown, 'pass --config <file>');
  // With --environment, the branch only decides whether a protected environment may be used: the checked-out one,
  // when there is one.
  const branch = options.branch ?? (options.environment ? checkedOutBranch(io) : currentGitBranch(io));
  const selection = selectEnvironment(file, {
    branch: branch ?? '',
    requested: options.environment,
    wording: {
      requestedBy: '--environment',
      useBranches: 'Name one of them with --branch, or run from a checkout of one.',
    },
  });
  if (!selection.environment) {
    throw new ActionError({
      message: `${selection.reason}. Name one with --environment, or add the branch to an environment in ${file.path}.`,
      location: { file: file.path },
    });
  }
  io.stderr(line(`Using environment "${selection.environment.name}": ${selection.reason}.`));
  return { file, environment: selection.environment };
}

/** A problem as one line for a terminal: where, then what. */
export function describe(problem: Problem): string {
  return `${problem.location ? `${formatLocation(problem.location)}: ` : ''}${problem.message}`;
}

/** --profile, for every AWS call the command makes (the SDK reads AWS_PROFILE). */
export function useProfile(options: EnvironmentOptions, io: Io): void {
  if (options.profile) io.env.AWS_PROFILE = options.profile;
}

/**
 * --region, else AWS_REGION, AWS_DEFAULT_REGION or the profile's region, else the region of the environment's app,
 * as the action does; the found one is said on stderr.
 */
export async function regionFor(
  options: EnvironmentOptions,
  io: Io,
  environment?: Environment,
): Promise<string> {
  if (options.region) return checkedRegion(options.region);
  // The AWS CLI's order, as the action's: AWS_REGION, then AWS_DEFAULT_REGION (which the SDK does not read), then
  // the profile's region.
  const fallback = io.env.AWS_REGION ? undefined : io.env.AWS_DEFAULT_REGION || undefined;
  if (fallback) {
    io.stderr(line(`Region ${fallback} (from AWS_DEFAULT_REGION).`));
    return checkedRegion(fallback);
  }
  // Set, but not a region name (a trailing space, a typo): said as it is, not taken for unset.
  if (io.env.AWS_REGION && !isRegion(io.env.AWS_REGION)) {
    throw new ActionError({
      message: `AWS_REGION is "${io.env.AWS_REGION}", not an AWS region name such as us-east-1: fix the variable, or pass --region.`,
    });
  }
  let region: string | undefined;
  try {
    region = await new CognitoIdentityProviderClient({}).config.region();
  } catch {
    region = undefined;
  }
  if (!region && environment?.app) {
    io.stderr(
      line(`Region ${environment.app.region} (the region of environment "${environment.name}"'s app).`),
    );
    return environment.app.region;
  }
  if (!region) {
    throw new ActionError({
      message:
        'No AWS region: pass --region, set AWS_REGION (or AWS_DEFAULT_REGION), or give the profile a region (aws configure set region us-east-1).',
    });
  }
  io.stderr(line(`Region ${region} (from AWS_REGION or the profile).`));
  return checkedRegion(region);
}

function checkedRegion(region: string): string {
  if (!isRegion(region))
    throw new ActionError({ message: `Region "${region}" is not an AWS region name such as us-east-1.` });
  return region;
}

/**
 * The environments file when --config is not given: .github/amplify-auth.yml at the top of the git checkout, where
 * the action finds it in its workspace, from any folder of the checkout; in the current folder outside one.
 */
function defaultConfig(io: Io): string {
  return resolvePath(git(io, ['rev-parse', '--show-toplevel']) ?? io.cwd, '.github/amplify-auth.yml');
}

/** What git prints for `args` in the current folder, trimmed; undefined outside a checkout or when it prints nothing. */
function git(io: Io, args: string[]): string | undefined {
  try {
    const output = execFileSync('git', args, {
      cwd: io.cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return output === '' ? undefined : output;
  } catch {
    return undefined; // not a git checkout
  }
}

/** The checked-out branch, or undefined outside a git checkout (or on a detached HEAD). */
function checkedOutBranch(io: Io): string | undefined {
  const branch = git(io, ['rev-parse', '--abbrev-ref', 'HEAD']);
  return branch === 'HEAD' ? undefined : branch;
}

/** The checked-out branch, for mapping when neither --environment nor --branch is given. */
export function currentGitBranch(io: Io, instead = 'pass --environment <name> or --branch <name>'): string {
  const branch = checkedOutBranch(io);
  if (branch) return branch;
  throw new ActionError({ message: `Cannot tell the git branch here: ${instead}.` });
}
