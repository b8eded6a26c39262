// What a run concludes from the checks and the comparison with the branch, as problems at the lines of the file:
// shared by the action and the CLI.
import type { CheckResult, CheckStatus } from './checks/types.ts';
import {
  type Environment,
  GIVEN_IN_FILE,
  type ResolvedEnvironment,
  type VariableKey,
  type VariableNames,
} from './config/types.ts';
import type { Problem } from './errors.ts';
import { clip } from './text.ts';
import type { VariablePlan } from './variables.ts';

/** One problem per failed (or warning) check detail, each at the line of the ID it concerns. */
export function checkProblems(
  checks: readonly CheckResult[],
  environment: Environment,
  status: CheckStatus,
): Problem[] {
  return checks
    .filter((check) => check.status === status)
    .flatMap((check) =>
      check.details.map((detail, index) => {
        const key = check.detailKeys?.[index] ?? check.key;
        return {
          message: `${check.title} check: ${detail}${check.prevents ? ` (Caught now: ${check.prevents}.)` : ''}`,
          location: key ? environment.idLocations[key] : environment.location,
        };
      }),
    );
}

/**
 * In check mode: every managed variable whose value on the branch differs from the environment's. `fix`: how the
 * reader writes the environment again (the action's apply mode; the CLI's reader runs no workflow by itself).
 */
export function driftProblems(
  plan: VariablePlan,
  amplifyBranch: string,
  environment: ResolvedEnvironment,
  names: VariableNames,
  fix = 'Run the workflow in apply mode to write the environment again.',
): Problem[] {
  const keyOf = (name: string) => (Object.keys(names) as VariableKey[]).find((key) => names[key] === name);
  return plan.changes
    .filter((change) => change.kind !== 'unchanged')
    .map((change) => {
      const key = keyOf(change.name);
      const how = key ? environment.provenance[key] : undefined;
      const found = how && how !== GIVEN_IN_FILE ? ` (${how})` : '';
      const before = change.before === undefined ? 'not set' : `"${clip(change.before, 200)}"`;
      const after =
        change.after === undefined ? 'does not set it' : `says "${clip(change.after, 200)}"${found}`;
      return {
        message: `Drift on Amplify branch ${amplifyBranch}: ${change.name} is ${before}, but environment ${environment.name} ${after}. ${fix}`,
        location: key ? environment.idLocations[key] : environment.location,
      };
    });
}
