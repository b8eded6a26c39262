// The local AWS endpoint, exercised only through the real SDK v3 clients (and fetch for the raw-HTTP cases).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  CreateBranchCommand,
  GetAppCommand,
  GetBranchCommand,
  GetJobCommand,
  ListJobsCommand,
  ListWebhooksCommand,
  paginateListBranches,
  StartJobCommand,
  StopJobCommand,
  UpdateBranchCommand,
} from '@aws-sdk/client-amplify';
import {
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
  ListTagsForResourceCommand as ListIdentityPoolTagsCommand,
  paginateListIdentityPools,
} from '@aws-sdk/client-cognito-identity';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  GetUserPoolMfaConfigCommand,
  ListGroupsCommand,
  ListIdentityProvidersCommand,
  ListTagsForResourceCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  paginateListGroups,
  paginateListUserPools,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetRoleCommand, ListRolesCommand, paginateListRoleTags } from '@aws-sdk/client-iam';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadSeed, sampleSeedPath } from '../local-aws/seed.ts';
import { type LocalAws, type RecordedRequest, startLocalAws } from '../local-aws/server.ts';
import { clientsFor, credentials, failure, lastRequest, sigv4 } from './support/sdk.ts';

const appId = 'd1exampleapp01';
const prodPool = 'us-east-1_PrOd12345';
const prodClient = '4prodclient5example6abcdef';
const prodIdentityPool = 'us-east-1:11111111-1111-4111-8111-111111111111';

let aws: LocalAws;
let sdk: ReturnType<typeof clientsFor>;

beforeEach(async () => {
  aws = await startLocalAws();
  sdk = clientsFor(aws);
});

afterEach(async () => {
  await aws.close();
});

describe('sample seed', () => {
  it('matches sample/amplify-auth.yml resource by resource', async () => {
    const file = parseYaml(readFileSync(new URL('../sample/amplify-auth.yml', import.meta.url), 'utf8')) as {
      environments: Record<
        string,
        {
          userPoolId: string;
          userPoolClientId: string;
          identityPoolId: string;
          authRoleArn: string;
          unauthRoleArn: string;
          groups?: Record<string, string>;
        }
      >;
    };
    expect(Object.keys(file.environments)).toEqual(['production', 'staging', 'development']);
    // Staging is found by tag (the discovery suites prove what it resolves to); the others give their IDs.
    const literal = Object.entries(file.environments).filter(([, env]) => env.userPoolId);
    expect(literal.map(([name]) => name)).toEqual(['production', 'development']);
    for (const [name, env] of literal) {
      const { UserPool } = await sdk.idp.send(new DescribeUserPoolCommand({ UserPoolId: env.userPoolId }));
      expect(UserPool?.Policies?.PasswordPolicy).toBeDefined();
      expect(UserPool?.AliasAttributes).toBeUndefined();
      expect(UserPool?.UserPoolTags).toEqual({ 'amplify-auth:environment': name });
      const { UserPoolClient } = await sdk.idp.send(
        new DescribeUserPoolClientCommand({ UserPoolId: env.userPoolId, ClientId: env.userPoolClientId }),
      );
      expect(UserPoolClient).not.toHaveProperty('ClientSecret');
      const pool = await sdk.identity.send(
        new DescribeIdentityPoolCommand({ IdentityPoolId: env.identityPoolId }),
      );
      expect(pool.CognitoIdentityProviders).toContainEqual({
        ProviderName: `cognito-idp.us-east-1.amazonaws.com/${env.userPoolId}`,
        ClientId: env.userPoolClientId,
        ServerSideTokenCheck: false,
      });
      expect(pool.IdentityPoolTags).toEqual({ 'amplify-auth:environment': name });
      const { Roles } = await sdk.identity.send(
        new GetIdentityPoolRolesCommand({ IdentityPoolId: env.identityPoolId }),
      );
      expect(Roles).toEqual({ authenticated: env.authRoleArn, unauthenticated: env.unauthRoleArn });
      const { Groups } = await sdk.idp.send(new ListGroupsCommand({ UserPoolId: env.userPoolId }));
      expect(Object.fromEntries((Groups ?? []).map((group) => [group.GroupName, group.RoleArn]))).toEqual(
        env.groups ?? {},
      );
      const roles: [string, string][] = [
        [env.authRoleArn, 'authenticated'],
        [env.unauthRoleArn, 'unauthenticated'],
        ...Object.values(env.groups ?? {}).map((arn): [string, string] => [arn, 'authenticated']),
      ];
      for (const [arn, amr] of roles) {
        const { Role } = await sdk.iam.send(new GetRoleCommand({ RoleName: arn.split('/').at(-1) }));
        expect(Role?.Arn).toBe(arn);
        expect(Role?.Tags).toContainEqual({ Key: 'amplify-auth:environment', Value: name });
        const trust = JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''));
        expect(trust.Statement[0]).toMatchObject({
          Effect: 'Allow',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': env.identityPoolId },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
          },
        });
      }
    }
  });

  it('holds the storefront app with three branches and no Cognito variables yet', async () => {
    const names: string[] = [];
    for await (const page of paginateListBranches({ client: sdk.amplify }, { appId })) {
      for (const branch of page.branches ?? []) {
        names.push(branch.branchName ?? '');
        expect(Object.keys(branch.environmentVariables ?? {})).toEqual(['API_URL', 'FEATURE_FLAGS']);
      }
    }
    expect(names).toEqual(['main', 'staging', 'feature/login']);
  });
});

