// The local AWS endpoint's Resource Groups Tagging API (GetResources), exercised only through the real SDK v3 client.
import { ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  GetResourcesCommand,
  type GetResourcesCommandInput,
  type GetResourcesCommandOutput,
  InvalidParameterException,
  paginateGetResources,
  type ResourceGroupsTaggingAPIClient,
  ThrottledException,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pagingQuirks } from '../local-aws/pagination.ts';
import { type LocalAws, startLocalAws } from '../local-aws/server.ts';
import { type ClientOptions, clientsFor, failure } from './support/sdk.ts';

const taggingFor = (aws: LocalAws, options?: ClientOptions) => clientsFor(aws, options).tagging;

const account = '111122223333';
const userPoolArn = (id: string, region = 'us-east-1') =>
  `arn:aws:cognito-idp:${region}:${account}:userpool/${id}`;
const identityPoolArn = (id: string, region = 'us-east-1') =>
  `arn:aws:cognito-identity:${region}:${account}:identitypool/${id}`;

// The tagged pools of the sample seed in us-east-1, in state order (marketing-pool and analytics_identity are untagged).
const prodPool = userPoolArn('us-east-1_PrOd12345');
const stagPool = userPoolArn('us-east-1_StAg12345');
const devPool = userPoolArn('us-east-1_DeV12345x');
const legacyPool = userPoolArn('us-east-1_LeGacy001');
const prodIdentity = identityPoolArn('us-east-1:11111111-1111-4111-8111-111111111111');
const stagIdentity = identityPoolArn('us-east-1:22222222-2222-4222-8222-222222222222');
const devIdentity = identityPoolArn('us-east-1:33333333-3333-4333-8333-333333333333');
const legacyIdentity = identityPoolArn('us-east-1:44444444-4444-4444-8444-444444444444');
const userPools = [prodPool, stagPool, devPool, legacyPool];
const identityPools = [prodIdentity, stagIdentity, devIdentity, legacyIdentity];
const environment = 'amplify-auth:environment';

/** Every ARN the paginator yields, and the size of each page. */
async function collect(
  client: ResourceGroupsTaggingAPIClient,
  input: GetResourcesCommandInput,
  pageSize?: number,
) {
  const arns: string[] = [];
  const pages: number[] = [];
  for await (const page of paginateGetResources({ client, ...(pageSize ? { pageSize } : {}) }, input)) {
    const list = page.ResourceTagMappingList ?? [];
    pages.push(list.length);
    arns.push(...list.map((mapping) => mapping.ResourceARN ?? ''));
  }
  return { arns, pages };
}

let aws: LocalAws;
let tagging: ResourceGroupsTaggingAPIClient;

beforeEach(async () => {
  aws = await startLocalAws();
  tagging = taggingFor(aws);
});

afterEach(async () => {
  await aws.close();
});

