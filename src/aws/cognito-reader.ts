// Every Cognito read the action makes, in one place: each resource is fetched once per run (the discovery and the
// checks share the answers), lists are walked with the SDK's paginators at the largest page size each API allows
// (through paging.ts, so that every walk ends and passes each resource on once), and reads are paced to stay within
// Cognito's request-rate quotas, so a large account is not throttled by the action's own calls (throttling that
// happens anyway is retried, see client.ts).
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  type DescribeIdentityPoolCommandOutput,
  GetIdentityPoolRolesCommand,
  type IdentityPoolShortDescription,
  paginateListIdentityPools,
} from '@aws-sdk/client-cognito-identity';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  GetUserPoolMfaConfigCommand,
  type GetUserPoolMfaConfigCommandOutput,
  type GroupType,
  type ProviderDescription,
  paginateListGroups,
  paginateListIdentityProviders,
  paginateListUserPoolClients,
  paginateListUserPools,
  type UserPoolClientDescription,
  type UserPoolDescriptionType,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import pLimit from 'p-limit';
import { regionOfIdentityPool, regionOfUserPool } from '../core/aws-ids.ts';
import type { ClientFacts } from '../core/checks/types.ts';
import { type AwsSettings, clientConfig } from './client.ts';
import { belowQuota, type Paced, slidingWindow } from './pace.ts';
import { type ListWalk, walkPages } from './paging.ts';

/**
 * Cognito's request-rate quotas per category (requests per second, per account and region): UserPoolRead 15,
 * UserPoolClientRead 15, UserPoolResourceRead 20 but at most 5 per operation and pool. Identity pools' own read
 * quotas are not in the documentation we checked; the user-pool read rate is assumed for them.
 */
export const READS_PER_SECOND = { userPool: 15, client: 15, poolResource: 5, identityPool: 15 } as const;

/** Reads in flight at once, whatever their kind. */
const READS_AT_ONCE = 10;

type Category = keyof typeof READS_PER_SECOND;

export class CognitoReader {
  readonly #settings: AwsSettings;
  readonly #userPools = new Map<string, CognitoIdentityProviderClient>();
  readonly #identityPools = new Map<string, CognitoIdentityClient>();
  readonly #memo = new Map<string, Promise<unknown>>();
  readonly #paced: Record<Category, Paced>;
  readonly #maxPages: number | undefined;