describe('loadSeed', () => {
  it('returns an independent copy on every call', () => {
    const seed = JSON.parse(readFileSync(sampleSeedPath, 'utf8'));
    const first = loadSeed(seed);
    const second = loadSeed(seed);
    first.setBranchVariables(appId, 'main', { ONLY: '1' });
    expect(second.branchVariables(appId, 'main')).toEqual({
      API_URL: 'https://api.example.com',
      FEATURE_FLAGS: 'checkout-v2',
    });
    expect(loadSeed(sampleSeedPath).branchVariables(appId, 'main')).toHaveProperty('FEATURE_FLAGS');
    expect(seed.regions['us-east-1'].amplifyApps[0].branches[0].environmentVariables).not.toHaveProperty(
      'ONLY',
    );
  });

  it('fills defaults for a minimal seed', () => {
    const state = loadSeed({
      account: '123456789012',
      regions: { 'eu-west-1': { userPools: [{ id: 'eu-west-1_Min1', name: 'minimal' }] } },
    });
    const pool = state.userPool('eu-west-1_Min1');
    expect(pool?.passwordPolicy?.MinimumLength).toBe(8);
    expect(pool?.mfaConfiguration).toBe('OFF');
    expect(state.caller.arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\//);
  });

  it.each([
    [{ account: '1', regions: {} }, /seed\.account/],
    [{ account: '123456789012', regions: {}, extra: 1 }, /seed\.extra: unknown field/],
    [
      {
        account: '123456789012',
        regions: { 'us-east-1': { userPools: [{ id: 'eu-west-1_X1', name: 'x' }] } },
      },
      /userPools\[0\]\.id: a user pool in us-east-1/,
    ],
    [
      {
        account: '123456789012',
        regions: {
          'us-east-1': {
            amplifyApps: [{ appId: 'd1', name: 'a', branches: [{ name: 'm' }, { name: 'm' }] }],
          },
        },
      },
      /duplicate branch m/,
    ],
    [
      {
        account: '123456789012',
        roles: [{ arn: 'arn:aws:iam::999999999999:role/x', trustPolicy: {} }],
        regions: {},
      },
      /not the seed account/,
    ],
  ])('rejects an invalid seed with a message naming the field (%#)', (seed, message) => {
    expect(() => loadSeed(seed as never)).toThrow(message);
  });
});

describe('Amplify', () => {
  it('GetApp answers the app with app-level variables and epoch timestamps', async () => {
    const { app } = await sdk.amplify.send(new GetAppCommand({ appId }));
    expect(app).toMatchObject({
      appId,
      appArn: `arn:aws:amplify:us-east-1:111122223333:apps/${appId}`,
      name: 'storefront',
      defaultDomain: `${appId}.amplifyapp.com`,
      platform: 'WEB_COMPUTE',
      environmentVariables: { NEXT_TELEMETRY_DISABLED: '1' },
    });
    expect(app?.createTime).toBeInstanceOf(Date);
    expect(app?.createTime?.toISOString()).toBe('2025-01-15T10:00:00.000Z');
  });

  it('GetApp: malformed id, missing app and an app in another region', async () => {
    const malformed = await failure(sdk.amplify.send(new GetAppCommand({ appId: 'not-an-app' })));
    expect(malformed.name).toBe('BadRequestException');
    expect(malformed.$metadata.httpStatusCode).toBe(400);
    const missing = await failure(sdk.amplify.send(new GetAppCommand({ appId: 'd123' })));
    expect(missing.name).toBe('NotFoundException');
    expect(missing.$metadata.httpStatusCode).toBe(404);
    expect(missing.message).toBe('App d123 not found.');
    const elsewhere = clientsFor(aws, { region: 'eu-west-1' });
    expect((await failure(elsewhere.amplify.send(new GetAppCommand({ appId })))).name).toBe(
      'NotFoundException',
    );
    expect(lastRequest(aws).region).toBe('eu-west-1');
  });

  it('GetBranch decodes a branch name holding a slash', async () => {
    const { branch } = await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'feature/login' }));
    expect(branch).toMatchObject({
      branchName: 'feature/login',
      displayName: 'feature-login',
      stage: 'DEVELOPMENT',
      branchArn: `arn:aws:amplify:us-east-1:111122223333:apps/${appId}/branches/feature/login`,
      environmentVariables: { API_URL: 'https://api.dev.example.com', FEATURE_FLAGS: 'login-redesign' },
    });
    expect(lastRequest(aws)).toEqual({
      service: 'amplify',
      operation: 'GetBranch',
      input: { appId, branchName: 'feature/login' },
      status: 200,
      region: 'us-east-1',
      accessKeyId: credentials.accessKeyId,
      userAgent: expect.stringMatching(/^aws-sdk-js\//),
    });
    const missing = await failure(sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'feature/x' })));
    expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual([
      'NotFoundException',
      'Branch feature/x not found.',
      404,
    ]);
  });

  it('UpdateBranch replaces the whole map, and an empty map changes nothing', async () => {
    const before = aws.state.branch(appId, 'feature/login')?.updateTime ?? 0;
    const { branch } = await sdk.amplify.send(
      new UpdateBranchCommand({
        appId,
        branchName: 'feature/login',
        environmentVariables: { API_URL: 'https://api.dev.example.com', USER_POOL_ID: prodPool },
      }),
    );
    expect(branch?.environmentVariables).toEqual({
      API_URL: 'https://api.dev.example.com',
      USER_POOL_ID: prodPool,
    });
    expect(aws.state.branchVariables(appId, 'feature/login')).not.toHaveProperty('FEATURE_FLAGS');
    expect(branch?.updateTime?.getTime()).toBeGreaterThan(before * 1000);

    await sdk.amplify.send(
      new UpdateBranchCommand({ appId, branchName: 'feature/login', environmentVariables: {} }),
    );
    await sdk.amplify.send(
      new UpdateBranchCommand({ appId, branchName: 'feature/login', enableAutoBuild: false }),
    );
    expect(aws.state.branchVariables(appId, 'feature/login')).toEqual({
      API_URL: 'https://api.dev.example.com',
      USER_POOL_ID: prodPool,
    });
    expect(aws.state.branch(appId, 'feature/login')?.enableAutoBuild).toBe(false);
  });

  it.each([
    ['a reserved AWS name', { AWS_REGION: 'us-east-1' }],
    ['an empty name', { '': 'x' }],
    ['a name over 255 characters', { ['N'.repeat(256)]: 'x' }],
    ['a value over 5500 characters', { BIG: 'v'.repeat(5501) }],
  ])('UpdateBranch rejects %s and keeps the old map', async (_label, environmentVariables) => {
    const error = await failure(
      sdk.amplify.send(new UpdateBranchCommand({ appId, branchName: 'main', environmentVariables })),
    );
    expect(error.name).toBe('BadRequestException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(aws.state.branchVariables(appId, 'main')).toEqual({
      API_URL: 'https://api.example.com',
      FEATURE_FLAGS: 'checkout-v2',
    });
  });

  it('CreateBranch adds a branch and refuses a duplicate', async () => {
    const { branch } = await sdk.amplify.send(
      new CreateBranchCommand({
        appId,
        branchName: 'release/2.0',
        stage: 'BETA',
        environmentVariables: { A: '1' },
      }),
    );
    expect(branch).toMatchObject({
      branchName: 'release/2.0',
      stage: 'BETA',
      environmentVariables: { A: '1' },
    });
    expect(aws.state.branchVariables(appId, 'release/2.0')).toEqual({ A: '1' });
    const duplicate = await failure(sdk.amplify.send(new CreateBranchCommand({ appId, branchName: 'main' })));
    expect(duplicate.name).toBe('BadRequestException');
  });

  it('ListBranches pages with the SDK paginator; ListJobs rejects maxResults over 50 and a forged token', async () => {
    const names: string[] = [];
    for await (const page of paginateListBranches({ client: sdk.amplify, pageSize: 1 }, { appId })) {
      expect(page.branches).toHaveLength(1);
      names.push(...(page.branches ?? []).map((branch) => branch.branchName ?? ''));
    }
    expect(names).toEqual(['main', 'staging', 'feature/login']);
    const tooMany = await failure(
      sdk.amplify.send(new ListJobsCommand({ appId, branchName: 'main', maxResults: 51 })),
    );
    expect(tooMany.name).toBe('BadRequestException');
    const forged = await failure(
      sdk.amplify.send(
        new ListJobsCommand({ appId, branchName: 'main', nextToken: Buffer.from('1').toString('base64') }),
      ),
    );
    expect(forged.name).toBe('BadRequestException');
  });

  it('runs a job to SUCCEED as the virtual clock moves; GetJob alone moves nothing by default', async () => {
    aws.state.releaseCommitId = 'label';
    const { jobSummary } = await sdk.amplify.send(
      new StartJobCommand({ appId, branchName: 'main', jobType: 'RELEASE', commitId: 'abc123' }),
    );
    expect(jobSummary).toMatchObject({
      jobId: '2',
      status: 'PENDING',
      jobType: 'RELEASE',
      commitId: 'abc123',
    });
    const status = async () =>
      (await sdk.amplify.send(new GetJobCommand({ appId, branchName: 'main', jobId: '2' }))).job?.summary
        ?.status;
    expect([await status(), await status()]).toEqual(['PENDING', 'PENDING']);
    aws.advanceJobs(3600);
    expect(await status()).toBe('SUCCEED');
    const { jobSummaries } = await sdk.amplify.send(new ListJobsCommand({ appId, branchName: 'main' }));
    expect(jobSummaries?.map((job) => [job.jobId, job.status])).toEqual([
      ['2', 'SUCCEED'],
      ['1', 'SUCCEED'],
    ]);
    const missing = await failure(
      sdk.amplify.send(new GetJobCommand({ appId, branchName: 'main', jobId: '99' })),
    );
    expect(missing.name).toBe('NotFoundException');
  });

  it('where Amplify refuses a busy branch: a second job while one runs is LimitExceededException 429; fails a job on request', async () => {
    aws.state.startWhileBusy = 'refuse';
    const noRetry = clientsFor(aws, { maxAttempts: 1 });
    aws.state.failNextJob(appId, 'staging');
    await noRetry.amplify.send(new StartJobCommand({ appId, branchName: 'staging', jobType: 'RELEASE' }));
    const busy = await failure(
      noRetry.amplify.send(new StartJobCommand({ appId, branchName: 'staging', jobType: 'RELEASE' })),
    );
    expect([busy.name, busy.$metadata.httpStatusCode]).toEqual(['LimitExceededException', 429]);
    aws.advanceJobs(3600);
    const { job } = await sdk.amplify.send(new GetJobCommand({ appId, branchName: 'staging', jobId: '1' }));
    expect(job?.summary?.status).toBe('FAILED');
  });

  it('StopJob cancels a running job and refuses a finished one', async () => {
    await sdk.amplify.send(new StartJobCommand({ appId, branchName: 'main', jobType: 'RELEASE' }));
    aws.advanceJobs(60);
    const { jobSummary } = await sdk.amplify.send(
      new StopJobCommand({ appId, branchName: 'main', jobId: '2' }),
    );
    expect(jobSummary?.status).toBe('CANCELLING');
    aws.advanceJobs(1);
    const { job } = await sdk.amplify.send(new GetJobCommand({ appId, branchName: 'main', jobId: '2' }));
    expect(job?.summary?.status).toBe('CANCELLED');
    const finished = await failure(
      sdk.amplify.send(new StopJobCommand({ appId, branchName: 'main', jobId: '1' })),
    );
    expect(finished.name).toBe('BadRequestException');
  });
});

