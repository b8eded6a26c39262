// The thin AWS edge of the resolve stage: find each ID the file does not give, in the app's region. Lists are
// walked only as far as the answer needs (a second match already makes a lookup ambiguous), and every resource
// read here is read through the run's CognitoReader, so the checks that follow do not read it again. The lists are
// walked by paging.ts: a walk always ends (a page token seen twice, or the page cap, stops it with an ActionError
// naming the list), and a resource listed on two pages reaches the scans here once, so it is one match.

import type { GroupType } from '@aws-sdk/client-cognito-identity-provider';
import { regionOfUserPool, userPoolProviderName } from '../core/aws-ids.ts';
import {
  type CognitoIds,
  type Environment,
  GIVEN_IN_FILE,
  type ResolvedEnvironment,
  type Source,
  type VariableKey,
} from '../core/config/types.ts';
import { ActionError, type Problem, settle } from '../core/errors.ts';
import {
  type Candidate,
  describeTags,
  exactlyOne,
  type Found,
  hasTags,
  listed,
  misshapenIds,
  provenance,
  type Search,
} from '../core/resolve.ts';
import { count } from '../core/text.ts';
import type { CognitoReader } from './cognito-reader.ts';
import { classifyAwsError, describeAwsFailure, readOrStop } from './failure.ts';
import type { TaggedResources } from './tagged-resources.ts';

export interface DiscoveryContext {
  /** The app's region: where lookups search. */
  region: string;
  cognito: CognitoReader;
  /** The Resource Groups Tagging API, for tag lookups; describing every pool is the fallback when it is denied. */
  tagged: TaggedResources;
}

/** Every ID of the environment, given or found; an ActionError lists every lookup that failed. */
export async function resolveEnvironment(
  environment: Environment,
  context: DiscoveryContext,
): Promise<ResolvedEnvironment> {
  const { spec } = environment;
  const search = (key: VariableKey, kind: string, scope: string, criterion: string, fix: string): Search => ({
    kind,
    scope,
    criterion,
    fix,
    key: `environments.${environment.name}.${fileKey(key, spec)}`,
    location: environment.idLocations[key],
  });

  const userPoolId = await findUserPool(spec.userPoolId, context, search);
  const [client, groups] = await Promise.all([
    settle(findClient(spec.userPoolClientId, userPoolId, context, search)),
    settle(findGroups(environment, userPoolId, context)),
  ]);
  const problems: Problem[] = [client, groups].flatMap((result) => (result.ok ? [] : result.problems));
  if (!client.ok) throw new ActionError(problems);

  const identityPoolId = await settle(
    findIdentityPool(spec.identityPoolId, userPoolId, client.value, context, search),
  );
  if (!identityPoolId.ok) throw new ActionError([...problems, ...identityPoolId.problems]);
  const roles = await settle(findRoles(environment, identityPoolId.value, context));
  if (!roles.ok || !groups.ok) throw new ActionError([...problems, ...(roles.ok ? [] : roles.problems)]);

  const ids: CognitoIds = {
    userPoolId,
    userPoolClientId: client.value,
    identityPoolId: identityPoolId.value,
    ...roles.value,
    groups: groups.value,
  };
  const misshapen = misshapenIds(ids, `environments.${environment.name}`, environment.location);
  if (misshapen.length > 0) throw new ActionError(misshapen);
  return {
    ...environment,
    ids,
    provenance: {
      userPoolId: provenance(spec.userPoolId),
      userPoolClientId: provenance(spec.userPoolClientId),
      identityPoolId: provenance(spec.identityPoolId),
      authRoleArn: provenance(spec.authRoleArn, 'authenticated'),
      unauthRoleArn: provenance(spec.unauthRoleArn, 'unauthenticated'),
      groups:
        spec.groups.kind === 'given'
          ? GIVEN_IN_FILE
          : spec.groups.kind === 'all'
            ? `every group of the user pool with a role (${Object.keys(groups.value).length})`
            : `the roles of groups ${spec.groups.names.join(', ')}`,
    },
  };
}

