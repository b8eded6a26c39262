// Cognito user pools (awsJson1_1, AWSCognitoIdentityProviderService.<Op>): the read operations the action uses.
import { cognitoPage, invalidParameter, requiredString, resourceNotFound } from './cognito-common.ts';
import type { Handler, HandlerContext } from './handler.ts';
import type { GroupState, UserPoolClientState, UserPoolState } from './state.ts';

const userPoolIdPattern = /[\w-]+_[0-9a-zA-Z]+/;
const clientIdPattern = /[\w+]+/;

function poolArn(context: HandlerContext, pool: UserPoolState): string {
  return `arn:aws:cognito-idp:${context.region}:${context.state.accountId}:userpool/${pool.id}`;
}

/** A pool is only visible in its own region, as with the real regional endpoints. */
function lookUpPool(context: HandlerContext, id: string): UserPoolState {
  const pool = context.state.regions[context.region]?.userPools.find((candidate) => candidate.id === id);
  if (!pool) throw resourceNotFound(`User pool ${id} does not exist.`);
  return pool;
}

function findPool(context: HandlerContext): UserPoolState {
  return lookUpPool(context, requiredString(context, 'UserPoolId', userPoolIdPattern, 55));
}

/** Cognito leaves empty lists and unset values out of its answers. */
function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? [...items] : undefined;
}

const standardAttributes = ['sub', 'email', 'email_verified', 'name', 'updated_at'];

function userPoolOutput(context: HandlerContext, pool: UserPoolState) {
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: poolArn(context, pool),
    Policies: {
      PasswordPolicy: pool.passwordPolicy ? { ...pool.passwordPolicy } : undefined,
      SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] },
    },
    DeletionProtection: 'INACTIVE',
    LambdaConfig: {},
    LastModifiedDate: pool.updateTime,
    CreationDate: pool.createTime,
    SchemaAttributes: standardAttributes.map((name) => ({
      Name: name,
      AttributeDataType: name === 'email_verified' ? 'Boolean' : name === 'updated_at' ? 'Number' : 'String',
      DeveloperOnlyAttribute: false,
      Mutable: name !== 'sub',
      Required: name === 'sub',
    })),
    AutoVerifiedAttributes: ['email'],
    AliasAttributes: nonEmpty(pool.aliasAttributes),
    UsernameAttributes: nonEmpty(pool.usernameAttributes),
    VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
    UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: [] },
    MfaConfiguration: pool.mfaConfiguration,
    EstimatedNumberOfUsers: 0,
    EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' },
    UserPoolTags: pool.tags,
    Domain: pool.domain,
    CustomDomain: pool.customDomain,
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
    UsernameConfiguration: { CaseSensitive: false },
    AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: 'verified_email' }] },
    UserPoolTier: 'ESSENTIALS',
  };
}

function groupOutput(pool: UserPoolState, group: GroupState) {
  return {
    GroupName: group.groupName,
    UserPoolId: pool.id,
    Description: group.description,
    RoleArn: group.roleArn,
    Precedence: group.precedence,
    LastModifiedDate: group.createTime,
    CreationDate: group.createTime,
  };
}

function clientOutput(pool: UserPoolState, client: UserPoolClientState) {
  const oauth = client.allowedOAuthFlows.length > 0;
  return {
    UserPoolId: pool.id,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ClientSecret: client.clientSecret, // present only for clients that have one
    LastModifiedDate: client.createTime,
    CreationDate: client.createTime,
    RefreshTokenValidity: 30,
    AccessTokenValidity: 60,
    IdTokenValidity: 60,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
    SupportedIdentityProviders: nonEmpty(client.supportedIdentityProviders),
    CallbackURLs: nonEmpty(client.callbackUrls),
    LogoutURLs: nonEmpty(client.logoutUrls),
    AllowedOAuthFlows: nonEmpty(client.allowedOAuthFlows),
    AllowedOAuthScopes: nonEmpty(client.allowedOAuthScopes),
    AllowedOAuthFlowsUserPoolClient: oauth,
    PreventUserExistenceErrors: 'ENABLED',
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
  };
}

