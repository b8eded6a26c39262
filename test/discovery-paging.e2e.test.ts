// Discovery over lists that page badly, run as the runner runs the action, against the local AWS with its paging
// switches (local-aws/pagination.ts): what a lookup needs is found on a later page, a page token handed out twice
// stops the search with a message, so does a list that never ends (at the page cap), and a resource listed on two
// pages counts once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PagingQuirk, pagingQuirks } from '../local-aws/pagination.ts';
import type { State } from '../local-aws/state.ts';
import { CognitoReader } from '../src/aws/cognito-reader.ts';
import { MAX_PAGES } from '../src/aws/paging.ts';
import { TaggingApi } from '../src/aws/tagged-resources.ts';
import { ActionError } from '../src/core/errors.ts';
import type { ActionRun } from './support/action.ts';
import { startTestAws, type TestAws } from './support/aws.ts';
import { runInProcess } from './support/in-process.ts';
import { annotations } from './support/runner-log.ts';
import { APP, STAGING, STAGING_LINES, stagingAs } from './support/sample.ts';

const STAGING_POOL = 'us-east-1_StAg12345';

/** Every ID given, except those `lines` replace: by a lookup, or by '' (left out: found from the others). */
const lookingUp = (lines: Partial<Record<keyof typeof STAGING_LINES, string>>) =>
  Object.values({ ...STAGING_LINES, ...lines });

const LOOKUPS = {
  poolByName: { userPool: 'userPool: { name: amplify-auth-staging }' },
  poolByTags: { userPool: 'userPool: { tags: { "amplify-auth:environment": staging } }' },
  clientByName: { client: 'userPoolClient: { name: storefront-web-staging }' },
  onlyClient: { client: '' },
  identityPoolByName: { identityPool: 'identityPool: { name: amplify_auth_staging }' },
  identityPoolByTrust: { identityPool: '' },
  allGroups: { groups: 'groups: all' },
} satisfies Record<string, Partial<Record<keyof typeof STAGING_LINES, string>>>;
const fileFor = (lookup: Partial<Record<keyof typeof STAGING_LINES, string>>) =>
  stagingAs(lookingUp(lookup).filter((line) => line !== ''));

let aws: TestAws;
beforeEach(async () => {
  aws = await startTestAws();
});
afterEach(async () => {
  await aws.close();
});

/** A fresh local AWS whose pages hold at most `maxPageSize` items. */
async function restart(maxPageSize: number) {
  await aws.close();
  aws = await startTestAws({ maxPageSize });
}

const quirk = (...quirks: PagingQuirk[]) => pagingQuirks(aws.state).push(...quirks);

const pushStaging = (file: string, maxPages?: number) =>
  runInProcess(
    {
      inputs: { 'app-id': APP },
      event: { name: 'push', ref: 'refs/heads/staging' },
      awsEnv: aws.env(),
      files: { '.github/amplify-auth.yml': file },
    },
    { backoff: () => 0, ...(maxPages === undefined ? {} : { maxPages }) },
  );

const sent = (operation: string) => aws.requests.filter((request) => request.operation === operation).length;

const pool = (state: State, id: string) => {
  const found = state.userPool(id);
  if (!found) throw new Error(`no pool ${id}`);
  return found;
};

/** Another app client and group of the staging pool, listed before its own. */
function moreOfStaging(state: State) {
  const staging = pool(state, STAGING_POOL);
  const [client] = staging.clients;
  const [group] = staging.groups;
  if (!client || !group) throw new Error('sample seed changed');
  staging.clients.unshift({
    ...structuredClone(client),
    clientId: '4stagclient5example6zzzzzz',
    clientName: 'admin-tool',
  });
  staging.groups.unshift({ ...structuredClone(group), groupName: 'EDITORS', roleArn: undefined });
}

function expectWritten(run: ActionRun) {
  expect(annotations(run.stdout)).toEqual([]);
  expect(run.exitCode).toBe(0);
  expect(aws.state.branchVariables(APP, 'staging')).toMatchObject(STAGING);
}

function expectStopped(run: ActionRun, message: string) {
  expect(run.exitCode).toBe(1);
  expect(annotations(run.stdout)).toEqual([message]);
  expect(sent('UpdateBranch')).toBe(0);
}