/** The key the file used for a value (the lookup's own key when there is one). */
function fileKey(key: VariableKey, spec: Environment['spec']): string {
  const lookup: Partial<Record<VariableKey, string>> = {
    userPoolId: 'userPool',
    userPoolClientId: 'userPoolClient',
    identityPoolId: 'identityPool',
  };
  const source = spec[key] as Source;
  return source.kind === 'name' || source.kind === 'tags' ? (lookup[key] ?? key) : key;
}

type SearchFor = (key: VariableKey, kind: string, scope: string, criterion: string, fix: string) => Search;

async function findUserPool(source: Source, context: DiscoveryContext, search: SearchFor): Promise<string> {
  if (source.kind === 'given') return source.value;
  const scope = `in ${context.region}`;
  if (source.kind === 'name') {
    const found = await scan(
      context.cognito.userPoolPages(context.region),
      (pool) => pool.Name === source.name,
      'cognito-idp:ListUserPools',
      `the user pools ${scope}`,
      (pool) => ({ id: pool.Id ?? '', name: pool.Name ?? '' }),
    );
    return exactlyOne(
      found,
      search(
        'userPoolId',
        'user pool',
        scope,
        `named "${source.name}"`,
        'Give the exact name, find it by tags instead, or give userPoolId.',
      ),
    ).id;
  }
  if (source.kind !== 'tags') throw new Error(`a user pool cannot be found by ${source.kind}`);
  const criterion = `tagged ${describeTags(source.tags)}`;
  const fix = 'Add a tag that tells the pools apart, or give userPoolId.';
  const tagged = await context.tagged.userPools(context.region, source.tags);
  if (tagged !== 'denied') {
    const all = { matches: tagged, seen: tagged, complete: true };
    return exactlyOne(all, search('userPoolId', 'user pool', scope, criterion, fix)).id;
  }
  // Without tag:GetResources, every pool of the region is described (paced), until a second match settles it.
  const found = await scanDescribing(
    context.cognito.userPoolPages(context.region),
    (listed) =>
      readOrStop('cognito-idp:DescribeUserPool', `user pool ${listed.Id}`, () =>
        context.cognito.describeUserPool(listed.Id ?? ''),
      ),
    (pool) => hasTags(pool.UserPoolTags, source.tags),
    'cognito-idp:ListUserPools',
    `the user pools ${scope}`,
    (pool) => ({ id: pool.Id ?? '', name: pool.Name ?? '' }),
  );
  return exactlyOne(found, search('userPoolId', 'user pool', scope, criterion, fix)).id;
}

async function findClient(
  source: Source,
  poolId: string,
  context: DiscoveryContext,
  search: SearchFor,
): Promise<string> {
  if (source.kind === 'given') return source.value;
  const scope = `of user pool ${poolId}`;
  const wanted = source.kind === 'name' ? source.name : undefined;
  const found = await scan(
    context.cognito.clientPages(poolId),
    (client) => wanted === undefined || client.ClientName === wanted,
    'cognito-idp:ListUserPoolClients',
    `the app clients ${scope}`,
    (client) => ({ id: client.ClientId ?? '', name: client.ClientName ?? '' }),
  );
  if (wanted !== undefined) {
    return exactlyOne(
      found,
      search(
        'userPoolClientId',
        'app client',
        scope,
        `named "${wanted}"`,
        'Give the exact name, or userPoolClientId.',
      ),
    ).id;
  }
  const { matches } = found;
  const [only] = matches;
  if (matches.length === 1 && only) return only.id;
  const { key, location } = search('userPoolClientId', 'app client', scope, '', '');
  // Two matches or more: the scan stopped at the second, so there may be more.
  throw new ActionError({
    message: `${key}: not given, and user pool ${poolId} has ${matches.length === 0 ? 'no app client' : `at least ${count(matches.length, 'app client')} (${listed(matches)})`}, so there is no only one to take. Give userPoolClient with a name, or userPoolClientId.`,
    location,
  });
}

