// Cognito identity pools (awsJson1_1, AWSCognitoIdentityService.<Op>).
import { cognitoPage, invalidParameter, requiredString, resourceNotFound } from './cognito-common.ts';
import type { Handler, HandlerContext } from './handler.ts';
import type { IdentityPoolState } from './state.ts';

const identityPoolIdPattern = /[\w-]+:[0-9a-f-]+/;

function lookUpPool(context: HandlerContext, id: string): IdentityPoolState {
  const pool = context.state.regions[context.region]?.identityPools.find((candidate) => candidate.id === id);
  if (!pool) throw resourceNotFound(`IdentityPool '${id}' not found.`);
  return pool;
}

function findPool(context: HandlerContext): IdentityPoolState {
  return lookUpPool(context, requiredString(context, 'IdentityPoolId', identityPoolIdPattern, 55));
}

export const cognitoIdentityOperations: Record<string, Handler> = {
  DescribeIdentityPool(context) {
    const pool = findPool(context);
    return {
      IdentityPoolId: pool.id,
      IdentityPoolName: pool.name,
      AllowUnauthenticatedIdentities: pool.allowUnauthenticated,
      AllowClassicFlow: false,
      CognitoIdentityProviders: pool.cognitoProviders.map((provider) => ({
        ProviderName: provider.providerName,
        ClientId: provider.clientId,
        ServerSideTokenCheck: provider.serverSideTokenCheck,
      })),
      IdentityPoolTags: { ...pool.tags },
    };
  },

  GetIdentityPoolRoles(context) {
    const pool = findPool(context);
    // Only the attached roles appear; an identity pool without roles answers an empty map.
    return { IdentityPoolId: pool.id, Roles: { ...pool.roles } };
  },

  ListIdentityPools(context) {
    const pools = context.state.regions[context.region]?.identityPools ?? [];
    const { page, nextToken } = cognitoPage(context, 'ListIdentityPools', context.region, pools, {
      key: 'MaxResults',
      min: 1,
      max: 60,
      required: true,
    });
    return {
      IdentityPools: page.map((pool) => ({ IdentityPoolId: pool.id, IdentityPoolName: pool.name })),
      NextToken: nextToken,
    };
  },

  ListTagsForResource(context) {
    const arn = requiredString(context, 'ResourceArn', /arn:aws:cognito-identity:.+/, 2048);
    const match = /^arn:aws:cognito-identity:([^:]+):(\d{12}):identitypool\/(.+)$/.exec(arn);
    if (!match) throw invalidParameter(`Invalid ARN: ${arn}`);
    if (match[1] !== context.region || match[2] !== context.state.accountId) {
      throw resourceNotFound(`IdentityPool '${match[3]}' not found.`);
    }
    return { Tags: { ...lookUpPool(context, match[3] ?? '').tags } };
  },
};