describe('Cognito user pools', () => {
  it('DescribeUserPool answers a wired pool; absent password policy and alias attributes show', async () => {
    const { UserPool } = await sdk.idp.send(new DescribeUserPoolCommand({ UserPoolId: prodPool }));
    expect(UserPool).toMatchObject({
      Id: prodPool,
      Name: 'amplify-auth-production',
      Arn: `arn:aws:cognito-idp:us-east-1:111122223333:userpool/${prodPool}`,
      MfaConfiguration: 'OFF',
      UsernameAttributes: ['email'],
    });
    expect(UserPool?.Policies?.PasswordPolicy?.MinimumLength).toBe(12);
    expect(UserPool?.CreationDate).toBeInstanceOf(Date);
    expect(UserPool).not.toHaveProperty('Domain');
    const marketing = await sdk.idp.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_MkTg00001' }));
    expect(marketing.UserPool?.Policies?.PasswordPolicy).toBeUndefined();
    const legacy = await sdk.idp.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_LeGacy001' }));
    expect(legacy.UserPool).toMatchObject({
      AliasAttributes: ['email', 'preferred_username'],
      Domain: 'legacy-example',
    });
  });

  it('answers missing and malformed pools as Cognito does', async () => {
    const missing = await failure(sdk.idp.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_X' })));
    expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual([
      'ResourceNotFoundException',
      'User pool us-east-1_X does not exist.',
      400,
    ]);
    const malformed = await failure(
      sdk.idp.send(new DescribeUserPoolCommand({ UserPoolId: 'nounderscore' })),
    );
    expect(malformed.name).toBe('InvalidParameterException');
    expect(malformed.message).toMatch(/at 'userPoolId' failed to satisfy constraint/);
  });

  it('hides a pool from requests signed for another region', async () => {
    const eu = clientsFor(aws, { region: 'eu-west-1' });
    const error = await failure(eu.idp.send(new DescribeUserPoolCommand({ UserPoolId: prodPool })));
    expect(error.name).toBe('ResourceNotFoundException');
    expect(lastRequest(aws)).toMatchObject({ service: 'cognito-idp', region: 'eu-west-1', status: 400 });
    const { UserPool } = await eu.idp.send(
      new DescribeUserPoolCommand({ UserPoolId: 'eu-west-1_EuRoPe001' }),
    );
    expect(UserPool?.Arn).toBe('arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_EuRoPe001');
  });

  it('GetUserPoolMfaConfig and ListIdentityProviders', async () => {
    expect(
      (await sdk.idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: prodPool }))).MfaConfiguration,
    ).toBe('OFF');
    const { Providers } = await sdk.idp.send(
      new ListIdentityProvidersCommand({ UserPoolId: 'us-east-1_LeGacy001' }),
    );
    expect(Providers).toEqual([
      expect.objectContaining({
        ProviderName: 'Google',
        ProviderType: 'Google',
        CreationDate: expect.any(Date),
      }),
    ]);
    expect(
      (await sdk.idp.send(new ListIdentityProvidersCommand({ UserPoolId: prodPool }))).Providers,
    ).toEqual([]);
    const tooMany = await failure(
      sdk.idp.send(new ListIdentityProvidersCommand({ UserPoolId: prodPool, MaxResults: 61 })),
    );
    expect(tooMany.name).toBe('InvalidParameterException');
  });

  it('ListGroups and GetGroup', async () => {
    const { Groups } = await sdk.idp.send(new ListGroupsCommand({ UserPoolId: prodPool, Limit: 10 }));
    expect(Groups).toEqual([
      expect.objectContaining({
        GroupName: 'ADMINS',
        UserPoolId: prodPool,
        RoleArn: 'arn:aws:iam::111122223333:role/amplify-auth-production-admins',
        Precedence: 1,
      }),
    ]);
    const { Group } = await sdk.idp.send(new GetGroupCommand({ UserPoolId: prodPool, GroupName: 'ADMINS' }));
    expect(Group?.RoleArn).toBe('arn:aws:iam::111122223333:role/amplify-auth-production-admins');
    const missing = await failure(
      sdk.idp.send(new GetGroupCommand({ UserPoolId: prodPool, GroupName: 'NOPE' })),
    );
    expect([missing.name, missing.message]).toEqual(['ResourceNotFoundException', 'Group not found.']);
    const tooMany = await failure(sdk.idp.send(new ListGroupsCommand({ UserPoolId: prodPool, Limit: 61 })));
    expect(tooMany.name).toBe('InvalidParameterException');
  });

  it('DescribeUserPoolClient shows a secret only for a client that has one', async () => {
    const { UserPoolClient } = await sdk.idp.send(
      new DescribeUserPoolClientCommand({ UserPoolId: prodPool, ClientId: prodClient }),
    );
    expect(UserPoolClient).toMatchObject({
      ClientId: prodClient,
      UserPoolId: prodPool,
      ClientName: 'storefront-web-production',
    });
    expect(UserPoolClient).not.toHaveProperty('ClientSecret');
    expect(UserPoolClient).not.toHaveProperty('CallbackURLs');
    const legacy = await sdk.idp.send(
      new DescribeUserPoolClientCommand({
        UserPoolId: 'us-east-1_LeGacy001',
        ClientId: '7legacyclient8example9abcd',
      }),
    );
    expect(legacy.UserPoolClient).toMatchObject({
      ClientSecret: 'legacy-client-secret-do-not-log',
      CallbackURLs: ['https://legacy.example.com/callback'],
      LogoutURLs: ['https://legacy.example.com/'],
      SupportedIdentityProviders: ['COGNITO', 'Google'],
      AllowedOAuthFlows: ['code'],
    });
    const missing = await failure(
      sdk.idp.send(new DescribeUserPoolClientCommand({ UserPoolId: prodPool, ClientId: 'abc' })),
    );
    expect([missing.name, missing.message]).toEqual([
      'ResourceNotFoundException',
      'User pool client abc does not exist.',
    ]);
  });

  it('ListUserPoolClients and ListTagsForResource', async () => {
    const { UserPoolClients } = await sdk.idp.send(new ListUserPoolClientsCommand({ UserPoolId: prodPool }));
    expect(UserPoolClients).toEqual([
      { ClientId: prodClient, UserPoolId: prodPool, ClientName: 'storefront-web-production' },
    ]);
    const arn = `arn:aws:cognito-idp:us-east-1:111122223333:userpool/${prodPool}`;
    const { Tags } = await sdk.idp.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(Tags).toEqual({ 'amplify-auth:environment': 'production' });
  });

  it('ListUserPools requires MaxResults and refuses a token from another list', async () => {
    const missing = await failure(sdk.idp.send(new ListUserPoolsCommand({} as never)));
    expect(missing.name).toBe('InvalidParameterException');
    expect(missing.message).toMatch(/Value null at 'maxResults'/);
    const outOfRange = await failure(sdk.idp.send(new ListUserPoolsCommand({ MaxResults: 0 })));
    expect(outOfRange.name).toBe('InvalidParameterException');
    const first = await sdk.idp.send(new ListUserPoolsCommand({ MaxResults: 1 }));
    expect(first.NextToken).toEqual(expect.any(String));
    const crossList = await failure(
      sdk.idp.send(new ListGroupsCommand({ UserPoolId: prodPool, NextToken: first.NextToken })),
    );
    expect(crossList.name).toBe('InvalidParameterException');
  });
});