async function findIdentityPool(
  source: Source,
  poolId: string,
  clientId: string,
  context: DiscoveryContext,
  search: SearchFor,
): Promise<string> {
  if (source.kind === 'given') return source.value;
  const region = regionOfUserPool(poolId) || context.region;
  const scope = `in ${region}`;
  const pages = context.cognito.identityPoolPages(region);
  const candidate = (pool: { IdentityPoolId?: string; IdentityPoolName?: string }) => ({
    id: pool.IdentityPoolId ?? '',
    name: pool.IdentityPoolName ?? '',
  });
  if (source.kind === 'name') {
    const found = await scan(
      pages,
      (pool) => pool.IdentityPoolName === source.name,
      'cognito-identity:ListIdentityPools',
      `the identity pools ${scope}`,
      candidate,
    );
    return exactlyOne(
      found,
      search(
        'identityPoolId',
        'identity pool',
        scope,
        `named "${source.name}"`,
        'Give the exact name, or identityPoolId.',
      ),
    ).id;
  }
  // No name: which pool trusts this user pool and client is only in each pool's description, so every identity
  // pool of the region is described (paced), until a second match settles it.
  const provider = userPoolProviderName(poolId);
  const found = await scanDescribing(
    pages,
    (listed) =>
      readOrStop('cognito-identity:DescribeIdentityPool', `identity pool ${listed.IdentityPoolId}`, () =>
        context.cognito.describeIdentityPool(listed.IdentityPoolId ?? ''),
      ),
    (pool) =>
      (pool.CognitoIdentityProviders ?? []).some(
        (p) => p.ProviderName === provider && p.ClientId === clientId,
      ),
    'cognito-identity:ListIdentityPools',
    `the identity pools ${scope}`,
    candidate,
  );
  return exactlyOne(
    found,
    search(
      'identityPoolId',
      'identity pool',
      scope,
      `trusting ${provider} with client ${clientId}`,
      'Give identityPool with a name, or identityPoolId.',
    ),
  ).id;
}

async function findRoles(
  environment: Environment,
  identityPoolId: string,
  context: DiscoveryContext,
): Promise<Pick<CognitoIds, 'authRoleArn' | 'unauthRoleArn'>> {
  const { authRoleArn, unauthRoleArn } = environment.spec;
  if (authRoleArn.kind === 'given' && unauthRoleArn.kind === 'given') {
    return { authRoleArn: authRoleArn.value, unauthRoleArn: unauthRoleArn.value };
  }
  const roles = await readOrStop(
    'cognito-identity:GetIdentityPoolRoles',
    `identity pool ${identityPoolId}`,
    () => context.cognito.identityPoolRoles(identityPoolId),
  );
  const pick = (
    source: Source,
    kind: 'authenticated' | 'unauthenticated',
    key: 'authRoleArn' | 'unauthRoleArn',
  ): string => {
    if (source.kind === 'given') return source.value;
    const arn = roles[kind];
    if (arn) return arn;
    throw new ActionError({
      message: `environments.${environment.name}: ${key} is not given, and identity pool ${identityPoolId} has no ${kind} role to take it from. Attach one to the identity pool (referenceAuth needs both), or give ${key}.`,
      location: environment.location,
    });
  };
  return {
    authRoleArn: pick(authRoleArn, 'authenticated', 'authRoleArn'),
    unauthRoleArn: pick(unauthRoleArn, 'unauthenticated', 'unauthRoleArn'),
  };
}

/** Up to this many groups named in the file are read one by one; more, and the pool's whole list is cheaper. */
const GROUPS_READ_BY_NAME = 10;

