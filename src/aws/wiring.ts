// The thin AWS edge for validation: read every resource the environment names, each once and all at the same
// time, so the checks cost one round trip (plus pages of identity providers) instead of a chain of them.
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  type ProviderDescription,
  paginateListIdentityProviders,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { regionOfUserPool, roleNameOfArn } from '../core/aws-ids.ts';
import type { Lookup, Wiring } from '../core/checks/types.ts';
import type { CognitoIds } from '../core/config/types.ts';
import { type AwsSettings, clientConfig } from './client.ts';
import { classifyAwsError, describeAwsFailure } from './failure.ts';

export interface WiringOptions {
  settings: AwsSettings;
  /** false skips iam:GetRole entirely. */
  checkRoles: boolean;
}

/** Cognito allows 5 requests per second per operation and pool for group reads: at most this many at once. */
const GROUP_READS_AT_ONCE = 5;

export async function fetchWiring(ids: CognitoIds, { settings, checkRoles }: WiringOptions): Promise<Wiring> {
  // Cognito is asked in the pools' own region, so a pool in the wrong region is reported as that, not as missing.
  const cognitoSettings = { ...settings, region: regionOfUserPool(ids.userPoolId) };
  const userPools = new CognitoIdentityProviderClient(clientConfig(cognitoSettings));
  const identityPools = new CognitoIdentityClient(clientConfig(cognitoSettings));
  const iam = new IAMClient(clientConfig(settings));

  const userPool = `user pool ${ids.userPoolId}`;
  const identityPool = `identity pool ${ids.identityPoolId}`;
  const roleArns = [...new Set([ids.authRoleArn, ids.unauthRoleArn, ...Object.values(ids.groups)])];
  const groupRead = pLimit(GROUP_READS_AT_ONCE);

  const [pool, providers, client, identity, roles, groups, roleLookups] = await Promise.all([
    lookup('cognito-idp:DescribeUserPool', userPool, async () => {
      const { UserPool } = await userPools.send(new DescribeUserPoolCommand({ UserPoolId: ids.userPoolId }));
      return present(UserPool, 'UserPool');
    }),
    lookup('cognito-idp:ListIdentityProviders', userPool, async () => {
      const all: ProviderDescription[] = [];
      const pages = paginateListIdentityProviders(
        { client: userPools },
        { UserPoolId: ids.userPoolId, MaxResults: 60 },
      );
      for await (const page of pages) all.push(...(page.Providers ?? []));
      return all;
    }),
    lookup('cognito-idp:DescribeUserPoolClient', `app client ${ids.userPoolClientId}`, async () => {
      const command = new DescribeUserPoolClientCommand({
        UserPoolId: ids.userPoolId,
        ClientId: ids.userPoolClientId,
      });
      const { ClientSecret, ...client } = present(
        (await userPools.send(command)).UserPoolClient,
        'UserPoolClient',
      );
      // The secret itself is dropped here, so it can never reach a log, an output or a summary.
      return { ...client, hasSecret: Boolean(ClientSecret) };
    }),
    lookup('cognito-identity:DescribeIdentityPool', identityPool, () =>
      identityPools.send(new DescribeIdentityPoolCommand({ IdentityPoolId: ids.identityPoolId })),
    ),
    lookup('cognito-identity:GetIdentityPoolRoles', identityPool, async () => {
      const { Roles } = await identityPools.send(
        new GetIdentityPoolRolesCommand({ IdentityPoolId: ids.identityPoolId }),
      );
      return Roles ?? {}; // absent when the pool has no roles attached
    }),
    Promise.all(
      Object.keys(ids.groups).map((name) =>
        groupRead(
          async () =>
            [
              name,
              await lookup('cognito-idp:GetGroup', `group ${name}`, async () => {
                const { Group } = await userPools.send(
                  new GetGroupCommand({ UserPoolId: ids.userPoolId, GroupName: name }),
                );
                return present(Group, 'Group');
              }),
            ] as const,
        ),
      ),
    ),
    checkRoles
      ? Promise.all(
          roleArns.map(
            async (arn) =>
              [
                arn,
                await lookup('iam:GetRole', `role ${arn}`, async () => {
                  const { Role } = await iam.send(new GetRoleCommand({ RoleName: roleNameOfArn(arn) }));
                  return present(Role, 'Role');
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
    const failure = classifyAwsError(error);
    if (failure.kind === 'not-found') return { missing: failure.message };
    if (failure.kind === 'denied') return { denied: `${action}: ${failure.message}` };
    return { failed: describeAwsFailure(error, action, resource) };
  }
}

/** The SDK types every output member as optional; a 200 without the resource is a broken answer. */
function present<T>(value: T | undefined, member: string): T {
  if (value === undefined) throw new Error(`the answer has no ${member}`);
  return value;
}
