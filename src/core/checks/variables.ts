// The values the action would write, against what Amplify accepts: a value too long for a branch variable would
// make the write fail after every check passed, so it is refused here, in every mode, with the other checks.
import type { CognitoIds, GroupsSource, VariableNames } from '../config/types.ts';
import { formatCount as count } from '../text.ts';
import { MAX_VARIABLE_VALUE_LENGTH, managedVariables, oversizedValues } from '../variables.ts';
import { CHECKS, result } from './support.ts';
import type { CheckResult } from './types.ts';

// 10. Amplify refuses the whole UpdateBranch when one value is longer than it allows.
export function checkVariableSizes(ids: CognitoIds, names: VariableNames, groups: GroupsSource): CheckResult {
  const oversized = oversizedValues(managedVariables(ids, names), names);
  if (oversized.length === 0) {
    return result(
      CHECKS.variableSizes,
      [],
      `Every value fits Amplify's ${count(MAX_VARIABLE_VALUE_LENGTH)} characters.`,
    );
  }
  const details = oversized.map(({ name, key, length }) => {
    const size = `${name} would be ${count(length)} characters long, but Amplify allows at most ${count(MAX_VARIABLE_VALUE_LENGTH)} in a branch variable's value and would refuse the write.`;
    if (key !== 'groups') return `${size} Shorten the value in the file.`;
    const groupCount = Object.keys(ids.groups).length;
    const fix =
      groups.kind === 'all'
        ? `It holds all ${count(groupCount)} groups of the pool that have a role (\`groups: all\`): list only the groups the app needs under \`groups\` instead (their names, or names and role ARNs).`
        : `It holds ${count(groupCount)} groups: list fewer groups under \`groups\` (only those the app needs), or give their roles shorter paths.`;
    return `${size} ${fix}`;
  });
  return {
    ...CHECKS.variableSizes,
    status: 'fail',
    details,
    detailKeys: oversized.map(({ key }) => key),
  };
}