describe('pagination with a server-side page cap', () => {
  it.each([1, 2])('maxPageSize %i: the SDK paginators see every item exactly once', async (maxPageSize) => {
    const capped = await startLocalAws({ maxPageSize });
    try {
      const clients = clientsFor(capped);
      const pools: string[] = [];
      let pages = 0;
      for await (const page of paginateListUserPools({ client: clients.idp }, { MaxResults: 60 })) {
        pages++;
        expect(page.UserPools?.length).toBeLessThanOrEqual(maxPageSize);
        pools.push(...(page.UserPools ?? []).map((pool) => pool.Id ?? ''));
      }
      expect(pools).toEqual([
        prodPool,
        'us-east-1_StAg12345',
        'us-east-1_DeV12345x',
        'us-east-1_LeGacy001',
        'us-east-1_MkTg00001',
      ]);
      expect(pages).toBe(Math.ceil(5 / maxPageSize));
      const identityPools: string[] = [];
      for await (const page of paginateListIdentityPools({ client: clients.identity }, { MaxResults: 60 })) {
        identityPools.push(...(page.IdentityPools ?? []).map((pool) => pool.IdentityPoolId ?? ''));
      }
      expect(new Set(identityPools).size).toBe(5);
      expect(identityPools).toHaveLength(5);
      const one = await clients.idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
      expect(one.UserPools).toHaveLength(maxPageSize);
      expect(one.NextToken).toBeDefined();
      const groups = [];
      for await (const page of paginateListGroups({ client: clients.idp }, { UserPoolId: prodPool })) {
        groups.push(...(page.Groups ?? []));
      }
      expect(groups).toHaveLength(1);
    } finally {
      await capped.close();
    }
  });
});

