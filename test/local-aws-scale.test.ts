// The quota-size account (local-aws/scale-seed.ts) and the Cognito list operations at that size, through the real
// SDK v3 clients and their paginators.
import {
  DescribeIdentityPoolCommand,
  ListIdentityPoolsCommand,
  paginateListIdentityPools,
} from '@aws-sdk/client-cognito-identity';
import {
  DescribeUserPoolClientCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  paginateListGroups,
  paginateListUserPoolClients,
  paginateListUserPools,
} from '@aws-sdk/client-cognito-identity-provider';
import { paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  benchClientId,
  benchIdentityPoolId,
  benchUserPoolId,
  bigPoolId,
  quotaSizeSeed,
} from '../local-aws/scale-seed.ts';
import { loadSeed } from '../local-aws/seed.ts';
import { type LocalAws, startLocalAws } from '../local-aws/server.ts';
import { clientsFor as clientsWith, failure } from './support/sdk.ts';

/** One attempt: a throttled or refused page is seen as it is answered. */
const clientsFor = (aws: LocalAws) => clientsWith(aws, { maxAttempts: 1 });

const region = 'us-east-1';
const account = '111122223333';
const bigPool = bigPoolId();

/** Drains a paginator: the items (by the given key) and the size of every page. */
async function drain<Page>(pages: AsyncIterable<Page>, items: (page: Page) => string[] | undefined) {
  const all: string[] = [];
  const sizes: number[] = [];
  for await (const page of pages) {
    const list = items(page) ?? [];
    sizes.push(list.length);
    all.push(...list);
  }
  return { all, sizes };
}

let aws: LocalAws;
let sdk: ReturnType<typeof clientsFor>;

beforeAll(async () => {
  aws = await startLocalAws({ seed: quotaSizeSeed() });
  sdk = clientsFor(aws);
});

afterAll(async () => {
  await aws?.close();
});

describe('the quota-size seed', () => {
  it('is deterministic and passes the loader', () => {
    expect(quotaSizeSeed()).toEqual(quotaSizeSeed());
    const state = loadSeed(quotaSizeSeed());
    const pools = state.regions[region]?.userPools ?? [];
    const identityPools = state.regions[region]?.identityPools ?? [];
    expect([pools.length, identityPools.length]).toEqual([1000, 1000]);
    // The sample seed's content is all there, unchanged, first.
    const sample = loadSeed(new URL('../local-aws/sample-seed.json', import.meta.url).pathname);
    expect(pools.slice(0, 5)).toEqual(sample.regions[region]?.userPools);
    expect(identityPools.slice(0, 5)).toEqual(sample.regions[region]?.identityPools);
    expect(state.regions['eu-west-1']).toEqual(sample.regions['eu-west-1']);
    expect(state.roles).toEqual(sample.roles);
    expect(state.regions[region]?.apps).toEqual(sample.regions[region]?.apps);
  });

  it('uses real Cognito ID formats, unique IDs and names, and the documented naming scheme', () => {
    const state = loadSeed(quotaSizeSeed());
    const pools = state.regions[region]?.userPools ?? [];
    const identityPools = state.regions[region]?.identityPools ?? [];
    const bench = pools.slice(5);
    expect(bench.every((pool) => /^us-east-1_[0-9A-Za-z]{9}$/.test(pool.id))).toBe(true);
    const clients = pools.flatMap((pool) => pool.clients);
    expect(clients.filter((client) => !/^[a-z0-9]{26}$/.test(client.clientId))).toEqual([]);
    expect(
      identityPools
        .slice(5)
        .every((pool) => /^us-east-1:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(pool.id)),
    ).toBe(true);
    for (const values of [
      pools.map((pool) => pool.id),
      pools.map((pool) => pool.name),
      clients.map((client) => client.clientId),
      identityPools.map((pool) => pool.id),
      identityPools.map((pool) => pool.name),
    ]) {
      expect(new Set(values).size).toBe(values.length);
    }
    expect(bench[42]).toMatchObject({
      id: benchUserPoolId(42),
      name: 'bench-pool-0042',
      tags: { env: 'bench', app: 'bench-0042' },
      clients: [{ clientId: benchClientId(42, 0), clientName: 'bench-pool-0042-client-0000' }],
    });
    expect(identityPools[5 + 42]).toMatchObject({
      id: benchIdentityPoolId(42),
      name: 'bench_identity_0042',
      tags: { env: 'bench', app: 'bench-0042' },
      cognitoProviders: [
        {
          providerName: `cognito-idp.us-east-1.amazonaws.com/${benchUserPoolId(42)}`,
          clientId: benchClientId(42, 0),
        },
      ],
    });
    expect(bench.at(-1)?.name).toBe('bench-pool-0994');
    // Every identity pool's provider names a pool and a client that exist.
    for (const identityPool of identityPools.slice(5)) {
      const [provider] = identityPool.cognitoProviders;
      const pool = state.userPool(provider?.providerName.split('/')[1] ?? '');
      expect(pool?.clients.some((client) => client.clientId === provider?.clientId)).toBe(true);
    }
    const big = state.userPool(bigPool);
    expect([big?.name, big?.clients.length, big?.groups.length]).toEqual(['bench-pool-0000', 1000, 500]);
    expect(big?.groups[499]).toMatchObject({
      groupName: 'bench-group-0499',
      precedence: 499,
      roleArn: `arn:aws:iam::${account}:role/bench-group-0499`,
    });
  });

  it('takes a region and sizes, and refuses sizes it cannot reach', () => {
    const seed = quotaSizeSeed({
      region: 'eu-west-1',
      userPools: 10,
      identityPools: 3,
      clients: 4,
      groups: 2,
    });
    const state = loadSeed(seed);
    expect(state.regions['eu-west-1']?.userPools.map((pool) => pool.id)).toEqual([
      'eu-west-1_EuRoPe001',
      ...Array.from({ length: 9 }, (_, n) => benchUserPoolId(n, 'eu-west-1')),
    ]);
    expect(state.regions['eu-west-1']?.identityPools).toHaveLength(3);
    expect(state.userPool(bigPoolId('eu-west-1'))?.clients).toHaveLength(4);
    expect(state.userPool(bigPoolId('eu-west-1'))?.groups).toHaveLength(2);
    expect(state.regions[region]?.userPools).toHaveLength(5);
    expect(() => quotaSizeSeed({ userPools: 5 })).toThrow(/userPools must be an integer >= 6/);
    expect(() => quotaSizeSeed({ identityPools: 4 })).toThrow(/identityPools must be an integer >= 5/);
    expect(() => quotaSizeSeed({ region: 'mars' })).toThrow(/not a region name/);
  });
});

