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
  /**
   * The repository the branch comes from when it is not this one (a pull request from a fork, by its full name).
   * The fork chooses its branch names, so a name never earns it a protected environment: protected environments
   * are left out of the mapping, refused when requested, and a name they list does not make the branch theirs.
   */
  fork?: string | undefined;
  /** How the front end names what asked for `requested`, and how one picks a branch there (the CLI's options). */
  wording?: Wording;
}

export interface Wording {
  /** What asked for the environment: the action's input, or the CLI's option. */
  requestedBy: string;
  /** How to be on one of a protected environment's branches (a sentence). */
  useBranches: string;
}

const ACTION_WORDING: Wording = {
  requestedBy: 'the `environment` input',
  useBranches: 'Use it from one of those branches.',
};

/**
 * An environment listing the branch name exactly wins; otherwise the first environment in file order with a
 * matching pattern. With `requested` (the `environment` input) that environment is used instead, unless it
 * is protected and the branch matches none of its patterns. Either way, a branch that a protected environment
 * lists by name (git or Amplify) never gets another environment's IDs. A fork's branch (`fork`) is mapped as if
 * the file had no protected environments, and may not ask for one.
 */
export function selectEnvironment(file: EnvironmentsFile, request: SelectionRequest): Selection {
  const { branch, requested, fork, wording = ACTION_WORDING } = request;
  const selection = requested
    ? requestedEnvironment(file, branch, requested, fork, wording)
    : mappedEnvironment(file, branch, fork);
  if (selection.environment) {
    const amplifyBranch = request.amplifyBranch ?? branch;
    // A fork's branch name is its own choice, not this repository's branch: only the Amplify branch it would be
    // compared with (or written to) can belong to a protected environment.
    if (!fork) {
      guardProtectedBranch(
        file,
        selection.environment,
        branch,
        requested ? 'the `environment` input' : undefined,
      );
    }
    if (fork || amplifyBranch !== branch) {
      guardProtectedBranch(
        file,
        selection.environment,
        amplifyBranch,
        amplifyBranch !== branch ? 'the `amplify-branch` input' : undefined,
        fork,
      );
    }
  }
  return selection;
}

function mappedEnvironment(file: EnvironmentsFile, branch: string, fork: string | undefined): Selection {
  const candidates = fork
    ? file.environments.filter((environment) => !environment.protected)
    : file.environments;
  const mapped = mapBranch(file, candidates, branch);
  if (!fork) return mapped;
  // Why the mapping left protected environments out, and which one the same name would have had here.
  const passedOver = mapBranch(file, file.environments, branch).environment;
  const note = passedOver?.protected
    ? `protected environment "${passedOver.name}" is not considered: the branch comes from the fork ${fork}, which chooses its branch names`
    : `protected environments are not considered: the branch comes from the fork ${fork}, which chooses its branch names`;
  return { environment: mapped.environment, reason: `${mapped.reason} (${note})` };
}

function mapBranch(file: EnvironmentsFile, candidates: readonly Environment[], branch: string): Selection {
  const exact = ownerByName(candidates, branch);
  if (exact) {
    return {
      environment: exact,
      reason: `branch "${branch}" is listed by name in environment "${exact.name}"`,
    };
  }
  for (const environment of candidates) {
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

function requestedEnvironment(
  file: EnvironmentsFile,
  branch: string,
  requested: string,
  fork: string | undefined,
  wording: Wording,
): Selection {
  const environment = file.environments.find((candidate) => candidate.name === requested);
  if (!environment) {
    throw new ActionError({
      message: `Environment "${requested}" is asked for, but ${file.path} does not define it. Defined: ${file.environments.map((e) => e.name).join(', ')}.`,
    });
  }
  if (environment.protected && fork) {
    throw new ActionError({
      message: `Environment "${requested}" is protected, and branch "${branch}" comes from the fork ${fork}, which chooses its branch names: a fork's branch never gets a protected environment; nothing was written. Ask for an unprotected environment, or leave the \`environment\` input unset for pull requests from forks.`,
      location: environment.location,
    });
  }
  const pattern = matchBranch(environment.branches, branch);
  if (environment.protected && !pattern) {
    // No branch at all: the CLI outside a git checkout (or on a detached HEAD) without --branch.
    const which =
      branch === ''
        ? 'no git branch is checked out here, so none matches'
        : `branch "${branch}" matches none of`;
    throw new ActionError({
      message: `Environment "${requested}" is protected and ${which} its branches (${environment.branches.map((p) => p.source).join(', ')}); nothing was written. ${wording.useBranches}`,
      location: environment.location,
    });
  }
  return { environment, reason: `${wording.requestedBy} asks for "${requested}"` };
}

/**
 * The environment that lists the branch by its exact name, if any. A name listed and then excluded again by a later
 * `!` pattern (`[main, '!main']`) is not claimed: GitHub reads a branch filter in order, and the last pattern that
 * matches decides (GitHub Docs, "Workflow syntax for GitHub Actions": on.<push>.branches, "Using both branches and
 * branches-ignore" / negative patterns).
 */
function ownerByName(environments: readonly Environment[], branch: string): Environment | undefined {
  return environments.find(
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
  fork?: string,
): void {
  const owner = ownerByName(file.environments, branch);
  if (!owner?.protected || owner.name === chosen.name) return;
  if (fork && !via) {
    throw new ActionError({
      message: `Amplify branch "${branch}" belongs to protected environment "${owner.name}", which lists it by name, and this pull request's branch of that name comes from the fork ${fork}, whose branches never get a protected environment; so it cannot get the IDs of environment "${chosen.name}" either, and nothing was written. Set the \`amplify-branch\` input to another Amplify branch for pull requests from forks.`,
      location: owner.location,
    });
  }
  throw new ActionError({
    message: `Branch "${branch}" belongs to protected environment "${owner.name}", which lists it by name, so it cannot get the IDs of environment "${chosen.name}"${via ? ` through ${via}` : ''}; nothing was written. Use environment "${owner.name}" for it, or write another branch.`,
    location: owner.location,
  });
}
