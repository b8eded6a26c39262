// Finding an environment's IDs by name and tags, run as the runner runs the action (from the source), against the
// local AWS: every form alone and all together, ambiguity and absence with the candidates listed, pagination with
// short pages, throttling during the search, the same checks as for literal IDs, and drift when a pool is recreated.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { State } from '../local-aws/state.ts';
import { type ActionRun, runActionForTest } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import { pushStagingInProcess } from './support/in-process.ts';
import { annotations, annotationsWithPlace, summaryTable, summaryText } from './support/runner-log.ts';
import { APP, STAGING, STAGING_LINES, stagingAs } from './support/sample.ts';

let aws: TestAws;
beforeEach(async () => {
  aws = await startTestAws();
});
afterEach(async () => {
  await aws.close();
});

const ALL_FOUND = ['userPool: { tags: { "amplify-auth:environment": staging } }', 'groups: all'];

const pushStaging = (file: string, inputs: Record<string, string> = {}) =>
  runActionForTest({
    inputs: { 'app-id': APP, ...inputs },
    event: { name: 'push', ref: 'refs/heads/staging' },
    awsEnv: aws.env(),
    files: { '.github/amplify-auth.yml': file },
  });

const operations = () =>
  aws.requests.reduce<Record<string, number>>((counts, { operation }) => {
    counts[operation] = (counts[operation] ?? 0) + 1;
    return counts;
  }, {});
const howFound = (run: ActionRun) =>
  Object.fromEntries(summaryTable(run.summary, 'Value').map(([key, , how]) => [key, how]));
const pool = (state: State, id: string) => {
  const found = state.userPool(id);
  if (!found) throw new Error(`no pool ${id}`);
  return found;
};

describe('the lists', () => {
  it('are each asked for the largest page the API allows', async () => {
    // The sample's staging environment found in full, by tags; then its user pool by name.
    expect((await pushStaging(stagingAs(ALL_FOUND))).exitCode).toBe(0);
    expect(
      (await pushStaging(stagingAs(['userPool: { name: amplify-auth-staging }', 'groups: all']))).exitCode,
    ).toBe(0);
    const pageSizes: Record<string, Set<unknown>> = {};
    for (const { operation, input } of aws.requests) {
      for (const key of ['MaxResults', 'Limit', 'ResourcesPerPage']) {
        const size = (input as Record<string, unknown>)[key];
        const name = `${operation} ${key}`;
        if (size !== undefined) pageSizes[name] = new Set([...(pageSizes[name] ?? []), size]);
      }
    }
    // The API references' maxima (../shared/aws-facts.md, Wire protocols).
    expect(pageSizes).toEqual({
      'GetResources ResourcesPerPage': new Set([100]),
      'ListUserPools MaxResults': new Set([60]),
      'ListUserPoolClients MaxResults': new Set([60]),
      'ListIdentityPools MaxResults': new Set([60]),
      'ListIdentityProviders MaxResults': new Set([60]),
      'ListGroups Limit': new Set([60]),
    });
  });
});

