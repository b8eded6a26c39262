// Which environment a git branch gets, and why; and the protection that keeps other environments' IDs out of a
// protected environment's branches.
import { matchBranch } from './branch-pattern.ts';
import type { Environment, EnvironmentsFile } from './config/types.ts';
import { ActionError } from './errors.ts';

export type Selection =
  | { environment: Environment; reason: string }
  | { environment: undefined; reason: string };

export interface SelectionRequest {
  /** The git branch the run is for. */
  branch: string;
  /** The `environment` input, when set. */
  requested?: string | undefined;
  /** The Amplify branch that will be written; the git branch when absent. */
  amplifyBranch?: string | undefined;
}

/**
 * An environment listing the branch name exactly wins; otherwise the first environment in file order with a
 * matching pattern. With `requested` (the `environment` input) that environment is used instead, unless it
 * is protected and the branch matches none of its patterns. Either way, a branch that a protected environment
 * lists by name (git or Amplify) never gets another environment's IDs.
 */
export function selectEnvironment(file: EnvironmentsFile, request: SelectionRequest): Selection {
  const { branch, requested } = request;
  const selection = requested
    ? requestedEnvironment(file, branch, requested)
    : mappedEnvironment(file, branch);
  if (selection.environment) {
    guardProtectedBranch(
      file,
      selection.environment,
      branch,
      requested ? 'the `environment` input' : undefined,
    );
    const amplifyBranch = request.amplifyBranch ?? branch;
    if (amplifyBranch !== branch) {
      guardProtectedBranch(file, selection.environment, amplifyBranch, 'the `amplify-branch` input');
    }
  }
  return selection;
}

function mappedEnvironment(file: EnvironmentsFile, branch: string): Selection {
  const exact = ownerByName(file, branch);
  if (exact) {
    return {
      environment: exact,
      reason: `branch "${branch}" is listed by name in environment "${exact.name}"`,
    };
  }
  for (const environment of file.environments) {
    const pattern = matchBranch(environment.branches, branch);
    if (pattern) {
      return {
        environment,
        reason: `branch "${branch}" matches pattern \`${pattern.source}\` of environment "${environment.name}", the first in ${file.path} to match`,
      };
    }
  }
  return {
    environment: undefined,
    reason: `no environment in ${file.path} lists or matches branch "${branch}"`,
  };
}

function requestedEnvironment(file: EnvironmentsFile, branch: string, requested: string): Selection {
  const environment = file.environments.find((candidate) => candidate.name === requested);
  if (!environment) {
    throw new ActionError({
      message: `Environment "${requested}" is asked for, but ${file.path} does not define it. Defined: ${file.environments.map((e) => e.name).join(', ')}.`,
    });
  }
  const pattern = matchBranch(environment.branches, branch);
  if (environment.protected && !pattern) {
    throw new ActionError({
      message: `Environment "${requested}" is protected and branch "${branch}" matches none of its branches (${environment.branches.map((p) => p.source).join(', ')}); nothing was written. Use it from one of those branches.`,
      location: environment.location,
    });
  }
  return { environment, reason: `the \`environment\` input asks for "${requested}"` };
}

/** The environment that lists the branch by its exact name (and does not exclude it again), if any. */
function ownerByName(file: EnvironmentsFile, branch: string): Environment | undefined {
  return file.environments.find(
    (environment) =>
      environment.branches.some((pattern) => !pattern.negated && pattern.literal === branch) &&
      matchBranch(environment.branches, branch) !== undefined,
  );
}

/** A branch a protected environment lists by name belongs to that environment alone. */
function guardProtectedBranch(
  file: EnvironmentsFile,
  chosen: Environment,
  branch: string,
  via: string | undefined,
): void {
  const owner = ownerByName(file, branch);
  if (!owner?.protected || owner.name === chosen.name) return;
  throw new ActionError({
    message: `Branch "${branch}" belongs to protected environment "${owner.name}", which lists it by name, so it cannot get the IDs of environment "${chosen.name}"${via ? ` through ${via}` : ''}; nothing was written. Use environment "${owner.name}" for it, or write another branch.`,
    location: owner.location,
  });
}