describe('what a lookup needs is only on a later page', () => {
  it('a user pool by name on the last page of ListUserPools', async () => {
    await restart(2);
    const pools = aws.state.region('us-east-1').userPools;
    pools.push(...pools.splice(pools.indexOf(pool(aws.state, STAGING_POOL)), 1));
    const run = await pushStaging(fileFor(LOOKUPS.poolByName));
    expectWritten(run);
    expect(sent('ListUserPools')).toBe(3); // 5 pools, 2 a page: staging alone on the third
  });

  it('a user pool by tags on the second page of GetResources, after an empty first page', async () => {
    quirk({ kind: 'empty-page', operation: 'GetResources', times: 1 });
    const run = await pushStaging(fileFor(LOOKUPS.poolByTags));
    expectWritten(run);
    expect(sent('GetResources')).toBe(2);
  });

  it('a client by name and every group with a role, each on the second page', async () => {
    await restart(1);
    moreOfStaging(aws.state);
    const run = await pushStaging(fileFor({ ...LOOKUPS.clientByName, ...LOOKUPS.allGroups }));
    expectWritten(run);
    expect([sent('ListUserPoolClients'), sent('ListGroups')]).toEqual([2, 2]);
  });

  it('an identity pool by name on the second page of ListIdentityPools', async () => {
    await restart(1);
    const run = await pushStaging(fileFor(LOOKUPS.identityPoolByName));
    expectWritten(run);
    expect(sent('ListIdentityPools')).toBe(5); // the name must be unique: every page is read
  });
});

const sameToken = (action: string, what: string, pages: number) =>
  `${action} on ${what}: AWS returned the same page token twice (after ${pages} pages), so the list would never end; the search stopped there. Run it again; if it keeps happening, report it to AWS Support.`;

/** A page cap a walk that misses a repeated token soon reaches: it then ends quickly, with another message. */
const WITHIN_REACH = 10;

describe('a page token handed out twice stops the search, saying so', () => {
  it.each([
    [
      'ListUserPools',
      LOOKUPS.poolByName,
      sameToken('cognito-idp:ListUserPools', 'the user pools in us-east-1', 2),
    ],
    ['GetResources', LOOKUPS.poolByTags, sameToken('tag:GetResources', 'the user pools in us-east-1', 2)],
    [
      'ListUserPoolClients',
      LOOKUPS.clientByName,
      sameToken('cognito-idp:ListUserPoolClients', `the app clients of user pool ${STAGING_POOL}`, 2),
    ],
    [
      'ListGroups',
      LOOKUPS.allGroups,
      sameToken('cognito-idp:ListGroups', `the groups of user pool ${STAGING_POOL}`, 2),
    ],
    [
      'ListIdentityPools',
      LOOKUPS.identityPoolByName,
      sameToken('cognito-identity:ListIdentityPools', 'the identity pools in us-east-1', 2),
    ],
  ])(
    '%s: the page after the first answers with the token it was asked with',
    async (operation, lookup, message) => {
      await restart(1);
      moreOfStaging(aws.state);
      // GetResources lists one pool tagged staging: an empty first page gives it a second.
      if (operation === 'GetResources') quirk({ kind: 'empty-page', operation, times: 1 });
      quirk({ kind: 'repeat-token', operation });
      const run = await pushStaging(fileFor(lookup), WITHIN_REACH);
      expectStopped(run, message);
      expect(sent(operation)).toBe(2);
    },
  );

  it('a list that starts over (tokens A, B, then A again) is caught too, not only a token repeated at once', async () => {
    await restart(2);
    quirk({ kind: 'loop', operation: 'ListUserPools' });
    const run = await pushStaging(fileFor(LOOKUPS.poolByName), WITHIN_REACH);
    expectStopped(run, sameToken('cognito-idp:ListUserPools', 'the user pools in us-east-1', 3));
    expect(sent('ListUserPools')).toBe(3);
  });

  it('the checks say so too when the list is one they read (ListIdentityProviders)', async () => {
    await restart(1);
    pool(aws.state, STAGING_POOL).identityProviders.push(
      { providerName: 'Google', providerType: 'Google', createTime: 1_700_000_000 },
      { providerName: 'Okta', providerType: 'OIDC', createTime: 1_700_000_000 },
    );
    quirk({ kind: 'repeat-token', operation: 'ListIdentityProviders' });
    const run = await pushStaging(fileFor({}), WITHIN_REACH);
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout)).toEqual([
      `External sign-in check: The identity providers of user pool ${STAGING_POOL} could not be read (${sameToken(
        'cognito-idp:ListIdentityProviders',
        `the identity providers of user pool ${STAGING_POOL}`,
        2,
      )}). Re-run; nothing was written. (Caught now: referenceAuth fails the deploy when external providers lack a domain or the client lacks callback and logout URLs.)`,
    ]);
    expect(sent('ListIdentityProviders')).toBe(2);
    expect(sent('UpdateBranch')).toBe(0);
  });
});

