// The thin AWS edge for amplify_outputs.json: the Cognito reads referenceAuth makes at deploy time, answered from
// what the run's checks already read where they overlap, handed to the pure builder (src/core/outputs-file.ts).
import { regionOfUserPool } from '../core/aws-ids.ts';
import type { CognitoIds } from '../core/config/types.ts';
import { type AuthOutputs, authOutputs } from '../core/outputs-file.ts';
import type { CognitoReader } from './cognito-reader.ts';
import { readOrStop } from './failure.ts';

/** The auth section for these IDs, in the pools' own region (as referenceAuth, deployed beside them, sees it). */
export async function readAuthOutputs(cognito: CognitoReader, ids: CognitoIds): Promise<AuthOutputs> {
  const pool = `user pool ${ids.userPoolId}`;
  const [userPool, mfa, identityProviders, client, identityPool, groups] = await Promise.all([
    readOrStop('cognito-idp:DescribeUserPool', pool, () => cognito.describeUserPool(ids.userPoolId)),
    readOrStop('cognito-idp:GetUserPoolMfaConfig', pool, () => cognito.mfaConfig(ids.userPoolId)),
    readOrStop('cognito-idp:ListIdentityProviders', pool, () => cognito.identityProviders(ids.userPoolId)),
    readOrStop('cognito-idp:DescribeUserPoolClient', `app client ${ids.userPoolClientId} of ${pool}`, () =>
      cognito.describeClient(ids.userPoolId, ids.userPoolClientId),
    ),
    readOrStop('cognito-identity:DescribeIdentityPool', `identity pool ${ids.identityPoolId}`, () =>
      cognito.describeIdentityPool(ids.identityPoolId),
    ),
    Promise.all(
      Object.keys(ids.groups).map((name) =>
        readOrStop('cognito-idp:GetGroup', `group "${name}" of ${pool}`, () =>
          cognito.group(ids.userPoolId, name),
        ),
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