describe('each form', () => {
  it.each([
    [
      'the user pool by name',
      [
        'userPool: { name: amplify-auth-staging }',
        STAGING_LINES.client,
        STAGING_LINES.identityPool,
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
        STAGING_LINES.groups,
      ],
      { userPoolId: 'found by name "amplify-auth-staging"' },
    ],
    [
      'the user pool by tags',
      [
        'userPool: { tags: { "amplify-auth:environment": staging } }',
        STAGING_LINES.client,
        STAGING_LINES.identityPool,
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
        STAGING_LINES.groups,
      ],
      { userPoolId: 'found by tags amplify-auth:environment=staging' },
    ],
    [
      'the client by name',
      [
        'userPoolId: us-east-1_StAg12345',
        'userPoolClient: { name: storefront-web-staging }',
        STAGING_LINES.identityPool,
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
        STAGING_LINES.groups,
      ],
      { userPoolClientId: 'found by name "storefront-web-staging"' },
    ],
    [
      'the only client',
      [
        STAGING_LINES.userPool,
        STAGING_LINES.identityPool,
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
        STAGING_LINES.groups,
      ],
      { userPoolClientId: "the user pool's only app client" },
    ],
    [
      'the identity pool by name',
      [
        'userPoolId: us-east-1_StAg12345',
        STAGING_LINES.client,
        'identityPool: { name: amplify_auth_staging }',
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
        STAGING_LINES.groups,
      ],
      { identityPoolId: 'found by name "amplify_auth_staging"' },
    ],
    [
      'the identity pool trusting the pool and client',
      [
        STAGING_LINES.userPool,
        STAGING_LINES.client,
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
        STAGING_LINES.groups,
      ],
      { identityPoolId: 'the identity pool that trusts this user pool and client' },
    ],
    [
      'the roles from the identity pool',
      [STAGING_LINES.userPool, STAGING_LINES.client, STAGING_LINES.identityPool, STAGING_LINES.groups],
      {
        authRoleArn: "the identity pool's authenticated role",
        unauthRoleArn: "the identity pool's unauthenticated role",
      },
    ],
    [
      'every group with a role',
      [
        'userPoolId: us-east-1_StAg12345',
        STAGING_LINES.client,
        STAGING_LINES.identityPool,
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
        'groups: all',
      ],
      { groups: 'every group of the user pool with a role (1)' },
    ],
    [
      'groups by name',
      [
        'userPoolId: us-east-1_StAg12345',
        STAGING_LINES.client,
        STAGING_LINES.identityPool,
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
        'groups: [ADMINS]',
      ],
      { groups: 'the roles of groups ADMINS' },
    ],
  ])('%s: same values, same checks, and the summary says how each was found', async (_, lines, found) => {
    const result = await pushStaging(stagingAs(lines));
    expect(result.exitCode).toBe(0);
    expect(aws.state.branchVariables(APP, 'staging')).toMatchObject(STAGING);
    expect(result.outputs).toMatchObject({
      'user-pool-id': STAGING.USER_POOL_ID,
      'identity-pool-id': STAGING.IDENTITY_POOL_ID,
    });
    expect(howFound(result)).toMatchObject(found);
    for (const [key, how] of Object.entries(found)) expect(result.stdout).toContain(`${key}: ${how} → `);
    expect(summaryTable(result.summary, 'Check').every(([, status]) => status === '✅ pass')).toBe(true);
  });

  it('all together: found by tag, everything else from the pool, each resource read once', async () => {
    const result = await pushStaging(stagingAs(ALL_FOUND));
    expect(result.exitCode).toBe(0);
    expect(aws.state.branchVariables(APP, 'staging')).toMatchObject(STAGING);
    expect(operations()).toMatchObject({
      GetResources: 1,
      ListUserPoolClients: 1,
      ListIdentityPools: 1,
      DescribeIdentityPool: 5,
      GetIdentityPoolRoles: 1,
      ListGroups: 1,
      DescribeUserPool: 1,
      DescribeUserPoolClient: 1,
    });
    // The group's role came from ListGroups: no GetGroup for the groups check.
    expect(operations().GetGroup).toBeUndefined();
  });

  it('falls back to describing every pool when tag:GetResources is denied', async () => {
    aws.state.deny.push('tag:GetResources');
    const result = await pushStaging(stagingAs(ALL_FOUND));
    expect(result.exitCode).toBe(0);
    expect(aws.state.branchVariables(APP, 'staging')).toMatchObject(STAGING);
    // Every pool of the region described once: the checks reuse the staging pool's description.
    expect(operations()).toMatchObject({ GetResources: 1, ListUserPools: 1, DescribeUserPool: 5 });
  });
  it('says which call failed when tag:GetResources keeps failing, and writes nothing', async () => {
    aws.faults.push({
      kind: 'error',
      operation: 'GetResources',
      status: 500,
      code: 'InternalServiceException',
    });
    const result = await pushStagingInProcess(aws, stagingAs(ALL_FOUND));
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      expect.stringMatching(
        /^tag:GetResources on the user pools in us-east-1 failed: InternalServiceException: /,
      ),
    ]);
    expect(operations().UpdateBranch).toBeUndefined();
  });
});