describe('Cognito identity pools', () => {
  it('DescribeIdentityPool, GetIdentityPoolRoles (only attached roles) and tags', async () => {
    const pool = await sdk.identity.send(
      new DescribeIdentityPoolCommand({ IdentityPoolId: prodIdentityPool }),
    );
    expect(pool).toMatchObject({
      IdentityPoolId: prodIdentityPool,
      IdentityPoolName: 'amplify_auth_production',
      AllowUnauthenticatedIdentities: false,
    });
    const legacy = await sdk.identity.send(
      new GetIdentityPoolRolesCommand({ IdentityPoolId: 'us-east-1:44444444-4444-4444-8444-444444444444' }),
    );
    expect(legacy.Roles).toEqual({
      authenticated: 'arn:aws:iam::111122223333:role/service-role/legacy-identity-auth',
    });
    const bare = await sdk.identity.send(
      new GetIdentityPoolRolesCommand({ IdentityPoolId: 'us-east-1:55555555-5555-4555-8555-555555555555' }),
    );
    expect(bare.Roles).toEqual({});
    const arn = `arn:aws:cognito-identity:us-east-1:111122223333:identitypool/${prodIdentityPool}`;
    const { Tags } = await sdk.identity.send(new ListIdentityPoolTagsCommand({ ResourceArn: arn }));
    expect(Tags).toEqual({ 'amplify-auth:environment': 'production' });
  });

  it('answers a missing pool, another region and a missing MaxResults as Cognito does', async () => {
    const id = 'us-east-1:99999999-9999-4999-8999-999999999999';
    const missing = await failure(sdk.identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id })));
    expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual([
      'ResourceNotFoundException',
      `IdentityPool '${id}' not found.`,
      400,
    ]);
    const eu = clientsFor(aws, { region: 'eu-west-1' });
    const elsewhere = await failure(
      eu.identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: prodIdentityPool })),
    );
    expect(elsewhere.name).toBe('ResourceNotFoundException');
    const noMax = await failure(sdk.identity.send(new ListIdentityPoolsCommand({} as never)));
    expect(noMax.name).toBe('InvalidParameterException');
    const badToken = await failure(
      sdk.identity.send(new ListIdentityPoolsCommand({ MaxResults: 5, NextToken: 'MQ==' })),
    );
    expect(badToken.name).toBe('InvalidParameterException');
  });
});