describe('GetResources on the wire', () => {
  it('is signed for service tagging with its own target, and lists every tagged pool of the region', async () => {
    const sent: Record<string, string>[] = [];
    tagging.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'deserialize', name: 'captureSignedHeaders' },
    );
    const output = await tagging.send(new GetResourcesCommand({}));
    expect(sent[0]?.['x-amz-target']).toBe('ResourceGroupsTaggingAPI_20170126.GetResources');
    expect(sent[0]?.['content-type']).toBe('application/x-amz-json-1.1');
    expect(sent[0]?.authorization).toMatch(
      /Credential=AKIALOCALTEST\/\d{8}\/us-east-1\/tagging\/aws4_request/,
    );
    expect(aws.requests.at(-1)).toMatchObject({ service: 'tagging', operation: 'GetResources', status: 200 });

    expect(output.PaginationToken).toBe('');
    expect(output.ResourceTagMappingList?.map((mapping) => mapping.ResourceARN)).toEqual([
      ...userPools,
      ...identityPools,
    ]);
    expect(output.ResourceTagMappingList?.[0]).toEqual({
      ResourceARN: prodPool,
      Tags: [{ Key: environment, Value: 'production' }],
    });
  });

  it('writes errors as the Tagging API does: __type and a capitalised Message', async () => {
    const response = await fetch(aws.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'ResourceGroupsTaggingAPI_20170126.GetResources',
        authorization: `AWS4-HMAC-SHA256 Credential=AKIALOCALTEST/20260101/us-east-1/tagging/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
      },
      body: JSON.stringify({ ResourceTypeFilters: ['neptune-db'] }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toEqual({
      __type: 'InvalidParameterException',
      Message: 'Unsupported service=neptune-db in ResourceTypeFilter - neptune-db:',
    });
  });

  it('takes the tags from the state: an untagged pool is not listed until it has a tag', async () => {
    const marketing = userPoolArn('us-east-1_MkTg00001');
    expect((await collect(tagging, {})).arns).not.toContain(marketing);
    const pool = aws.state.userPool('us-east-1_MkTg00001');
    if (!pool) throw new Error('sample seed changed');
    pool.tags = { owner: 'marketing', cost: '' };
    const { ResourceTagMappingList } = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: 'owner' }] }),
    );
    expect(ResourceTagMappingList).toEqual([
      {
        ResourceARN: marketing,
        Tags: [
          { Key: 'owner', Value: 'marketing' },
          { Key: 'cost', Value: '' },
        ],
      },
    ]);
  });
});

describe('filters', () => {
  it.each([
    [['cognito-idp:userpool'], userPools],
    [['cognito-idp'], userPools],
    [['cognito-identity:identitypool'], identityPools],
    [['cognito-identity'], identityPools],
    [
      ['cognito-identity:identitypool', 'cognito-idp:userpool'],
      [...userPools, ...identityPools],
    ],
    [[], [...userPools, ...identityPools]],
  ])('ResourceTypeFilters %j', async (ResourceTypeFilters, expected) => {
    expect((await collect(tagging, { ResourceTypeFilters })).arns).toEqual(expected);
  });

  it('values are OR-ed within a filter, filters AND-ed, a filter without values matches any value', async () => {
    const prod = aws.state.userPool('us-east-1_PrOd12345');
    if (!prod) throw new Error('sample seed changed');
    prod.tags.team = 'storefront';
    const arns = async (TagFilters: GetResourcesCommandInput['TagFilters']) =>
      (await collect(tagging, { TagFilters })).arns;

    expect(await arns([{ Key: environment, Values: ['production'] }])).toEqual([prodPool, prodIdentity]);
    expect(await arns([{ Key: environment, Values: ['production', 'staging'] }])).toEqual([
      prodPool,
      stagPool,
      prodIdentity,
      stagIdentity,
    ]);
    expect(await arns([{ Key: 'team' }])).toEqual([prodPool, legacyPool, legacyIdentity]);
    expect(await arns([{ Key: 'team', Values: [] }])).toEqual([prodPool, legacyPool, legacyIdentity]);
    expect(await arns([{ Key: environment, Values: ['production', 'staging'] }, { Key: 'team' }])).toEqual([
      prodPool,
    ]);
    expect(
      await arns([
        { Key: environment, Values: ['production'] },
        { Key: 'team', Values: ['legacy'] },
      ]),
    ).toEqual([]);
    // Keys and values compare exactly.
    expect(await arns([{ Key: 'Team' }])).toEqual([]);
    expect(await arns([{ Key: environment, Values: ['Production'] }])).toEqual([]);
    // Types and tags together.
    expect(
      (await collect(tagging, { ResourceTypeFilters: ['cognito-identity'], TagFilters: [{ Key: 'team' }] }))
        .arns,
    ).toEqual([legacyIdentity]);
  });

  it('ResourceARNList answers the named resources it knows, unpaged', async () => {
    const output = await tagging.send(
      new GetResourcesCommand({
        ResourceARNList: [
          devIdentity,
          userPoolArn('us-east-1_Nope00001'),
          prodPool,
          userPoolArn('eu-west-1_EuRoPe001'),
        ],
      }),
    );
    expect(output.ResourceTagMappingList?.map((mapping) => mapping.ResourceARN)).toEqual([
      devIdentity,
      prodPool,
    ]);
    expect(output.PaginationToken).toBe('');
  });
});

describe('pagination', () => {
  it('ResourcesPerPage: full pages carry a token, the last page an empty one (which ends the paginator)', async () => {
    expect(await collect(tagging, {}, 3)).toEqual({
      arns: [...userPools, ...identityPools],
      pages: [3, 3, 2],
    });
    // Exactly divisible: the second page is the last and says so with ''.
    const first = await tagging.send(new GetResourcesCommand({ ResourcesPerPage: 4 }));
    expect(first.ResourceTagMappingList).toHaveLength(4);
    expect(first.PaginationToken).toEqual(expect.stringMatching(/.+/));
    const second = await tagging.send(
      new GetResourcesCommand({ ResourcesPerPage: 4, PaginationToken: first.PaginationToken }),
    );
    expect(second.ResourceTagMappingList?.map((mapping) => mapping.ResourceARN)).toEqual(identityPools);
    expect(second.PaginationToken).toBe('');
    // An empty token is the first page.
    const again = await tagging.send(new GetResourcesCommand({ ResourcesPerPage: 4, PaginationToken: '' }));
    expect(again.ResourceTagMappingList).toEqual(first.ResourceTagMappingList);
    // The default page size (50) holds the whole sample account.
    expect((await collect(tagging, {})).pages).toEqual([8]);
  });

  it.each([1, 2, 3])(
    'maxPageSize %i: short pages still carry a token; every resource comes once',
    async (maxPageSize) => {
      const capped = await startLocalAws({ maxPageSize });
      try {
        const client = taggingFor(capped);
        const first = await client.send(new GetResourcesCommand({ ResourcesPerPage: 5 }));
        expect(first.ResourceTagMappingList).toHaveLength(maxPageSize);
        expect(first.PaginationToken).not.toBe('');
        const { arns, pages } = await collect(client, {}, 100);
        expect(arns).toEqual([...userPools, ...identityPools]);
        expect(pages).toHaveLength(Math.ceil(8 / maxPageSize));
        expect(Math.max(...pages)).toBe(maxPageSize);
      } finally {
        await capped.close();
      }
    },
  );

  it('a token works only for the filters and region it was issued for', async () => {
    const { PaginationToken } = await tagging.send(new GetResourcesCommand({ ResourcesPerPage: 1 }));
    const otherFilters = await failure(
      tagging.send(
        new GetResourcesCommand({
          ResourcesPerPage: 1,
          PaginationToken,
          ResourceTypeFilters: ['cognito-idp'],
        }),
      ),
    );
    expect([otherFilters.name, otherFilters.$metadata.httpStatusCode]).toEqual([
      'InvalidParameterException',
      400,
    ]);
    const otherRegion = await failure(
      taggingFor(aws, { region: 'eu-west-1' }).send(new GetResourcesCommand({ PaginationToken })),
    );
    expect(otherRegion.name).toBe('InvalidParameterException');
    const forged = await failure(
      tagging.send(new GetResourcesCommand({ PaginationToken: Buffer.from('1.x').toString('base64') })),
    );
    expect(forged).toBeInstanceOf(InvalidParameterException);
  });
});

describe('paging switches (pagingQuirks), shared with the Cognito lists', () => {
  // A new input each time: the SDK's paginator writes the page token into the input it is given.
  const stagingPools = (): GetResourcesCommandInput => ({
    ResourceTypeFilters: ['cognito-idp:userpool'],
    TagFilters: [{ Key: environment, Values: ['staging'] }],
  });
  /** The first `limit` pages a paginator yields: the ARNs and the token of each. */
  async function firstPages(pages: AsyncIterable<GetResourcesCommandOutput>, limit: number) {
    const seen: { arns: string[]; token: string | undefined }[] = [];
    for await (const page of pages) {
      seen.push({
        arns: (page.ResourceTagMappingList ?? []).map((mapping) => mapping.ResourceARN ?? ''),
        token: page.PaginationToken,
      });
      if (seen.length === limit) break;
    }
    return seen;
  }

  it('empty-page: the first page holds nothing but a token, and the list follows in full', async () => {
    pagingQuirks(aws.state).push({ kind: 'empty-page', operation: 'GetResources', times: 1 });
    expect(await collect(tagging, stagingPools())).toEqual({
      arns: [stagPool],
      pages: [0, 1],
    });
    expect(pagingQuirks(aws.state)).toEqual([]); // used up
    expect((await collect(tagging, {})).pages).toEqual([8]);
  });

  it("repeat-token: a page asked with a token hands it back; the SDK's stopOnSameToken then ends the walk silently, short", async () => {
    pagingQuirks(aws.state).push({ kind: 'repeat-token', operation: 'GetResources' });
    const pages = await firstPages(paginateGetResources({ client: tagging, pageSize: 1 }, {}), 3);
    expect(pages.map(({ arns }) => arns)).toEqual([[prodPool], [stagPool], [stagPool]]);
    expect(new Set(pages.map(({ token }) => token)).size).toBe(1);
    // What the SDK offers against it stops after two of the eight resources, as if the list had ended.
    const stopped = paginateGetResources({ client: tagging, pageSize: 1, stopOnSameToken: true }, {});
    expect((await firstPages(stopped, 10)).flatMap(({ arns }) => arns)).toEqual([prodPool, stagPool]);
  });

  it('loop: the last page points back to the second, so tokens come round (A, B, A, B) and stopOnSameToken never stops it', async () => {
    pagingQuirks(aws.state).push({ kind: 'loop', operation: 'GetResources' });
    const pages = await firstPages(
      paginateGetResources({ client: tagging, pageSize: 3, stopOnSameToken: true }, {}),
      6,
    );
    expect(pages.map(({ arns }) => arns.length)).toEqual([3, 3, 2, 3, 2, 3]);
    const [a, b] = pages.map(({ token }) => token);
    expect(a).not.toBe(b);
    expect(pages.map(({ token }) => token)).toEqual([a, b, a, b, a, b]);
  });

  it('repeat-item: the next page starts with the item the page ended with (once here: times 1)', async () => {
    pagingQuirks(aws.state).push({ kind: 'repeat-item', operation: 'GetResources', times: 1 });
    expect(await collect(tagging, {}, 3)).toEqual({
      arns: [
        prodPool,
        stagPool,
        devPool,
        devPool,
        legacyPool,
        prodIdentity,
        stagIdentity,
        devIdentity,
        legacyIdentity,
      ],
      pages: [3, 3, 3],
    });
    // A list of one item is listed twice: the quirk gives it a second page.
    pagingQuirks(aws.state).push({ kind: 'repeat-item', operation: 'GetResources', times: 1 });
    expect(await collect(tagging, stagingPools())).toEqual({
      arns: [stagPool, stagPool],
      pages: [1, 1],
    });
  });

  it('endless: past the last item come empty pages, each with a token never seen before', async () => {
    pagingQuirks(aws.state).push({ kind: 'endless', operation: 'GetResources' });
    const pages = await firstPages(paginateGetResources({ client: tagging, pageSize: 5 }, {}), 6);
    expect(pages.map(({ arns }) => arns.length)).toEqual([5, 3, 0, 0, 0, 0]);
    expect(new Set(pages.map(({ token }) => token)).size).toBe(6);
  });

  it('a switch applies to its operation only, on its own instance only', async () => {
    pagingQuirks(aws.state).push({ kind: 'repeat-token', operation: 'ListUserPools' });
    const tagged = await firstPages(paginateGetResources({ client: tagging, pageSize: 1 }, {}), 20);
    expect(tagged.map(({ token }) => token !== '')).toEqual([...Array(7).fill(true), false]);
    const idp = clientsFor(aws).idp;
    const first = await idp.send(new ListUserPoolsCommand({ MaxResults: 1 }));
    const second = await idp.send(new ListUserPoolsCommand({ MaxResults: 1, NextToken: first.NextToken }));
    expect(second.UserPools?.map((pool) => pool.Id)).toEqual(['us-east-1_StAg12345']);
    expect(second.NextToken).toBe(first.NextToken);

    const other = await startLocalAws();
    try {
      const otherIdp = clientsFor(other).idp;
      const page = await otherIdp.send(new ListUserPoolsCommand({ MaxResults: 1 }));
      const next = await otherIdp.send(
        new ListUserPoolsCommand({ MaxResults: 1, NextToken: page.NextToken }),
      );
      expect(next.NextToken).not.toBe(page.NextToken);
    } finally {
      await other.close();
    }
  });
});

describe('validation', () => {
  it.each<[string, GetResourcesCommandInput, RegExp]>([
    ['ResourcesPerPage 0', { ResourcesPerPage: 0 }, /ResourcesPerPage must be between 1 and 100/],
    ['ResourcesPerPage 101', { ResourcesPerPage: 101 }, /ResourcesPerPage must be between 1 and 100/],
    ['TagsPerPage 99', { TagsPerPage: 99 }, /TagsPerPage must be between 100 and 500/],
    [
      '51 tag filters',
      { TagFilters: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}` })) },
      /at 'tagFilters' failed to satisfy constraint: Member must have length less than or equal to 50/,
    ],
    ['a tag filter without a key', { TagFilters: [{ Values: ['x'] }] }, /Member must not be null/],
    [
      '21 values for a key',
      { TagFilters: [{ Key: 'k', Values: Array.from({ length: 21 }, (_, i) => `v${i}`) }] },
      /less than or equal to 20/,
    ],
    [
      'an unsupported service',
      { ResourceTypeFilters: ['cognito-idp', 'ec2:instance'] },
      /^Unsupported service=ec2 in ResourceTypeFilter - ec2:instance$/,
    ],
    [
      'an unknown type of a Cognito service',
      { ResourceTypeFilters: ['cognito-idp:client'] },
      /^Unsupported resource type=client in ResourceTypeFilter - cognito-idp:client$/,
    ],
    [
      'ResourceARNList with TagFilters',
      { ResourceARNList: [prodPool], TagFilters: [{ Key: 'k' }] },
      /cannot be combined/,
    ],
    [
      'ResourceARNList with ResourcesPerPage',
      { ResourceARNList: [prodPool], ResourcesPerPage: 5 },
      /cannot be combined/,
    ],
  ])('%s: InvalidParameterException (400)', async (_label, input, message) => {
    const error = await failure(tagging.send(new GetResourcesCommand(input)));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 1 });
    expect(error.message).toMatch(message);
  });

  it('the largest allowed values pass', async () => {
    const output = await tagging.send(
      new GetResourcesCommand({
        ResourcesPerPage: 100,
        TagsPerPage: 500,
        TagFilters: Array.from({ length: 50 }, () => ({
          Key: environment,
          Values: Array.from({ length: 20 }, (_, i) => (i === 0 ? 'staging' : `v${i}`)),
        })),
      }),
    );
    expect(output.ResourceTagMappingList?.map((mapping) => mapping.ResourceARN)).toEqual([
      stagPool,
      stagIdentity,
    ]);
  });
});