  constructor(settings: AwsSettings, readsPerSecond: Partial<Record<Category, number>> = {}) {
    this.#settings = settings;
    this.#maxPages = settings.tuning?.maxPages;
    const atOnce = pLimit(READS_AT_ONCE);
    const paced = (category: Category) => {
      const window = slidingWindow(readsPerSecond[category] ?? belowQuota(READS_PER_SECOND[category]));
      // The slot is taken when the read is about to be sent: the quota counts requests as they arrive.
      return <T>(read: () => Promise<T>) => atOnce(() => window(read));
    };
    this.#paced = {
      userPool: paced('userPool'),
      client: paced('client'),
      poolResource: paced('poolResource'),
      identityPool: paced('identityPool'),
    };
  }

  // ---- user pools -------------------------------------------------------------------------------------------

  /** The user pools of a region, page by page (60 a page, the most ListUserPools allows). */
  async *userPoolPages(region: string): AsyncGenerator<UserPoolDescriptionType[]> {
    const pages = paginateListUserPools(
      { client: this.#userPoolClient(region), pageSize: 60 },
      { MaxResults: 60 },
    );
    yield* this.#walk(pages, {
      action: 'cognito-idp:ListUserPools',
      what: `the user pools in ${region}`,
      items: (page) => page.UserPools,
      nextToken: (page) => page.NextToken,
      id: (pool) => pool.Id,
      paced: this.#paced.userPool,
      fix: 'give userPoolId in the file, which needs no search',
    });
  }

  describeUserPool(id: string): Promise<UserPoolType> {
    return this.#once(`DescribeUserPool ${id}`, 'userPool', async () => {
      const { UserPool } = await this.#userPoolClient(regionOfUserPool(id)).send(
        new DescribeUserPoolCommand({ UserPoolId: id }),
      );
      return present(UserPool, 'UserPool');
    });
  }

  /** The pool's MFA set-up: which methods are on (for amplify_outputs.json). */
  mfaConfig(poolId: string): Promise<GetUserPoolMfaConfigCommandOutput> {
    return this.#once(`GetUserPoolMfaConfig ${poolId}`, 'userPool', () =>
      this.#userPoolClient(regionOfUserPool(poolId)).send(
        new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }),
      ),
    );
  }

  identityProviders(poolId: string): Promise<ProviderDescription[]> {
    return this.#once(`ListIdentityProviders ${poolId}`, 'none', async () => {
      const all: ProviderDescription[] = [];
      const pages = paginateListIdentityProviders(
        { client: this.#userPoolClient(regionOfUserPool(poolId)), pageSize: 60 },
        { UserPoolId: poolId, MaxResults: 60 },
      );
      const walk = this.#walk(pages, {
        action: 'cognito-idp:ListIdentityProviders',
        what: `the identity providers of user pool ${poolId}`,
        items: (page) => page.Providers,
        nextToken: (page) => page.NextToken,
        id: (provider) => provider.ProviderName,
        paced: this.#paced.poolResource,
      });
      for await (const providers of walk) all.push(...providers);
      return all;
    });
  }

  /** The pool's app clients, page by page (60 a page). */
  async *clientPages(poolId: string): AsyncGenerator<UserPoolClientDescription[]> {
    const pages = paginateListUserPoolClients(
      { client: this.#userPoolClient(regionOfUserPool(poolId)), pageSize: 60 },
      { UserPoolId: poolId, MaxResults: 60 },
    );
    yield* this.#walk(pages, {
      action: 'cognito-idp:ListUserPoolClients',
      what: `the app clients of user pool ${poolId}`,
      items: (page) => page.UserPoolClients,
      nextToken: (page) => page.NextToken,
      id: (client) => client.ClientId,
      paced: this.#paced.client,
      fix: 'give userPoolClientId in the file, which needs no search',
    });
  }

  /** The client without its secret: only whether it has one. The secret never leaves this function. */
  describeClient(poolId: string, clientId: string): Promise<ClientFacts> {
    return this.#once(`DescribeUserPoolClient ${poolId} ${clientId}`, 'client', async () => {
      const command = new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId });
      const { UserPoolClient } = await this.#userPoolClient(regionOfUserPool(poolId)).send(command);
      const { ClientSecret, ...client } = present(UserPoolClient, 'UserPoolClient');
      return { ...client, hasSecret: Boolean(ClientSecret) };
    });
  }

  /** Every group of the pool (60 a page). */
  groups(poolId: string): Promise<GroupType[]> {
    return this.#once(`ListGroups ${poolId}`, 'none', async () => {
      const all: GroupType[] = [];
      const pages = paginateListGroups(
        { client: this.#userPoolClient(regionOfUserPool(poolId)), pageSize: 60 },
        { UserPoolId: poolId, Limit: 60 },
      );
      const walk = this.#walk(pages, {
        action: 'cognito-idp:ListGroups',
        what: `the groups of user pool ${poolId}`,
        items: (page) => page.Groups,
        nextToken: (page) => page.NextToken,
        id: (group) => group.GroupName,
        paced: this.#paced.poolResource,
        fix: 'give the groups with their role ARNs in the file, which needs no search',
      });
      for await (const groups of walk) all.push(...groups);
      return all;
    });
  }

  /** One group: from the pool's full list when that was read, otherwise on its own. */
  async group(poolId: string, name: string): Promise<GroupType> {
    const listed = this.#memo.get(`ListGroups ${poolId}`) as Promise<GroupType[]> | undefined;
    if (listed) {
      const found = (await listed).find((group) => group.GroupName === name);
      if (found) return found;
      throw Object.assign(new Error('Group not found.'), { name: 'ResourceNotFoundException' });
    }
    return this.#once(`GetGroup ${poolId} ${name}`, 'poolResource', async () => {
      const { Group } = await this.#userPoolClient(regionOfUserPool(poolId)).send(
        new GetGroupCommand({ UserPoolId: poolId, GroupName: name }),
      );
      return present(Group, 'Group');
    });
  }

  // ---- identity pools ---------------------------------------------------------------------------------------

  /** The identity pools of a region, page by page (60 a page, the most ListIdentityPools allows). */
  async *identityPoolPages(region: string): AsyncGenerator<IdentityPoolShortDescription[]> {
    const pages = paginateListIdentityPools(
      { client: this.#identityPoolClient(region), pageSize: 60 },
      { MaxResults: 60 },
    );
    yield* this.#walk(pages, {
      action: 'cognito-identity:ListIdentityPools',
      what: `the identity pools in ${region}`,
      items: (page) => page.IdentityPools,
      nextToken: (page) => page.NextToken,
      id: (pool) => pool.IdentityPoolId,
      paced: this.#paced.identityPool,
      fix: 'give identityPoolId in the file, which needs no search',
    });
  }

  describeIdentityPool(id: string): Promise<DescribeIdentityPoolCommandOutput> {
    return this.#once(`DescribeIdentityPool ${id}`, 'identityPool', () =>
      this.#identityPoolClient(regionOfIdentityPool(id)).send(
        new DescribeIdentityPoolCommand({ IdentityPoolId: id }),
      ),
    );
  }

  /** The roles attached to the identity pool: `authenticated` and `unauthenticated` (absent when not attached). */
  identityPoolRoles(id: string): Promise<Record<string, string>> {
    return this.#once(`GetIdentityPoolRoles ${id}`, 'identityPool', async () => {
      const { Roles } = await this.#identityPoolClient(regionOfIdentityPool(id)).send(
        new GetIdentityPoolRolesCommand({ IdentityPoolId: id }),
      );
      return Roles ?? {};
    });
  }

  // ---- plumbing ---------------------------------------------------------------------------------------------

  /** The same read asked twice in a run is sent once. `none`: the read paces its own pages. */
  #once<T>(key: string, category: Category | 'none', read: () => Promise<T>): Promise<T> {
    let promise = this.#memo.get(key) as Promise<T> | undefined;
    if (!promise) {
      promise = category === 'none' ? read() : this.#paced[category](read);
      this.#memo.set(key, promise);
    }
    return promise;
  }

  /** Walks a paginator (paging.ts), each page request paced like any other read of its category. */
  #walk<Page, Item>(pages: AsyncIterable<Page>, walk: ListWalk<Page, Item>): AsyncGenerator<Item[]> {
    return walkPages(pages, { maxPages: this.#maxPages, ...walk });
  }

  #userPoolClient(region: string): CognitoIdentityProviderClient {
    let client = this.#userPools.get(region);
    if (!client) {
      client = new CognitoIdentityProviderClient(clientConfig({ ...this.#settings, region }));
      this.#userPools.set(region, client);
    }
    return client;
  }

  #identityPoolClient(region: string): CognitoIdentityClient {
    let client = this.#identityPools.get(region);
    if (!client) {
      client = new CognitoIdentityClient(clientConfig({ ...this.#settings, region }));
      this.#identityPools.set(region, client);
    }
    return client;
  }
}

/** The SDK types every output member as optional; a 200 without the resource is a broken answer. */
function present<T>(value: T | undefined, member: string): T {
  if (value === undefined) throw new Error(`the answer has no ${member}`);
  return value;
}