describe('zero or several matches', () => {
  const errorAt = (run: ActionRun) => {
    const [first] = annotationsWithPlace(run.stdout);
    return { line: first?.properties.line, message: first?.message };
  };

  it('a name several pools have: lists them, at the line of the lookup, writes nothing', async () => {
    pool(aws.state, 'us-east-1_MkTg00001').name = 'amplify-auth-staging';
    const file = stagingAs(['userPool: { name: amplify-auth-staging }', 'groups: all']);
    const result = await pushStaging(file);
    expect(result.exitCode).toBe(1);
    expect(errorAt(result)).toEqual({
      line: String(file.split('\n').findIndex((line) => line.includes('userPool: { name')) + 1),
      message:
        'environments.staging.userPool: at least 2 user pools in us-east-1 are named "amplify-auth-staging": amplify-auth-staging (us-east-1_StAg12345), amplify-auth-staging (us-east-1_MkTg00001) (the search stops at the second). Give the exact name, find it by tags instead, or give userPoolId.',
    });
    expect(operations().UpdateBranch).toBeUndefined();
  });

  it('a name no pool has: lists the first 10 looked at and the count', async () => {
    for (let i = 0; i < 12; i++) {
      aws.state.region('us-east-1').userPools.push({
        ...structuredClone(pool(aws.state, 'us-east-1_MkTg00001')),
        id: `us-east-1_Extra${String(i).padStart(4, '0')}`,
        name: `extra-${i}`,
      });
    }
    const result = await pushStaging(stagingAs(['userPool: { name: shop-staging }']));
    expect(result.exitCode).toBe(1);
    expect(errorAt(result).message).toBe(
      'environments.staging.userPool: no user pool in us-east-1 is named "shop-staging". Looked at 17 user pools: amplify-auth-production (us-east-1_PrOd12345), amplify-auth-staging (us-east-1_StAg12345), amplify-auth-development (us-east-1_DeV12345x), legacy-pool (us-east-1_LeGacy001), marketing-pool (us-east-1_MkTg00001), extra-0 (us-east-1_Extra0000), extra-1 (us-east-1_Extra0001), extra-2 (us-east-1_Extra0002), extra-3 (us-east-1_Extra0003), extra-4 (us-east-1_Extra0004), and 7 more. Give the exact name, find it by tags instead, or give userPoolId.',
    );
  });

  it('tags several pools carry', async () => {
    pool(aws.state, 'us-east-1_MkTg00001').tags = { 'amplify-auth:environment': 'staging' };
    const result = await pushStaging(stagingAs(ALL_FOUND));
    expect(errorAt(result).message).toBe(
      'environments.staging.userPool: 2 user pools in us-east-1 are tagged amplify-auth:environment=staging: us-east-1_StAg12345, us-east-1_MkTg00001. Add a tag that tells the pools apart, or give userPoolId.',
    );
  });

  it('no client named, and the pool has two', async () => {
    const staging = pool(aws.state, 'us-east-1_StAg12345');
    staging.clients.push({
      ...structuredClone(staging.clients[0] as (typeof staging.clients)[number]),
      clientId: '4stagclient5example6zzzzzz',
      clientName: 'admin-tool',
    });
    const result = await pushStaging(stagingAs(ALL_FOUND));
    expect(errorAt(result).message).toBe(
      'environments.staging.userPoolClientId: not given, and user pool us-east-1_StAg12345 has at least 2 app clients (storefront-web-staging (4stagclient5example6abcdef), admin-tool (4stagclient5example6zzzzzz)), so there is no only one to take. Give userPoolClient with a name, or userPoolClientId.',
    );
  });

  it('two identity pools trust the pool and client', async () => {
    const twin = structuredClone(aws.state.identityPool('us-east-1:22222222-2222-4222-8222-222222222222'));
    if (!twin) throw new Error('seed');
    twin.id = 'us-east-1:77777777-7777-4777-8777-777777777777';
    twin.name = 'staging_copy';
    aws.state.region('us-east-1').identityPools.push(twin);
    const result = await pushStaging(stagingAs(ALL_FOUND));
    expect(errorAt(result).message).toBe(
      'environments.staging.identityPoolId: at least 2 identity pools in us-east-1 are trusting cognito-idp.us-east-1.amazonaws.com/us-east-1_StAg12345 with client 4stagclient5example6abcdef: amplify_auth_staging (us-east-1:22222222-2222-4222-8222-222222222222), staging_copy (us-east-1:77777777-7777-4777-8777-777777777777) (the search stops at the second). Give identityPool with a name, or identityPoolId.',
    );
  });

  it('a group that does not exist, and roles the identity pool does not have', async () => {
    const identity = aws.state.identityPool('us-east-1:22222222-2222-4222-8222-222222222222');
    if (identity) identity.roles.unauthenticated = undefined;
    const result = await pushStaging(
      stagingAs(['userPoolId: us-east-1_StAg12345', 'groups: [ADMINS, EDITORS]']),
    );
    expect(annotations(result.stdout)).toEqual([
      'environments.staging.groups: group "EDITORS" of user pool us-east-1_StAg12345 does not exist (Group not found.). Fix the name, or create the group.',
      'environments.staging: unauthRoleArn is not given, and identity pool us-east-1:22222222-2222-4222-8222-222222222222 has no unauthenticated role to take it from. Attach one to the identity pool (referenceAuth needs both), or give unauthRoleArn.',
    ]);
  });
  it('AWS answers that are not IDs: refused with the value shown escaped, nothing written or forged', async () => {
    const identity = aws.state.identityPool('us-east-1:22222222-2222-4222-8222-222222222222');
    if (!identity) throw new Error('seed');
    identity.roles.authenticated = 'arn:aws:iam::111122223333:role/x\n::error::PWNED';
    const staging = pool(aws.state, 'us-east-1_StAg12345');
    (staging.groups[0] as (typeof staging.groups)[number]).groupName = 'ADMINS\u001b[2J';
    const result = await pushStaging(stagingAs(ALL_FOUND));
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'environments.staging: AWS answered "arn:aws:iam::111122223333:role/x\\n::error::PWNED" where an IAM role ARN belongs; it is not one, so it is not used. Look at the resource in the AWS console, or give the ID in the file.',
      'environments.staging: AWS answered "ADMINS\\u001b[2J" where a group name belongs; it is not one, so it is not used. Look at the resource in the AWS console, or give the ID in the file.',
    ]);
    expect(operations().UpdateBranch).toBeUndefined();
    expect(result.outputs['auth-role-arn']).toBe('');
  });
});