describe('denials and throttling', () => {
  it('a denied tag:GetResources is AccessDeniedException 400 naming no resource, not retried', async () => {
    aws.state.deny.push('tag:GetResources');
    const error = await failure(tagging.send(new GetResourcesCommand({})));
    expect([error.name, error.$metadata.httpStatusCode, error.$metadata.attempts]).toEqual([
      'AccessDeniedException',
      400,
      1,
    ]);
    expect(error.message).toBe(
      `User: arn:aws:sts::${account}:assumed-role/github-actions-deploy/GitHubActions is not authorized to perform: ` +
        'tag:GetResources because no identity-based policy allows the tag:GetResources action',
    );
    // The IAM prefix is tag, not the signing name: a tagging:* or cognito-idp:* deny does not reach it.
    aws.state.deny.splice(0, aws.state.deny.length, 'tagging:*', 'cognito-idp:*');
    await expect(tagging.send(new GetResourcesCommand({}))).resolves.toBeDefined();
    aws.state.deny.splice(0, aws.state.deny.length, 'TAG:get*');
    expect((await failure(tagging.send(new GetResourcesCommand({})))).name).toBe('AccessDeniedException');
  });

  it('a deny fault rule can word it as an explicit deny', async () => {
    aws.faults.push({ kind: 'deny', service: 'tagging', explicit: true, times: 1 });
    const error = await failure(tagging.send(new GetResourcesCommand({})));
    expect(error.message).toMatch(
      /is not authorized to perform: tag:GetResources with an explicit deny in an identity-based policy$/,
    );
  });

  it('throttling is ThrottledException 400, which the SDK retries', async () => {
    aws.faults.push({ kind: 'throttle', service: 'tagging', times: 1 });
    const { $metadata } = await tagging.send(new GetResourcesCommand({}));
    expect($metadata.attempts).toBe(2);
    expect(aws.requests.map((request) => request.status)).toEqual([400, 200]);

    const limited = await startLocalAws({ rateLimits: { 'tag:GetResources': 1 }, now: () => 0 });
    try {
      const once = taggingFor(limited, { maxAttempts: 1 });
      await once.send(new GetResourcesCommand({}));
      const error = await failure(once.send(new GetResourcesCommand({})));
      expect(error).toBeInstanceOf(ThrottledException);
      expect([error.message, error.$metadata.httpStatusCode]).toEqual(['Rate exceeded', 400]);
    } finally {
      await limited.close();
    }
  });

  it('fault rules sent over HTTP accept the tagging service', async () => {
    const added = await fetch(`${aws.url}/_local/faults`, {
      method: 'POST',
      body: JSON.stringify({
        kind: 'error',
        service: 'tagging',
        status: 500,
        code: 'InternalServiceException',
      }),
    });
    expect(added.status).toBe(200);
    const error = await failure(taggingFor(aws, { maxAttempts: 1 }).send(new GetResourcesCommand({})));
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['InternalServiceException', 500]);
    const refused = await fetch(`${aws.url}/_local/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'throttle', service: 'tag' }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(/sts, tagging$/);
  });
});

describe('region and account scoping', () => {
  it('lists only the pools of the region the request is signed for', async () => {
    const eu = taggingFor(aws, { region: 'eu-west-1' });
    expect((await collect(eu, {})).arns).toEqual([]); // the eu-west-1 pools are untagged
    const euPool = aws.state.userPool('eu-west-1_EuRoPe001');
    if (!euPool) throw new Error('sample seed changed');
    euPool.tags = { [environment]: 'production' };
    expect((await collect(eu, { TagFilters: [{ Key: environment }] })).arns).toEqual([
      userPoolArn('eu-west-1_EuRoPe001', 'eu-west-1'),
    ]);
    expect(
      (await collect(tagging, { TagFilters: [{ Key: environment, Values: ['production'] }] })).arns,
    ).toEqual([prodPool, prodIdentity]);
    const nowhere = await taggingFor(aws, { region: 'ap-south-1' }).send(new GetResourcesCommand({}));
    expect(nowhere).toMatchObject({ PaginationToken: '', ResourceTagMappingList: [] });
  });

  it('writes the seed account into every ARN', async () => {
    const other = await startLocalAws({
      seed: {
        account: '444455556666',
        regions: {
          'us-east-1': {
            userPools: [{ id: 'us-east-1_Acct00001', name: 'other', tags: { a: 'b' } }],
            identityPools: [
              { id: 'us-east-1:77777777-7777-4777-8777-777777777777', name: 'other', tags: { a: 'c' } },
            ],
          },
        },
      },
    });
    try {
      expect((await collect(taggingFor(other), {})).arns).toEqual([
        'arn:aws:cognito-idp:us-east-1:444455556666:userpool/us-east-1_Acct00001',
        'arn:aws:cognito-identity:us-east-1:444455556666:identitypool/us-east-1:77777777-7777-4777-8777-777777777777',
      ]);
    } finally {
      await other.close();
    }
  });
});
