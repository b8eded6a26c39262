// What the checks are given, as the resolve stage hands it over: an environments file (envs.yml) whose environments
// give their IDs literally, the first of them resolved, in an app in us-east-1 of account 111122223333.
import type { CheckContext } from '../../src/core/checks/index.ts';
import { parseEnvironmentsFile } from '../../src/core/config/file.ts';
import { type Environment, literalIds, type ResolvedEnvironment } from '../../src/core/config/types.ts';

/** A file's literal environment, resolved: its IDs, each given in the file. */
export function resolvedLiteral(parsed: Environment | undefined): ResolvedEnvironment {
  const ids = parsed && literalIds(parsed);
  if (!parsed || !ids) throw new Error('expected a literal environment');
  const given = 'given in the file';
  return {
    ...parsed,
    ids,
    provenance: {
      userPoolId: given,
      userPoolClientId: given,
      identityPoolId: given,
      authRoleArn: given,
      unauthRoleArn: given,
      groups: given,
    },
  };
}

/** The checks' context for the first environment of an environments file. */
export function checkContextOf(yaml: string): CheckContext {
  const file = parseEnvironmentsFile(yaml, 'envs.yml');
  return {
    app: { region: 'us-east-1', account: '111122223333' },
    environment: resolvedLiteral(file.environments[0]),
    environments: file.environments,
    sharedResources: [],
  };
}