describe('IAM and STS', () => {
  it('GetRole answers ISO dates, a URL-encoded trust policy and tags; a missing role is NoSuchEntity 404', async () => {
    const { Role } = await sdk.iam.send(new GetRoleCommand({ RoleName: 'legacy-identity-auth' }));
    expect(Role).toMatchObject({
      Path: '/service-role/',
      RoleName: 'legacy-identity-auth',
      Arn: 'arn:aws:iam::111122223333:role/service-role/legacy-identity-auth',
      RoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}$/),
      MaxSessionDuration: 3600,
      Tags: [{ Key: 'team', Value: 'legacy' }],
    });
    expect(Role?.CreateDate?.toISOString()).toBe('2025-01-15T10:00:00.000Z');
    expect(Role?.AssumeRolePolicyDocument).toMatch(/^%7B%22Version%22/);
    const missing = await failure(sdk.iam.send(new GetRoleCommand({ RoleName: 'nope' })));
    expect([missing.name, missing.message, missing.$metadata.httpStatusCode]).toEqual([
      'NoSuchEntityException',
      'The role with name nope cannot be found.',
      404,
    ]);
  });

  it('ListRoleTags pages through the SDK paginator', async () => {
    const capped = await startLocalAws({ maxPageSize: 1 });
    try {
      aws.state.roles[0]?.tags.push({ Key: 'unseen', Value: 'x' }); // another instance: must not leak
      const role = capped.state.role('amplify-auth-production-auth');
      role?.tags.push({ Key: 'owner', Value: 'platform' });
      const tags = [];
      for await (const page of paginateListRoleTags(
        { client: clientsFor(capped).iam },
        { RoleName: 'amplify-auth-production-auth' },
      )) {
        tags.push(...(page.Tags ?? []));
      }
      expect(tags).toEqual([
        { Key: 'amplify-auth:environment', Value: 'production' },
        { Key: 'owner', Value: 'platform' },
      ]);
    } finally {
      await capped.close();
    }
  });

  it('STS GetCallerIdentity answers the seed caller (awsQuery XML)', async () => {
    const response = await fetch(aws.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        authorization: sigv4('us-east-1', 'sts'),
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(xml).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/,
    );
    expect(xml).toContain('<Account>111122223333</Account>');
    expect(xml).toContain(
      '<Arn>arn:aws:sts::111122223333:assumed-role/github-actions-deploy/GitHubActions</Arn>',
    );
    expect(xml).toMatch(/<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata>/);
    expect(lastRequest(aws)).toMatchObject({ service: 'sts', operation: 'GetCallerIdentity', status: 200 });
  });
});

