// The thin AWS edge for validation: read every resource the environment names, all at the same time, so the checks
// cost one round trip (plus pages of identity providers) instead of a chain of them. Cognito is read through the
// run's CognitoReader, so what the discovery already read is not read again.
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { roleNameOfArn } from '../core/aws-ids.ts';
import type { Lookup, Wiring } from '../core/checks/types.ts';
import type { CognitoIds } from '../core/config/types.ts';
import { ActionError } from '../core/errors.ts';
import { type AwsSettings, clientConfig } from './client.ts';
import type { CognitoReader } from './cognito-reader.ts';
import { classifyAwsError, describeAwsFailure } from './failure.ts';

export interface WiringOptions {
  /** For IAM (a global service): the app's region. */
  settings: AwsSettings;
  cognito: CognitoReader;
  /** false skips iam:GetRole entirely. */
  checkRoles: boolean;
}

export async function fetchWiring(
  ids: CognitoIds,
  { settings, cognito, checkRoles }: WiringOptions,
): Promise<Wiring> {
  // IAM is bundled with the other clients, not loaded on demand: loaded apart, after the Cognito clients were made,
  // it held back every first request of an apply by 2 to 3 ms (medians of 161 pairs).
  const iam = checkRoles ? new IAMClient(clientConfig(settings)) : undefined;
  const userPool = `user pool ${ids.userPoolId}`;
  const identityPool = `identity pool ${ids.identityPoolId}`;
  const roleArns = [...new Set([ids.authRoleArn, ids.unauthRoleArn, ...Object.values(ids.groups)])];

  const [pool, providers, client, identity, roles, groups, roleLookups] = await Promise.all([
    lookup('cognito-idp:DescribeUserPool', userPool, () => cognito.describeUserPool(ids.userPoolId)),
    lookup('cognito-idp:ListIdentityProviders', userPool, () => cognito.identityProviders(ids.userPoolId)),
    lookup('cognito-idp:DescribeUserPoolClient', `app client ${ids.userPoolClientId}`, () =>
      cognito.describeClient(ids.userPoolId, ids.userPoolClientId),
    ),
    lookup('cognito-identity:DescribeIdentityPool', identityPool, () =>
      cognito.describeIdentityPool(ids.identityPoolId),
    ),
    lookup('cognito-identity:GetIdentityPoolRoles', identityPool, () =>
      cognito.identityPoolRoles(ids.identityPoolId),
    ),
    Promise.all(
      Object.keys(ids.groups).map(
        async (name) =>
          [
            name,
            await lookup('cognito-idp:GetGroup', `group ${name}`, () => cognito.group(ids.userPoolId, name)),
          ] as const,
      ),
    ),
    iam
      ? Promise.all(
          roleArns.map(
            async (arn) =>
              [
                arn,
                await lookup('iam:GetRole', `role ${arn}`, async () => {
                  const { Role } = await iam.send(new GetRoleCommand({ RoleName: roleNameOfArn(arn) }));
                  if (!Role) throw new Error('the answer has no Role');
                  return Role;
                }),
              ] as const,
          ),
        )
      : undefined,
  ]);

  return {
    userPool: pool,
    identityProviders: providers,
    client,
    identityPool: identity,
    identityPoolRoles: roles,
    groups: Object.fromEntries(groups),
    roles: roleLookups && Object.fromEntries(roleLookups),
  };
}

async function lookup<T>(action: string, resource: string, read: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { found: await read() };
  } catch (error) {
    // A list walk that had to stop (paging.ts) has said what happened, naming the action.
    if (error instanceof ActionError) return { failed: error.message };
    const failure = classifyAwsError(error);
    // No credentials fail every read alike: said once, for the run, rather than once for each check.
    if (failure.kind === 'credentials')
      throw new ActionError({ message: describeAwsFailure(error, action, resource) });
    if (failure.kind === 'not-found') return { missing: failure.message };
    if (failure.kind === 'denied') return { denied: `${action}: ${failure.message}` };
    return { failed: describeAwsFailure(error, action, resource) };
  }
}
