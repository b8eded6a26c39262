// The sample account the suites share: the Amplify app of local-aws/sample-seed.json, the environments file that
// goes with it, and the values the file's staging environment resolves to.
import { readFileSync } from 'node:fs';
import type { State } from '../../local-aws/state.ts';

export const APP = 'd1exampleapp01';
export const SAMPLE = readFileSync('sample/amplify-auth.yml', 'utf8');
export const STAGING = {
  USER_POOL_ID: 'us-east-1_StAg12345',
  USER_POOL_CLIENT_ID: '4stagclient5example6abcdef',
  IDENTITY_POOL_ID: 'us-east-1:22222222-2222-4222-8222-222222222222',
  AUTH_ROLE_ARN: 'arn:aws:iam::111122223333:role/amplify-auth-staging-auth',
  UNAUTH_ROLE_ARN: 'arn:aws:iam::111122223333:role/amplify-auth-staging-unauth',
  USER_POOL_GROUPS: '{"ADMINS":"arn:aws:iam::111122223333:role/amplify-auth-staging-admins"}',
};
export const DEVELOPMENT = {
  USER_POOL_ID: 'us-east-1_DeV12345x',
  USER_POOL_CLIENT_ID: '4devclient05example6abcdef',
  IDENTITY_POOL_ID: 'us-east-1:33333333-3333-4333-8333-333333333333',
  AUTH_ROLE_ARN: 'arn:aws:iam::111122223333:role/amplify-auth-development-auth',
  UNAUTH_ROLE_ARN: 'arn:aws:iam::111122223333:role/amplify-auth-development-unauth',
};
export const PRODUCTION = {
  USER_POOL_ID: 'us-east-1_PrOd12345',
  USER_POOL_CLIENT_ID: '4prodclient5example6abcdef',
  IDENTITY_POOL_ID: 'us-east-1:11111111-1111-4111-8111-111111111111',
  AUTH_ROLE_ARN: 'arn:aws:iam::111122223333:role/amplify-auth-production-auth',
  UNAUTH_ROLE_ARN: 'arn:aws:iam::111122223333:role/amplify-auth-production-unauth',
  USER_POOL_GROUPS: '{"ADMINS":"arn:aws:iam::111122223333:role/amplify-auth-production-admins"}',
};

/** The lines of the sample's staging environment that give its IDs, one a key, as the environments file has them. */
export const STAGING_LINES = {
  userPool: `userPoolId: ${STAGING.USER_POOL_ID}`,
  client: `userPoolClientId: ${STAGING.USER_POOL_CLIENT_ID}`,
  identityPool: `identityPoolId: ${STAGING.IDENTITY_POOL_ID}`,
  auth: `authRoleArn: ${STAGING.AUTH_ROLE_ARN}`,
  unauth: `unauthRoleArn: ${STAGING.UNAUTH_ROLE_ARN}`,
  groups: 'groups:\n      ADMINS: arn:aws:iam::111122223333:role/amplify-auth-staging-admins',
};

/** The sample file with its staging environment written with `lines` instead of its IDs. */
export function stagingAs(lines: string[]): string {
  const start = SAMPLE.indexOf('  staging:\n');
  const end = SAMPLE.indexOf('  development:\n');
  const staging = [
    '  staging:',
    '    branches: [staging, "release/*"]',
    ...lines.map((line) => `    ${line}`),
  ];
  return `${SAMPLE.slice(0, start)}${staging.join('\n')}\n${SAMPLE.slice(end)}`;
}

/** The IDs of the production user pool and identity pool as {@link productionInEurope} creates them. */
export const PRODUCTION_IN_EUROPE = {
  USER_POOL_ID: 'eu-west-1_EuRoPe777',
  IDENTITY_POOL_ID: 'eu-west-1:77777777-7777-4777-8777-777777777777',
};

/**
 * Adds the production user pool and identity pool to the local AWS as they would be if created in eu-west-1 (the
 * identity pool trusting that pool and the same client); returns the sample file with its production entry using
 * them.
 */
export function productionInEurope(state: State): string {
  const pool = structuredClone(state.userPool(PRODUCTION.USER_POOL_ID));
  const identity = structuredClone(state.identityPool(PRODUCTION.IDENTITY_POOL_ID));
  if (!pool || !identity) throw new Error('seed: no production pools');
  pool.id = PRODUCTION_IN_EUROPE.USER_POOL_ID;
  identity.id = PRODUCTION_IN_EUROPE.IDENTITY_POOL_ID;
  identity.cognitoProviders = [
    {
      providerName: `cognito-idp.eu-west-1.amazonaws.com/${pool.id}`,
      clientId: PRODUCTION.USER_POOL_CLIENT_ID,
      serverSideTokenCheck: false,
    },
  ];
  state.region('eu-west-1').userPools.push(pool);
  state.region('eu-west-1').identityPools.push(identity);
  return SAMPLE.replace(`userPoolId: ${PRODUCTION.USER_POOL_ID}`, `userPoolId: ${pool.id}`).replace(
    `identityPoolId: ${PRODUCTION.IDENTITY_POOL_ID}`,
    `identityPoolId: ${identity.id}`,
  );
}