describe('at scale and under load', () => {
  it('walks every page, short pages with a token included, and stops at the second match', async () => {
    await aws.close();
    aws = await startTestAws({ maxPageSize: 3 });
    for (let i = 0; i < 30; i++) {
      aws.state.region('us-east-1').identityPools.unshift({
        id: `us-east-1:${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
        name: `other_${i}`,
        tags: {},
        allowUnauthenticated: false,
        cognitoProviders: [],
        roles: {},
      });
    }
    const result = await pushStaging(stagingAs(ALL_FOUND));
    expect(result.exitCode).toBe(0);
    expect(aws.state.branchVariables(APP, 'staging')).toMatchObject(STAGING);
    // 35 identity pools in pages of at most 3; every one described once to be sure only one trusts the pool.
    expect(operations()).toMatchObject({ ListIdentityPools: 12, DescribeIdentityPool: 35 });
  });

  it('rides out throttling on a third of the discovery calls', async () => {
    for (const service of ['cognito-idp', 'cognito-identity', 'tagging'] as const) {
      aws.faults.push({ kind: 'throttle', service, share: 1 / 3, seed: 7 });
    }
    const result = await pushStagingInProcess(aws, stagingAs(ALL_FOUND));
    expect(result.exitCode).toBe(0);
    const discovery = [
      'GetResources',
      'ListUserPoolClients',
      'ListIdentityPools',
      'DescribeIdentityPool',
      'ListGroups',
    ];
    const throttled = aws.requests.filter((r) => r.status === 400 && discovery.includes(r.operation));
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    expect(aws.state.branchVariables(APP, 'staging')).toMatchObject(STAGING);
  });
});

describe('the same checks, and drift', () => {
  it('a discovered environment fails the checks the same way as a literal one', async () => {
    const client = pool(aws.state, 'us-east-1_StAg12345').clients[0];
    if (client) client.clientSecret = 'staging-client-secret-never-logged';
    const [literal, found] = [
      await pushStaging(stagingAs(Object.values(STAGING_LINES))),
      await pushStaging(stagingAs(ALL_FOUND)),
    ];
    const appClientError = (run: ActionRun) =>
      annotations(run.stdout).find((message) => message.startsWith('App client check'));
    expect(found.exitCode).toBe(1);
    expect(appClientError(found)).toBeDefined();
    expect(appClientError(found)).toBe(appClientError(literal));
  });

  it('mode: check notices a pool recreated under the same name: drift, naming how the new one was found', async () => {
    const file = stagingAs(['userPool: { name: amplify-auth-staging }', 'groups: all']);
    expect((await pushStaging(file)).exitCode).toBe(0);
    // Someone deletes the pool and creates it again: same name and client, new ID.
    const staging = pool(aws.state, 'us-east-1_StAg12345');
    staging.id = 'us-east-1_StAg99999';
    const provider = aws.state.identityPool('us-east-1:22222222-2222-4222-8222-222222222222')
      ?.cognitoProviders[0];
    if (provider) provider.providerName = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_StAg99999';
    const before = JSON.stringify(aws.state.branch(APP, 'staging'));
    const result = await pushStaging(file, { mode: 'check' });
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'Drift on Amplify branch staging: USER_POOL_ID is "us-east-1_StAg12345", but environment staging says "us-east-1_StAg99999" (found by name "amplify-auth-staging"). Run the workflow in apply mode to write the environment again.',
    ]);
    expect(summaryText(result.summary)).toContain('Drift: the branch differs from the validated environment');
    expect(JSON.stringify(aws.state.branch(APP, 'staging'))).toBe(before);
  });
});

describe('each lookup says what it looked for, where, and what it saw', () => {
  it('a client name the pool does not have: at the userPoolClient key, with the clients it has', async () => {
    const result = await pushStaging(
      stagingAs([
        STAGING_LINES.userPool,
        'userPoolClient: { name: storefront-web }',
        STAGING_LINES.identityPool,
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
        STAGING_LINES.groups,
      ]),
    );
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'environments.staging.userPoolClient: no app client of user pool us-east-1_StAg12345 is named "storefront-web". Looked at 1 app client: storefront-web-staging (4stagclient5example6abcdef). Give the exact name, or userPoolClientId.',
    ]);
  });

  it('an identity pool name no pool has: at the identityPool key, not the pool that trusts the client instead', async () => {
    const result = await pushStaging(
      stagingAs([
        STAGING_LINES.userPool,
        STAGING_LINES.client,
        'identityPool: { name: amplify_auth_stage }',
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
        STAGING_LINES.groups,
      ]),
    );
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'environments.staging.identityPool: no identity pool in us-east-1 is named "amplify_auth_stage". Looked at 5 identity pools: amplify_auth_production (us-east-1:11111111-1111-4111-8111-111111111111), amplify_auth_staging (us-east-1:22222222-2222-4222-8222-222222222222), amplify_auth_development (us-east-1:33333333-3333-4333-8333-333333333333), legacy_identity (us-east-1:44444444-4444-4444-8444-444444444444), analytics_identity (us-east-1:55555555-5555-4555-8555-555555555555). Give the exact name, or identityPoolId.',
    ]);
  });

  it('no client named, and the pool has none: says so, not "0 app clients"', async () => {
    pool(aws.state, 'us-east-1_StAg12345').clients = [];
    const result = await pushStaging(
      stagingAs([
        STAGING_LINES.userPool,
        STAGING_LINES.identityPool,
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
        STAGING_LINES.groups,
      ]),
    );
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'environments.staging.userPoolClientId: not given, and user pool us-east-1_StAg12345 has no app client, so there is no only one to take. Give userPoolClient with a name, or userPoolClientId.',
    ]);
  });

  it('tags two pools carry, found by describing every pool (tag:GetResources denied): both named', async () => {
    aws.state.deny.push('tag:GetResources');
    pool(aws.state, 'us-east-1_MkTg00001').tags = { 'amplify-auth:environment': 'staging' };
    const result = await pushStaging(stagingAs(ALL_FOUND));
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'environments.staging.userPool: at least 2 user pools in us-east-1 are tagged amplify-auth:environment=staging: amplify-auth-staging (us-east-1_StAg12345), marketing-pool (us-east-1_MkTg00001) (the search stops at the second). Add a tag that tells the pools apart, or give userPoolId.',
    ]);
  });

  it('the identity pool taken trusts this pool and this client: not one trusting another client of the pool, nor the client ID under another pool', async () => {
    const identityPools = aws.state.region('us-east-1').identityPools;
    const decoy = (id: string, name: string, providerName: string, clientId: string) => ({
      id,
      name,
      tags: {},
      allowUnauthenticated: false,
      cognitoProviders: [{ providerName, clientId, serverSideTokenCheck: false }],
      roles: {},
    });
    identityPools.unshift(
      decoy(
        'us-east-1:77777777-7777-4777-8777-777777777777',
        'staging_admin_tool',
        'cognito-idp.us-east-1.amazonaws.com/us-east-1_StAg12345',
        '4stagclient5example6zzzzzz',
      ),
      decoy(
        'us-east-1:88888888-8888-4888-8888-888888888888',
        'production_lookalike',
        'cognito-idp.us-east-1.amazonaws.com/us-east-1_PrOd12345',
        '4stagclient5example6abcdef',
      ),
    );
    const result = await pushStaging(
      stagingAs([
        STAGING_LINES.userPool,
        STAGING_LINES.client,
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
        STAGING_LINES.groups,
      ]),
    );
    expect(annotations(result.stdout)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(aws.state.branchVariables(APP, 'staging')).toMatchObject(STAGING);
  });

  it('a user pool in another region than the app: the identity pool that trusts it is looked for in its region', async () => {
    const result = await pushStaging(
      stagingAs([
        'userPoolId: eu-west-1_EuRoPe001',
        'userPoolClientId: 4euclient000example6abcdef',
        STAGING_LINES.auth,
        STAGING_LINES.unauth,
      ]),
    );
    expect(result.stdout).toContain(
      'identityPoolId: the identity pool that trusts this user pool and client → eu-west-1:66666666-6666-4666-8666-666666666666',
    );
    // Found there; what stops the run is the region check (the app is in us-east-1), not a search that missed it.
    expect(annotations(result.stdout).slice(0, 2)).toEqual([
      "Region and account check: User pool eu-west-1_EuRoPe001 is in eu-west-1, but the Amplify app is in us-east-1: referenceAuth can only use resources in the app's region. Use this environment's resources in us-east-1.",
      "Region and account check: Identity pool eu-west-1:66666666-6666-4666-8666-666666666666 is in eu-west-1, but the Amplify app is in us-east-1: referenceAuth can only use resources in the app's region. Use this environment's resources in us-east-1.",
    ]);
  });
});

describe('groups named in the file', () => {
  const ADMINS_ROLE = 'arn:aws:iam::111122223333:role/amplify-auth-staging-admins';
  const withGroups = (names: string[]) =>
    stagingAs([
      STAGING_LINES.userPool,
      STAGING_LINES.client,
      STAGING_LINES.identityPool,
      STAGING_LINES.auth,
      STAGING_LINES.unauth,
      `groups: [${names}]`,
    ]);
  /** `count` more groups of the staging pool (G01, G02, …), after ADMINS, each with a role. */
  const moreGroups = (count: number) => {
    const staging = pool(aws.state, 'us-east-1_StAg12345');
    for (let i = 1; i <= count; i++) {
      staging.groups.push({
        groupName: `G${String(i).padStart(2, '0')}`,
        roleArn: ADMINS_ROLE,
        createTime: 0,
      });
    }
  };
  const G = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `G${String(from + i).padStart(2, '0')}`);

  it('two groups: the summary says which, and both roles are written', async () => {
    moreGroups(1);
    const result = await pushStaging(withGroups(['ADMINS', 'G01']));
    expect(annotations(result.stdout)).toEqual([]);
    expect(howFound(result)).toMatchObject({ groups: 'the roles of groups ADMINS, G01' });
    expect(aws.state.branchVariables(APP, 'staging').USER_POOL_GROUPS).toBe(
      JSON.stringify({ ADMINS: ADMINS_ROLE, G01: ADMINS_ROLE }),
    );
  });

  it('a group without an IAM role: refused, naming it, not left out quietly', async () => {
    pool(aws.state, 'us-east-1_StAg12345').groups.push({ groupName: 'EDITORS', createTime: 0 });
    const result = await pushStaging(withGroups(['ADMINS', 'EDITORS']));
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      'environments.staging.groups: group "EDITORS" of user pool us-east-1_StAg12345 has no IAM role. Give the group a role, or leave it out.',
    ]);
    expect(operations().UpdateBranch).toBeUndefined();
  });

  it('more than 10 named, one missing: the pool is listed once, and the error shows its first 10 groups', async () => {
    moreGroups(11);
    const result = await pushStaging(withGroups(['ADMINS', ...G(1, 9), 'MISSING']));
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([
      `environments.staging.groups: group "MISSING" of user pool us-east-1_StAg12345 does not exist (Group not found.). The pool has 12 groups; the first 10: ADMINS, ${G(1, 9).join(', ')}. Fix the name, or create the group.`,
    ]);
    expect(operations()).toMatchObject({ ListGroups: 1 });
    expect(operations().GetGroup).toBeUndefined();
  });

  it('more than 10 named, one missing, in a pool of exactly 10: all 10 shown, none left out', async () => {
    moreGroups(9);
    const result = await pushStaging(withGroups(['ADMINS', ...G(1, 9), 'MISSING']));
    expect(annotations(result.stdout)).toEqual([
      `environments.staging.groups: group "MISSING" of user pool us-east-1_StAg12345 does not exist (Group not found.). The pool has 10 groups: ADMINS, ${G(1, 9).join(', ')}. Fix the name, or create the group.`,
    ]);
  });

  it('10 named, one missing: each read on its own, and the error does not list the pool', async () => {
    moreGroups(11);
    const result = await pushStaging(withGroups(['ADMINS', ...G(1, 8), 'MISSING']));
    expect(annotations(result.stdout)).toEqual([
      'environments.staging.groups: group "MISSING" of user pool us-east-1_StAg12345 does not exist (Group not found.). Fix the name, or create the group.',
    ]);
    expect(operations().ListGroups).toBeUndefined();
  });
});

describe('a lookup whose read is denied names the call and what it read, and writes nothing', () => {
  const POOL = STAGING.USER_POOL_ID;
  const IDENTITY_POOL = STAGING.IDENTITY_POOL_ID;
  const BY_TAGS = 'userPool: { tags: { "amplify-auth:environment": staging } }';
  const lines = (overrides: Partial<typeof STAGING_LINES>) =>
    Object.values({ ...STAGING_LINES, ...overrides });
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** The annotation of a denied read: the call, what it read, AWS's own words, and the fix. */
  const denied = (action: string, what: string, key = '') =>
    expect.stringMatching(
      new RegExp(
        `^${escaped(`${key}AWS denied ${action} on ${what} (AccessDeniedException: `)}.*${escaped(`${action} action). Grant it to the role this workflow assumes; the README lists the policy.`)}$`,
      ),
    );

  it.each([
    [
      'the user pool by name',
      lines({ userPool: 'userPool: { name: amplify-auth-staging }' }),
      ['cognito-idp:ListUserPools'],
      denied('cognito-idp:ListUserPools', 'the user pools in us-east-1'),
    ],
    [
      'the user pool by tags, every pool listed (tag:GetResources denied)',
      lines({ userPool: BY_TAGS }),
      ['tag:GetResources', 'cognito-idp:ListUserPools'],
      denied('cognito-idp:ListUserPools', 'the user pools in us-east-1'),
    ],
    [
      'the user pool by tags, each pool described (tag:GetResources denied)',
      lines({ userPool: BY_TAGS }),
      ['tag:GetResources', 'cognito-idp:DescribeUserPool'],
      denied('cognito-idp:DescribeUserPool', 'user pool us-east-1_PrOd12345'),
    ],
    [
      'the app client by name',
      lines({ client: 'userPoolClient: { name: storefront-web-staging }' }),
      ['cognito-idp:ListUserPoolClients'],
      denied('cognito-idp:ListUserPoolClients', `the app clients of user pool ${POOL}`),
    ],
    [
      'the only app client',
      lines({ client: '' }),
      ['cognito-idp:ListUserPoolClients'],
      denied('cognito-idp:ListUserPoolClients', `the app clients of user pool ${POOL}`),
    ],
    [
      'the identity pool by name',
      lines({ identityPool: 'identityPool: { name: amplify_auth_staging }' }),
      ['cognito-identity:ListIdentityPools'],
      denied('cognito-identity:ListIdentityPools', 'the identity pools in us-east-1'),
    ],
    [
      'the identity pool that trusts the client, listed',
      lines({ identityPool: '' }),
      ['cognito-identity:ListIdentityPools'],
      denied('cognito-identity:ListIdentityPools', 'the identity pools in us-east-1'),
    ],
    [
      'the identity pool that trusts the client, described',
      lines({ identityPool: '' }),
      ['cognito-identity:DescribeIdentityPool'],
      denied(
        'cognito-identity:DescribeIdentityPool',
        'identity pool us-east-1:11111111-1111-4111-8111-111111111111',
      ),
    ],
    [
      "the roles from the identity pool's",
      lines({ auth: '' }),
      ['cognito-identity:GetIdentityPoolRoles'],
      denied('cognito-identity:GetIdentityPoolRoles', `identity pool ${IDENTITY_POOL}`),
    ],
    [
      'every group',
      lines({ groups: 'groups: all' }),
      ['cognito-idp:ListGroups'],
      denied('cognito-idp:ListGroups', `user pool ${POOL}`),
    ],
    [
      'more than 10 groups by name',
      lines({ groups: `groups: [ADMINS, ${Array.from({ length: 10 }, (_, i) => `G${i}`).join(', ')}]` }),
      ['cognito-idp:ListGroups'],
      denied('cognito-idp:ListGroups', `user pool ${POOL}`),
    ],
    [
      'a group by name',
      lines({ groups: 'groups: [ADMINS]' }),
      ['cognito-idp:GetGroup'],
      denied('cognito-idp:GetGroup', `group "ADMINS" of user pool ${POOL}`, 'environments.staging.groups: '),
    ],
  ])('%s', async (_, file, deny, message) => {
    aws.state.deny.push(...deny);
    const result = await pushStagingInProcess(aws, stagingAs(file));
    expect(result.exitCode).toBe(1);
    expect(annotations(result.stdout)).toEqual([message]);
    expect(operations().UpdateBranch).toBeUndefined();
  });
});
