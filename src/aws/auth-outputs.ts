// The thin AWS edge for amplify_outputs.json: the Cognito reads referenceAuth makes at deploy time, answered from
// what the run's checks already read where they overlap, handed to the pure builder (src/core/outputs-file.ts).
import { regionOfUserPool } from '../core/aws-ids.ts';
import type { CognitoIds } from '../core/config/types.ts';
import { ActionError } from '../core/errors.ts';
import { type AuthOutputs, authOutputs } from '../core/outputs-file.ts';
import type { CognitoReader } from './cognito-reader.ts';
import { describeAwsFailure } from './failure.ts';

/** The auth section for these IDs, in the pools' own region (as referenceAuth, deployed beside them, sees it). */
export async function readAuthOutputs(cognito: CognitoReader, ids: CognitoIds): Promise<AuthOutputs> {
  const read = async <T>(action: string, body: () => Promise<T>): Promise<T> => {
    try {
      return await body();
    } catch (error) {
      throw new ActionError({ message: describeAwsFailure(error, action, `user pool ${ids.userPoolId}`) });
    }
  };
  const [userPool, mfa, identityProviders, client, identityPool, groups] = await Promise.all([
    read('cognito-idp:DescribeUserPool', () => cognito.describeUserPool(ids.userPoolId)),
    read('cognito-idp:GetUserPoolMfaConfig', () => cognito.mfaConfig(ids.userPoolId)),
    read('cognito-idp:ListIdentityProviders', () => cognito.identityProviders(ids.userPoolId)),
    read('cognito-idp:DescribeUserPoolClient', () =>
      cognito.describeClient(ids.userPoolId, ids.userPoolClientId),
    ),
    read('cognito-identity:DescribeIdentityPool', () => cognito.describeIdentityPool(ids.identityPoolId)),
    Promise.all(
      Object.keys(ids.groups).map((name) =>
        read('cognito-idp:GetGroup', () => cognito.group(ids.userPoolId, name)),
      ),
    ),
  ]);
  return authOutputs({
    region: regionOfUserPool(ids.userPoolId),
    userPool,
    mfa,
    identityProviders,
    client,
    identityPool: {
      IdentityPoolId: identityPool.IdentityPoolId ?? ids.identityPoolId,
      AllowUnauthenticatedIdentities: identityPool.AllowUnauthenticatedIdentities ?? false,
    },
    groups,
  });
}
