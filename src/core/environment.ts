// Which environment a git branch gets, and why.
import { matchBranch } from './branch-pattern.ts';
import type { Environment, EnvironmentsFile } from './config.ts';
import { ActionError } from './errors.ts';

export type Selection =
  | { environment: Environment; reason: string }
  | { environment: undefined; reason: string };

/**
 * An environment listing the branch name exactly wins; otherwise the first environment in file order with a
 * matching pattern. With `requested` (the `environment` input) that environment is used instead, unless it
 * is protected and the branch matches none of its patterns.
 */
export function selectEnvironment(file: EnvironmentsFile, branch: string, requested?: string): Selection {
  if (requested) return requestedEnvironment(file, branch, requested);

  for (const environment of file.environments) {
    const exact = environment.branches.find((pattern) => !pattern.negated && pattern.literal === branch);
    if (exact && matchBranch(environment.branches, branch)) {
      return {
        environment,
        reason: `branch "${branch}" is listed by name in environment "${environment.name}"`,
      };
    }
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
      message: `The \`environment\` input names "${requested}", which ${file.path} does not define. Defined: ${file.environments.map((e) => e.name).join(', ')}.`,
    });
  }
  const pattern = matchBranch(environment.branches, branch);
  if (environment.protected && !pattern) {
    throw new ActionError({
      message: `Environment "${requested}" is protected and branch "${branch}" matches none of its branches (${environment.branches.map((p) => p.source).join(', ')}); nothing was written. Run the workflow from one of those branches.`,
      location: environment.location,
    });
  }
  return { environment, reason: `the \`environment\` input asks for "${requested}"` };
}
