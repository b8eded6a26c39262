// The environment's IDs: as the file gives them, or found in AWS. The discovery, and the Tagging API it may ask, are
// loaded only for an environment that looks an ID up: an environment given whole starts without them.
import { type Environment, type ResolvedEnvironment, resolvedFromFile } from '../core/config/types.ts';
import type { AwsSettings } from './client.ts';
import type { CognitoReader } from './cognito-reader.ts';

/** Every ID of the environment, given or found in `settings.region`; an ActionError lists every lookup that failed. */
export async function environmentIds(
  environment: Environment,
  { settings, cognito }: { settings: AwsSettings; cognito: CognitoReader },
): Promise<ResolvedEnvironment> {
  const given = resolvedFromFile(environment);
  if (given) return given;
  const [{ resolveEnvironment }, { TaggingApi }] = await Promise.all([
    import('./discovery.ts'),
    import('./tagged-resources.ts'),
  ]);
  return resolveEnvironment(environment, {
    region: settings.region,
    cognito,
    tagged: new TaggingApi(settings),
  });
}
