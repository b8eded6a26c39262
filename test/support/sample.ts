// The sample account the suites share: the Amplify app of local-aws/sample-seed.json, the environments file that
// goes with it, and the values the file's staging environment resolves to.
import { readFileSync } from 'node:fs';

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