describe('authentication and unknown operations', () => {
  it('rejects unsigned requests in each protocol', async () => {
    const json = await fetch(aws.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.DescribeUserPool',
      },
      body: JSON.stringify({ UserPoolId: prodPool }),
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });

    const rest = await fetch(`${aws.url}/apps/${appId}`);
    expect(rest.status).toBe(403);
    expect(rest.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');

    const query = await fetch(aws.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetRole&RoleName=x&Version=2010-05-08',
    });
    expect(query.status).toBe(403);
    expect(await query.text()).toContain('<Code>MissingAuthenticationToken</Code>');

    const incomplete = await fetch(`${aws.url}/apps/${appId}`, {
      headers: { authorization: 'AWS4-HMAC-SHA256 junk' },
    });
    expect(incomplete.headers.get('x-amzn-errortype')).toBe('IncompleteSignatureException');
    expect(aws.requests.map((request) => request.status)).toEqual([400, 403, 403, 403]);
  });

  it('names an unimplemented operation clearly in each protocol', async () => {
    const idp = await failure(sdk.idp.send(new AdminGetUserCommand({ UserPoolId: prodPool, Username: 'x' })));
    expect(idp.name).toBe('UnknownOperationException');
    expect(idp.message).toContain('AdminGetUser');
    const amplify = await failure(sdk.amplify.send(new ListWebhooksCommand({ appId })));
    expect(amplify.name).toBe('UnknownOperationException');
    expect(amplify.message).toContain(`GET /apps/${appId}/webhooks`);
    const iam = await failure(sdk.iam.send(new ListRolesCommand({})));
    expect(iam.name).toBe('InvalidAction');
  });
});

describe('faults', () => {
  it('throttle: each service answers its own throttling error, which the SDK retries', async () => {
    aws.faults.push({ kind: 'throttle', service: 'amplify', operation: 'GetBranch', times: 1 });
    const { $metadata } = await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'main' }));
    expect($metadata.attempts).toBe(2);
    expect(aws.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(aws.faults).toHaveLength(0);

    aws.faults.push({ kind: 'throttle', service: 'cognito-idp' }, { kind: 'throttle', service: 'iam' });
    const idp = await failure(sdk.idp.send(new DescribeUserPoolCommand({ UserPoolId: prodPool })));
    expect([idp.name, idp.$metadata.httpStatusCode, idp.$metadata.attempts]).toEqual([
      'TooManyRequestsException',
      400,
      3,
    ]);
    const iam = await failure(sdk.iam.send(new GetRoleCommand({ RoleName: 'amplify-auth-production-auth' })));
    expect([iam.name, iam.$metadata.httpStatusCode, iam.$metadata.attempts]).toEqual(['Throttling', 400, 3]);
  });

  it('error: any code and status in the service format; 5xx are retried, 403 is not', async () => {
    aws.faults.push({
      kind: 'error',
      operation: 'GetApp',
      status: 500,
      code: 'InternalFailureException',
      times: 1,
    });
    expect((await sdk.amplify.send(new GetAppCommand({ appId }))).$metadata.attempts).toBe(2);

    aws.faults.push({
      kind: 'error',
      service: 'amplify',
      status: 503,
      code: 'DependentServiceFailureException',
    });
    const unavailable = await failure(sdk.amplify.send(new GetAppCommand({ appId })));
    expect([unavailable.name, unavailable.$metadata.httpStatusCode, unavailable.$fault]).toEqual([
      'DependentServiceFailureException',
      503,
      'server',
    ]);

    aws.faults.push({
      kind: 'error',
      service: 'iam',
      operation: 'GetRole',
      status: 403,
      code: 'AccessDenied',
      message: 'no',
    });
    const denied = await failure(
      sdk.iam.send(new GetRoleCommand({ RoleName: 'amplify-auth-production-auth' })),
    );
    expect([denied.name, denied.message, denied.$metadata.httpStatusCode, denied.$metadata.attempts]).toEqual(
      ['AccessDenied', 'no', 403, 1],
    );
  });

  it('match: a rule fires only for requests whose input matches', async () => {
    aws.faults.push({
      kind: 'error',
      status: 400,
      code: 'BadRequestException',
      match: { branchName: 'feature/login' },
    });
    await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'main' }));
    const error = await failure(
      sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'feature/login' })),
    );
    expect(error.name).toBe('BadRequestException');
  });

  it('hang: the request never gets an answer and close() still ends it', async () => {
    aws.faults.push({ kind: 'hang', operation: 'DescribeUserPool' });
    const impatient = clientsFor(aws, { maxAttempts: 1, requestTimeout: 200 });
    const error = await failure(impatient.idp.send(new DescribeUserPoolCommand({ UserPoolId: prodPool })));
    expect(error.name).toBe('TimeoutError');
    expect(lastRequest(aws)).toMatchObject({ operation: 'DescribeUserPool', status: 0 });
  });

  it('latency: the answer is held back (here past the client timeout) and close() cancels the wait', async () => {
    aws.faults.push({ kind: 'latency', ms: 60_000, service: 'iam' });
    const impatient = clientsFor(aws, { maxAttempts: 1, requestTimeout: 200 });
    const error = await failure(
      impatient.iam.send(new GetRoleCommand({ RoleName: 'amplify-auth-production-auth' })),
    );
    expect(error.name).toBe('TimeoutError');
    aws.faults.length = 0;
    aws.faults.push({ kind: 'latency', ms: 1 });
    expect((await sdk.idp.send(new DescribeUserPoolCommand({ UserPoolId: prodPool }))).UserPool?.Id).toBe(
      prodPool,
    );
  });

  it('latencyMs option: every answer waits (here past the client timeout); close() still returns', async () => {
    const slow = await startLocalAws({ latencyMs: 60_000 });
    const impatient = clientsFor(slow, { maxAttempts: 1, requestTimeout: 200 });
    const error = await failure(impatient.amplify.send(new GetAppCommand({ appId })));
    expect(error.name).toBe('TimeoutError');
    expect(slow.requests).toMatchObject([{ operation: 'GetApp', status: 0 }]);
    await slow.close();
  });

  it('mutate after: a colleague edits the branch between our read and our write (lost update)', async () => {
    aws.faults.push({
      kind: 'mutate',
      when: 'after',
      operation: 'GetBranch',
      times: 1,
      apply: (state) => {
        state.addBranchVariables(appId, 'staging', { COLLEAGUE: 'yes' });
      },
    });
    const { branch } = await sdk.amplify.send(new GetBranchCommand({ appId, branchName: 'staging' }));
    expect(branch?.environmentVariables).not.toHaveProperty('COLLEAGUE');
    expect(aws.state.branchVariables(appId, 'staging')).toHaveProperty('COLLEAGUE', 'yes');
    await sdk.amplify.send(
      new UpdateBranchCommand({
        appId,
        branchName: 'staging',
        environmentVariables: { ...branch?.environmentVariables, USER_POOL_ID: 'us-east-1_StAg12345' },
      }),
    );
    expect(aws.state.branchVariables(appId, 'staging')).not.toHaveProperty('COLLEAGUE');
  });

  it('mutate before: the change is visible to the request itself', async () => {
    aws.faults.push({
      kind: 'mutate',
      when: 'before',
      service: 'cognito-idp',
      apply: (state) => {
        const pool = state.userPool(prodPool);
        if (pool) pool.passwordPolicy = null;
      },
    });
    const { UserPool } = await sdk.idp.send(new DescribeUserPoolCommand({ UserPoolId: prodPool }));
    expect(UserPool?.Policies?.PasswordPolicy).toBeUndefined();
  });
});