describe('the list operations at quota size, largest page sizes', () => {
  it('ListUserPools (MaxResults 60): 1,000 pools', async () => {
    const { all, sizes } = await drain(
      paginateListUserPools({ client: sdk.idp }, { MaxResults: 60 }),
      (page) => page.UserPools?.map((pool) => pool.Id ?? ''),
    );
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
    expect(sizes).toEqual([...Array(16).fill(60), 40]);
  });

  it('ListIdentityPools (MaxResults 60): 1,000 pools', async () => {
    const { all, sizes } = await drain(
      paginateListIdentityPools({ client: sdk.identity }, { MaxResults: 60 }),
      (page) => page.IdentityPools?.map((pool) => pool.IdentityPoolId ?? ''),
    );
    expect(new Set(all).size).toBe(1000);
    expect(sizes).toEqual([...Array(16).fill(60), 40]);
  });

  it('ListUserPoolClients (MaxResults 60): 1,000 clients of the big pool', async () => {
    const { all, sizes } = await drain(
      paginateListUserPoolClients({ client: sdk.idp }, { UserPoolId: bigPool, MaxResults: 60 }),
      (page) => page.UserPoolClients?.map((client) => client.ClientId ?? ''),
    );
    expect(new Set(all).size).toBe(1000);
    expect(all.at(-1)).toBe(benchClientId(0, 999));
    expect(sizes).toEqual([...Array(16).fill(60), 40]);
    const { UserPoolClient } = await sdk.idp.send(
      new DescribeUserPoolClientCommand({ UserPoolId: bigPool, ClientId: benchClientId(0, 999) }),
    );
    expect(UserPoolClient?.ClientName).toBe('bench-pool-0000-client-0999');
  });

  it('ListGroups (Limit 60): 500 groups with role ARNs', async () => {
    const roles: string[] = [];
    const { all, sizes } = await drain(
      paginateListGroups({ client: sdk.idp }, { UserPoolId: bigPool, Limit: 60 }),
      (page) => {
        roles.push(...(page.Groups ?? []).map((group) => group.RoleArn ?? ''));
        return page.Groups?.map((group) => group.GroupName ?? '');
      },
    );
    expect(new Set(all).size).toBe(500);
    expect(sizes).toEqual([...Array(8).fill(60), 20]);
    expect(roles.every((arn) => arn.startsWith(`arn:aws:iam::${account}:role/bench-group-`))).toBe(true);
  });

  it('GetResources (ResourcesPerPage 100): every bench pool by its tag, one by its app tag', async () => {
    const { all, sizes } = await drain(
      paginateGetResources(
        { client: sdk.tagging, pageSize: 100 },
        { TagFilters: [{ Key: 'env', Values: ['bench'] }] },
      ),
      (page) => page.ResourceTagMappingList?.map((mapping) => mapping.ResourceARN ?? ''),
    );
    expect(all).toHaveLength(995 + 995);
    expect(sizes).toEqual([...Array(19).fill(100), 90]);
    const one = await drain(
      paginateGetResources(
        { client: sdk.tagging },
        {
          ResourceTypeFilters: ['cognito-identity:identitypool'],
          TagFilters: [{ Key: 'app', Values: ['bench-0042'] }],
        },
      ),
      (page) => page.ResourceTagMappingList?.map((mapping) => mapping.ResourceARN ?? ''),
    );
    expect(one.all).toEqual([
      `arn:aws:cognito-identity:${region}:${account}:identitypool/${benchIdentityPoolId(42)}`,
    ]);
    const pool = await sdk.identity.send(
      new DescribeIdentityPoolCommand({ IdentityPoolId: benchIdentityPoolId(42) }),
    );
    expect(pool.IdentityPoolName).toBe('bench_identity_0042');
  });

  it.each<[string, () => Promise<unknown>]>([
    ['ListUserPools MaxResults 61', () => sdk.idp.send(new ListUserPoolsCommand({ MaxResults: 61 }))],
    ['ListUserPools MaxResults 0', () => sdk.idp.send(new ListUserPoolsCommand({ MaxResults: 0 }))],
    ['ListUserPools without MaxResults', () => sdk.idp.send(new ListUserPoolsCommand({} as never))],
    [
      'ListUserPoolClients MaxResults 61',
      () => sdk.idp.send(new ListUserPoolClientsCommand({ UserPoolId: bigPool, MaxResults: 61 })),
    ],
    [
      'ListUserPoolClients MaxResults 0',
      () => sdk.idp.send(new ListUserPoolClientsCommand({ UserPoolId: bigPool, MaxResults: 0 })),
    ],
    ['ListGroups Limit 61', () => sdk.idp.send(new ListGroupsCommand({ UserPoolId: bigPool, Limit: 61 }))],
    ['ListGroups Limit -1', () => sdk.idp.send(new ListGroupsCommand({ UserPoolId: bigPool, Limit: -1 }))],
    [
      'ListIdentityPools MaxResults 61',
      () => sdk.identity.send(new ListIdentityPoolsCommand({ MaxResults: 61 })),
    ],
    [
      'ListIdentityPools MaxResults 0',
      () => sdk.identity.send(new ListIdentityPoolsCommand({ MaxResults: 0 })),
    ],
    [
      'ListIdentityPools without MaxResults',
      () => sdk.identity.send(new ListIdentityPoolsCommand({} as never)),
    ],
  ])('%s: InvalidParameterException (400)', async (_label, call) => {
    const error = await failure(call());
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['InvalidParameterException', 400]);
  });

  it('ListGroups Limit 0 is allowed (the model says 0–60) and answers a page with a token', async () => {
    const page = await sdk.idp.send(new ListGroupsCommand({ UserPoolId: bigPool, Limit: 0 }));
    expect(page.Groups?.length).toBeGreaterThan(0);
    expect(page.NextToken).toEqual(expect.any(String));
  });

  it('tokens are opaque and bound to their list: one pool’s client token is refused for another pool', async () => {
    const { NextToken } = await sdk.idp.send(
      new ListUserPoolClientsCommand({ UserPoolId: bigPool, MaxResults: 1 }),
    );
    expect(NextToken).not.toMatch(/^\d+$/);
    expect(Buffer.from(NextToken ?? '', 'base64').toString()).not.toBe('1');
    const elsewhere = await failure(
      sdk.idp.send(new ListUserPoolClientsCommand({ UserPoolId: benchUserPoolId(1), NextToken })),
    );
    expect(elsewhere.name).toBe('InvalidParameterException');
  });

  it('with a server page cap of 25, pages are short but carry a token, and every item still comes once', async () => {
    const capped = await startLocalAws({ seed: quotaSizeSeed(), maxPageSize: 25 });
    try {
      const clients = clientsFor(capped);
      const results = [
        await drain(paginateListUserPools({ client: clients.idp }, { MaxResults: 60 }), (page) =>
          page.UserPools?.map((pool) => pool.Id ?? ''),
        ),
        await drain(paginateListIdentityPools({ client: clients.identity }, { MaxResults: 60 }), (page) =>
          page.IdentityPools?.map((pool) => pool.IdentityPoolId ?? ''),
        ),
        await drain(
          paginateListUserPoolClients({ client: clients.idp }, { UserPoolId: bigPool, MaxResults: 60 }),
          (page) => page.UserPoolClients?.map((client) => client.ClientId ?? ''),
        ),
      ];
      for (const { all, sizes } of results) {
        expect(new Set(all).size).toBe(1000);
        expect(sizes).toEqual(Array(40).fill(25));
      }
      const groups = await drain(
        paginateListGroups({ client: clients.idp }, { UserPoolId: bigPool, Limit: 60 }),
        (page) => page.Groups?.map((group) => group.GroupName ?? ''),
      );
      expect(groups.sizes).toEqual(Array(20).fill(25));
      const first = await clients.idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
      expect([first.UserPools?.length, typeof first.NextToken]).toEqual([25, 'string']);
    } finally {
      await capped.close();
    }
  });
});