export const cognitoIdpOperations: Record<string, Handler> = {
  DescribeUserPool(context) {
    return { UserPool: userPoolOutput(context, findPool(context)) };
  },

  GetUserPoolMfaConfig(context) {
    const pool = findPool(context);
    return {
      MfaConfiguration: pool.mfaConfiguration,
      // Cognito answers only the configurations the pool has.
      SmsMfaConfiguration: pool.mfaMethods.includes('SMS')
        ? {
            SmsAuthenticationMessage: 'Your code is {####}',
            SmsConfiguration: {
              SnsCallerArn: `arn:aws:iam::${context.state.accountId}:role/cognito-sms`,
              ExternalId: pool.id,
              SnsRegion: context.region,
            },
          }
        : undefined,
      SoftwareTokenMfaConfiguration: { Enabled: pool.mfaMethods.includes('TOTP') },
      EmailMfaConfiguration: pool.mfaMethods.includes('EMAIL')
        ? { Message: 'Your code is {####}', Subject: 'Your sign-in code' }
        : undefined,
    };
  },

  ListIdentityProviders(context) {
    const pool = findPool(context);
    const { page, nextToken } = cognitoPage(
      context,
      'ListIdentityProviders',
      pool.id,
      pool.identityProviders,
      {
        key: 'MaxResults',
        min: 1,
        max: 60,
        required: false,
      },
    );
    return {
      Providers: page.map((provider) => ({
        ProviderName: provider.providerName,
        ProviderType: provider.providerType,
        LastModifiedDate: provider.createTime,
        CreationDate: provider.createTime,
      })),
      NextToken: nextToken,
    };
  },

  ListGroups(context) {
    const pool = findPool(context);
    const { page, nextToken } = cognitoPage(context, 'ListGroups', pool.id, pool.groups, {
      key: 'Limit',
      min: 0,
      max: 60,
      required: false,
    });
    return { Groups: page.map((group) => groupOutput(pool, group)), NextToken: nextToken };
  },

  GetGroup(context) {
    const groupName = requiredString(context, 'GroupName', /[\p{L}\p{M}\p{S}\p{N}\p{P}]+/u, 128);
    const pool = findPool(context);
    const group = pool.groups.find((candidate) => candidate.groupName === groupName);
    if (!group) throw resourceNotFound('Group not found.');
    return { Group: groupOutput(pool, group) };
  },

  DescribeUserPoolClient(context) {
    const clientId = requiredString(context, 'ClientId', clientIdPattern, 128);
    const pool = findPool(context);
    const client = pool.clients.find((candidate) => candidate.clientId === clientId);
    if (!client) throw resourceNotFound(`User pool client ${clientId} does not exist.`);
    return { UserPoolClient: clientOutput(pool, client) };
  },

  ListUserPoolClients(context) {
    const pool = findPool(context);
    const { page, nextToken } = cognitoPage(context, 'ListUserPoolClients', pool.id, pool.clients, {
      key: 'MaxResults',
      min: 1,
      max: 60,
      required: false,
    });
    return {
      UserPoolClients: page.map((client) => ({
        ClientId: client.clientId,
        UserPoolId: pool.id,
        ClientName: client.clientName,
      })),
      NextToken: nextToken,
    };
  },

  ListUserPools(context) {
    const pools = context.state.regions[context.region]?.userPools ?? [];
    const { page, nextToken } = cognitoPage(context, 'ListUserPools', context.region, pools, {
      key: 'MaxResults',
      min: 1,
      max: 60,
      required: true,
    });
    return {
      UserPools: page.map((pool) => ({
        Id: pool.id,
        Name: pool.name,
        LambdaConfig: {},
        LastModifiedDate: pool.updateTime,
        CreationDate: pool.createTime,
      })),
      NextToken: nextToken,
    };
  },

  ListTagsForResource(context) {
    const arn = requiredString(
      context,
      'ResourceArn',
      /arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?/,
      2048,
    );
    const match = /^arn:aws:cognito-idp:([^:]+):(\d{12}):userpool\/(.+)$/.exec(arn);
    if (!match) throw invalidParameter(`Invalid ARN: ${arn}`);
    if (match[1] !== context.region || match[2] !== context.state.accountId) {
      throw resourceNotFound(`User pool ${match[3]} does not exist.`);
    }
    return { Tags: { ...lookUpPool(context, match[3] ?? '').tags } };
  },
};