async function findGroups(
  environment: Environment,
  poolId: string,
  context: DiscoveryContext,
): Promise<Record<string, string>> {
  const { groups } = environment.spec;
  if (groups.kind === 'given') return groups.value;
  const location = environment.idLocations.groups;
  const key = `environments.${environment.name}.groups`;
  if (groups.kind === 'all') {
    const all = await readOrStop('cognito-idp:ListGroups', `user pool ${poolId}`, () =>
      context.cognito.groups(poolId),
    );
    return Object.fromEntries(
      all.flatMap(({ GroupName, RoleArn }) => (RoleArn ? [[GroupName ?? '', RoleArn]] : [])),
    );
  }
  const all =
    groups.names.length > GROUPS_READ_BY_NAME
      ? await readOrStop('cognito-idp:ListGroups', `user pool ${poolId}`, () =>
          context.cognito.groups(poolId),
        )
      : undefined;
  const found = await Promise.all(
    groups.names.map((name) =>
      context.cognito.group(poolId, name).then(
        (value) => ({ name, ok: true as const, value }),
        (error: unknown) => ({ name, ok: false as const, error }),
      ),
    ),
  );
  const problems: Problem[] = [];
  const resolved: Record<string, string> = {};
  for (const group of found) {
    const { name } = group;
    if (!group.ok) {
      const what = `group "${name}" of user pool ${poolId}`;
      for (const message of groupReadFailure(group.error, what, all)) {
        problems.push({ message: `${key}: ${message}`, location });
      }
    } else if (!group.value.RoleArn) {
      problems.push({
        message: `${key}: group "${name}" of user pool ${poolId} has no IAM role. Give the group a role, or leave it out.`,
        location,
      });
    } else {
      resolved[name] = group.value.RoleArn;
    }
  }
  if (problems.length > 0) throw new ActionError(problems);
  return resolved;
}

/**
 * Why a group named in the file could not be read: a name the pool does not have (with the groups it has, when
 * they were listed), or the read's own failure (denied, throttled), which no renaming fixes.
 */
function groupReadFailure(error: unknown, what: string, all: readonly GroupType[] | undefined): string[] {
  if (error instanceof ActionError) return error.problems.map((problem) => problem.message);
  const failure = classifyAwsError(error);
  if (failure.kind !== 'not-found') return [describeAwsFailure(error, 'cognito-idp:GetGroup', what)];
  const shown = all
    ?.slice(0, 10)
    .map((group) => group.GroupName)
    .join(', ');
  const first = all && all.length > 10 ? '; the first 10' : '';
  const listing = all ? ` The pool has ${all.length} groups${first}: ${shown}.` : '';
  return [`${what} does not exist (${failure.message}).${listing} Fix the name, or create the group.`];
}

/** Walks the pages, keeping what matches, and stops at the second match: the lookup is ambiguous already. */
function scan<T>(
  pages: AsyncGenerator<T[]>,
  matches: (item: T) => boolean,
  action: string,
  what: string,
  candidate: (item: T) => Candidate,
): Promise<Found> {
  return scanDescribing(pages, async (item) => item, matches, action, what, candidate);
}

/** As `scan`, for a match that only an item's description shows: each page's items are described at once (paced). */
async function scanDescribing<T, D>(
  pages: AsyncGenerator<T[]>,
  describe: (item: T) => Promise<D>,
  matches: (described: D) => boolean,
  action: string,
  what: string,
  candidate: (described: D) => Candidate,
): Promise<Found> {
  const found: Candidate[] = [];
  const seen: Candidate[] = [];
  let complete = true;
  await walk(pages, action, what, async (items) => {
    for (const item of await Promise.all(items.map(describe))) {
      seen.push(candidate(item));
      if (matches(item)) found.push(candidate(item));
    }
    complete = found.length < 2;
    return complete;
  });
  return { matches: found, seen, complete };
}

/** Feeds each page to `onPage` until it returns false or the pages end; AWS failures become ActionErrors. */
async function walk<T>(
  pages: AsyncGenerator<T[]>,
  action: string,
  what: string,
  onPage: (items: T[]) => Promise<boolean>,
): Promise<void> {
  try {
    for await (const page of pages) {
      if (!(await onPage(page))) return;
    }
  } catch (error) {
    if (error instanceof ActionError) throw error;
    throw new ActionError({ message: describeAwsFailure(error, action, what) });
  }
}