const capReached = (action: string, what: string, pages: string, fix: string) =>
  `${action} on ${what}: still more pages after ${pages}, the most this action reads of one list, so it stopped there. Run it again; if it keeps happening, report it to AWS Support, or ${fix}.`;

describe('a list that never ends stops at the page cap, saying so', () => {
  it.each([
    [
      'ListUserPools',
      LOOKUPS.poolByName,
      capReached(
        'cognito-idp:ListUserPools',
        'the user pools in us-east-1',
        '4 pages',
        'give userPoolId in the file, which needs no search',
      ),
    ],
    [
      'GetResources',
      LOOKUPS.poolByTags,
      capReached(
        'tag:GetResources',
        'the user pools in us-east-1',
        '4 pages',
        'give userPoolId in the file, which needs no search',
      ),
    ],
    [
      'ListUserPoolClients',
      LOOKUPS.onlyClient,
      capReached(
        'cognito-idp:ListUserPoolClients',
        `the app clients of user pool ${STAGING_POOL}`,
        '4 pages',
        'give userPoolClientId in the file, which needs no search',
      ),
    ],
    [
      'ListGroups',
      LOOKUPS.allGroups,
      capReached(
        'cognito-idp:ListGroups',
        `the groups of user pool ${STAGING_POOL}`,
        '4 pages',
        'give the groups with their role ARNs in the file, which needs no search',
      ),
    ],
    [
      'ListIdentityPools',
      LOOKUPS.identityPoolByTrust,
      capReached(
        'cognito-identity:ListIdentityPools',
        'the identity pools in us-east-1',
        '4 pages',
        'give identityPoolId in the file, which needs no search',
      ),
    ],
  ])('%s: empty pages with fresh tokens, for ever', async (operation, lookup, message) => {
    quirk({ kind: 'endless', operation });
    const run = await pushStaging(fileFor(lookup), 4);
    expectStopped(run, message);
    expect(sent(operation)).toBe(4);
  });

  it('the checks say so too when the list is one they read (ListIdentityProviders): with no search to give up, no "or"', async () => {
    quirk({ kind: 'endless', operation: 'ListIdentityProviders' });
    const run = await pushStaging(fileFor({}), 4);
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout)).toEqual([
      `External sign-in check: The identity providers of user pool ${STAGING_POOL} could not be read (cognito-idp:ListIdentityProviders on the identity providers of user pool ${STAGING_POOL}: still more pages after 4 pages, the most this action reads of one list, so it stopped there. Run it again; if it keeps happening, report it to AWS Support.). Re-run; nothing was written. (Caught now: referenceAuth fails the deploy when external providers lack a domain or the client lacks callback and logout URLs.)`,
    ]);
    expect(sent('ListIdentityProviders')).toBe(4);
    expect(sent('UpdateBranch')).toBe(0);
  });

  it('without a lowered cap, a list is read for 1,000 pages and no more', async () => {
    // The reader and the Tagging API as the action builds them, paced fast enough for 1,000 local pages.
    quirk({ kind: 'endless', operation: 'ListUserPools' }, { kind: 'endless', operation: 'GetResources' });
    const settings = { region: 'us-east-1', tuning: { backoff: () => 0 } };
    const env = aws.env();
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const cognito = new CognitoReader(settings, { userPool: 100_000 });
      const walk = async () => {
        for await (const _ of cognito.userPoolPages('us-east-1'));
      };
      const error = await walk().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ActionError);
      expect((error as ActionError).message).toBe(
        capReached(
          'cognito-idp:ListUserPools',
          'the user pools in us-east-1',
          '1,000 pages',
          'give userPoolId in the file, which needs no search',
        ),
      );
      expect(sent('ListUserPools')).toBe(MAX_PAGES);

      const tagged = new TaggingApi(settings, 100_000);
      await expect(tagged.userPools('us-east-1', { 'amplify-auth:environment': 'staging' })).rejects.toThrow(
        'tag:GetResources on the user pools in us-east-1: still more pages after 1,000 pages',
      );
      expect(sent('GetResources')).toBe(MAX_PAGES);
    } finally {
      process.env = saved;
    }
  });
});