describe('control surface', () => {
  it('serves state and the request log, and takes fault rules over HTTP', async () => {
    const state = (await (await fetch(`${aws.url}/_local/state`)).json()) as {
      accountId: string;
      regions: Record<string, { apps: { appId: string }[] }>;
    };
    expect(state.accountId).toBe('111122223333');
    expect(state.regions['us-east-1']?.apps[0]?.appId).toBe(appId);

    const added = await fetch(`${aws.url}/_local/faults`, {
      method: 'POST',
      body: JSON.stringify([{ kind: 'throttle', service: 'cognito-identity', times: 3 }]),
    });
    expect(added.status).toBe(200);
    const throttled = await failure(
      sdk.identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: prodIdentityPool })),
    );
    expect(throttled.name).toBe('TooManyRequestsException');

    const refused = await fetch(`${aws.url}/_local/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'mutate' }),
    });
    expect(refused.status).toBe(400);
    aws.faults.push({ kind: 'hang' });
    await fetch(`${aws.url}/_local/faults`, { method: 'DELETE' });
    expect(aws.faults).toHaveLength(0);

    await fetch(`${aws.url}/_local/fail-next-job`, {
      method: 'POST',
      body: JSON.stringify({ appId, branchName: 'main' }),
    });
    expect(aws.state.branch(appId, 'main')?.nextJobFails).toBe(true);

    const log = (await (await fetch(`${aws.url}/_local/requests`)).json()) as RecordedRequest[];
    expect(log.map((request) => [request.operation, request.status])).toEqual([
      ['DescribeIdentityPool', 400],
      ['DescribeIdentityPool', 400],
      ['DescribeIdentityPool', 400],
    ]);
  });

  it('env() points a default-configured client at the endpoint', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, aws.env());
    try {
      const client = new CognitoIdentityProviderClient({});
      const { UserPool } = await client.send(new DescribeUserPoolCommand({ UserPoolId: prodPool }));
      expect(UserPool?.Id).toBe(prodPool);
      expect(aws.env()).toMatchObject({ AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' });
    } finally {
      process.env = saved;
    }
  });
});

describe('cli', () => {
  let child: ReturnType<typeof spawn> | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });
  beforeAll(() => {
    child = undefined;
  });

  it('prints the URL and env lines, serves, and exits on SIGTERM', async () => {
    const cli = new URL('../local-aws/cli.ts', import.meta.url).pathname;
    child = spawn(process.execPath, [cli, '--port', '0', '--max-page-size', '1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const iterator = lines[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as string;
    expect(first).toMatch(/^local AWS listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = first.replace('local AWS listening on ', '');
    expect((await iterator.next()).value).toBe(`AWS_ENDPOINT_URL=${url}`);
    const config = { endpoint: url, region: 'us-east-1', credentials };
    const page = await new CognitoIdentityProviderClient(config).send(
      new ListUserPoolsCommand({ MaxResults: 60 }),
    );
    expect(page.UserPools).toHaveLength(1);
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
