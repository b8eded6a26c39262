// The run's Cognito reads (src/aws/cognito-reader.ts) through the real SDK against the local AWS: each resource is
// read once per run, but two resources read by the same reader never share an answer, and a list that names a
// resource on two pages gives it once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pagingQuirks } from '../local-aws/pagination.ts';
import { CognitoReader } from '../src/aws/cognito-reader.ts';
import { startTestAws, type TestAws } from './support/aws.ts';

const PRODUCTION = { pool: 'us-east-1_PrOd12345', client: '4prodclient5example6abcdef' };
const STAGING = { pool: 'us-east-1_StAg12345', client: '4stagclient5example6abcdef' };
const LEGACY_POOL = 'us-east-1_LeGacy001';
const PRODUCTION_IDENTITY_POOL = 'us-east-1:11111111-1111-4111-8111-111111111111';
const STAGING_IDENTITY_POOL = 'us-east-1:22222222-2222-4222-8222-222222222222';

let aws: TestAws;
let saved: NodeJS.ProcessEnv;
/** The reader as the action builds it, its clients aimed at the local AWS (through the SDK's environment). */
let reader: CognitoReader;

beforeEach(async () => {
  aws = await startTestAws();
  saved = process.env;
  process.env = { ...saved, ...aws.env() };
  reader = new CognitoReader({ region: 'us-east-1', tuning: { backoff: () => 0 } });
});
afterEach(async () => {
  process.env = saved;
  await aws.close();
});

const sent = (operation: string) => aws.requests.filter((request) => request.operation === operation).length;

describe('two resources read by one reader each get their own answer', () => {
  it('two user pools: each its own MFA set-up, identity providers and app client; each read once', async () => {
    const production = aws.state.userPool(PRODUCTION.pool);
    if (!production) throw new Error('sample seed changed');
    production.mfaConfiguration = 'ON';
    production.mfaMethods = ['TOTP'];

    const [stagingMfa, productionMfa] = [
      await reader.mfaConfig(STAGING.pool),
      await reader.mfaConfig(PRODUCTION.pool),
    ];
    expect([stagingMfa.MfaConfiguration, productionMfa.MfaConfiguration]).toEqual(['OFF', 'ON']);

    const [stagingProviders, legacyProviders] = [
      await reader.identityProviders(STAGING.pool),
      await reader.identityProviders(LEGACY_POOL),
    ];
    expect(stagingProviders).toEqual([]);
    expect(legacyProviders.map((provider) => provider.ProviderName)).toEqual(['Google']);

    const [stagingClient, productionClient] = [
      await reader.describeClient(STAGING.pool, STAGING.client),
      await reader.describeClient(PRODUCTION.pool, PRODUCTION.client),
    ];
    expect([stagingClient.ClientName, productionClient.ClientName]).toEqual([
      'storefront-web-staging',
      'storefront-web-production',
    ]);

    // Asked again, each is answered from the first read.
    await reader.mfaConfig(STAGING.pool);
    await reader.identityProviders(LEGACY_POOL);
    await reader.describeClient(PRODUCTION.pool, PRODUCTION.client);
    expect([
      sent('GetUserPoolMfaConfig'),
      sent('ListIdentityProviders'),
      sent('DescribeUserPoolClient'),
    ]).toEqual([2, 2, 2]);
  });

  it('two identity pools: each its own roles', async () => {
    const staging = await reader.identityPoolRoles(STAGING_IDENTITY_POOL);
    const production = await reader.identityPoolRoles(PRODUCTION_IDENTITY_POOL);
    expect(staging.authenticated).toBe('arn:aws:iam::111122223333:role/amplify-auth-staging-auth');
    expect(production.authenticated).toBe('arn:aws:iam::111122223333:role/amplify-auth-production-auth');
  });
});

describe('a resource listed on two pages is read once', () => {
  it("an identity provider the list repeats on a second page: the pool's providers hold it once", async () => {
    pagingQuirks(aws.state).push({ kind: 'repeat-item', operation: 'ListIdentityProviders', times: 1 });
    const providers = await reader.identityProviders(LEGACY_POOL);
    expect(pagingQuirks(aws.state)).toEqual([]); // the provider was listed twice
    expect(providers.map((provider) => provider.ProviderName)).toEqual(['Google']);
  });

  it("a group the list repeats on a second page: the pool's groups hold it once", async () => {
    pagingQuirks(aws.state).push({ kind: 'repeat-item', operation: 'ListGroups', times: 1 });
    const groups = await reader.groups(STAGING.pool);
    expect(pagingQuirks(aws.state)).toEqual([]);
    expect(groups.map((group) => group.GroupName)).toEqual(['ADMINS']);
  });
});