describe('a resource listed on two pages counts once', () => {
  it.each([
    ['ListUserPools', 'a user pool by name', LOOKUPS.poolByName, 2],
    ['GetResources', 'a user pool by tags', LOOKUPS.poolByTags, undefined],
    ['ListUserPoolClients', 'the only app client', LOOKUPS.onlyClient, undefined],
    [
      'ListIdentityPools',
      'the identity pool that trusts the pool and client',
      LOOKUPS.identityPoolByTrust,
      2,
    ],
  ])(
    '%s, %s: the match that ends one page and starts the next is one match',
    async (operation, _, lookup, pageSize) => {
      if (pageSize !== undefined) await restart(pageSize);
      quirk({ kind: 'repeat-item', operation, times: 1 });
      const run = await pushStaging(fileFor(lookup));
      expectWritten(run);
      expect(pagingQuirks(aws.state)).toEqual([]); // the item was listed twice
    },
  );

  it('the user pools looked at are counted once when no pool has the name', async () => {
    await restart(2);
    quirk({ kind: 'repeat-item', operation: 'ListUserPools' });
    const run = await pushStaging(fileFor({ userPool: 'userPool: { name: shop-staging }' }));
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout)).toEqual([
      'environments.staging.userPool: no user pool in us-east-1 is named "shop-staging". Looked at 5 user pools: amplify-auth-production (us-east-1_PrOd12345), amplify-auth-staging (us-east-1_StAg12345), amplify-auth-development (us-east-1_DeV12345x), legacy-pool (us-east-1_LeGacy001), marketing-pool (us-east-1_MkTg00001). Give the exact name, find it by tags instead, or give userPoolId.',
    ]);
  });

  it('with tag:GetResources denied, the pools described one by one count once too', async () => {
    await restart(2);
    aws.state.deny.push('tag:GetResources');
    quirk({ kind: 'repeat-item', operation: 'ListUserPools', times: 1 });
    const run = await pushStaging(fileFor(LOOKUPS.poolByTags));
    expectWritten(run);
    expect(pagingQuirks(aws.state)).toEqual([]);
    expect(sent('DescribeUserPool')).toBe(5);
  });
});

describe('tag:GetResources is paced like the Cognito reads', () => {
  it('stays within its quota of 15 a second over 21 pages: none throttled', async () => {
    await aws.close();
    aws = await startTestAws({ maxPageSize: 1, rateLimits: { 'tag:GetResources': 15 } });
    const pools = aws.state.region('us-east-1').userPools;
    for (let i = 0; i < 20; i++) {
      pools.push({
        ...structuredClone(pool(aws.state, STAGING_POOL)),
        id: `us-east-1_Twin${String(i).padStart(4, '0')}`,
        name: `staging-twin-${i}`,
      });
    }
    const run = await pushStaging(fileFor(LOOKUPS.poolByTags));
    expect(run.exitCode).toBe(1);
    expect(annotations(run.stdout)).toEqual([
      expect.stringMatching(
        /^environments\.staging\.userPool: 21 user pools in us-east-1 are tagged amplify-auth:environment=staging: /,
      ),
    ]);
    const statuses = aws.requests.filter((r) => r.operation === 'GetResources').map((r) => r.status);
    expect(statuses).toEqual(Array(21).fill(200));
  });
});
