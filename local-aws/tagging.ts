// The Resource Groups Tagging API (awsJson1_1, `X-Amz-Target: ResourceGroupsTaggingAPI_20170126.<Op>`, signed for
// service `tagging`, IAM prefix `tag`): GetResources over the Cognito user pools and identity pools of the state.
//
// As the API reference and the model (botocore resourcegroupstaggingapi/2017-01-26) describe it:
// - TagFilters: at most 50; each needs a Key (1–128 characters) and may list up to 20 Values (each ≤ 256). Filters are
//   AND'ed; the values of one filter are OR'ed; a filter without Values (or with an empty list) matches any value of
//   its key.
// - Without TagFilters the answer holds every resource that is "currently tagged or ever had a tag". The state does
//   not remember past tags, so here: every resource with at least one tag. An untagged pool is never listed.
// - ResourceTypeFilters: `service[:resourceType]` as written in the resource's ARN. Supported here: `cognito-idp`,
//   `cognito-idp:userpool`, `cognito-identity`, `cognito-identity:identitypool`. An unsupported service is an
//   InvalidParameterException "Unsupported service=neptune-db in ResourceTypeFilter - neptune-db:" (real wording,
//   github.com/boto/botocore/issues/1843). Local AWS models no other service, so it refuses every other filter the
//   same way, even one that AWS would accept (`ec2:instance`): a test then cannot silently count on resources that
//   are not modelled. An unknown type of a modelled service (`cognito-idp:client`) gets the same shape of answer
//   (wording inferred).
// - ResourcesPerPage: 1–100, default 50 (documented range; the model has no range trait, so the service checks it:
//   InvalidParameterException, which the model documents for "an out-of-range value"; wording inferred). TagsPerPage:
//   100–500, checked the same way but not otherwise applied (pages are cut by resources only; a page may hold fewer
//   than asked anyway).
// - PaginationToken: opaque; absent or empty means the first page. Every answer carries one: an empty string on the
//   last page. A page may hold fewer resources than asked and still carry a token (the server's maxPageSize option).
//   A token that was not issued for the same filters and region is an InvalidParameterException (inferred; AWS also
//   has PaginationTokenExpiredException for tokens older than 15 minutes, which local AWS never answers).
//   The paging switches of pagination.ts (pagingQuirks: a token handed back, a list that loops or never ends, an
//   item on two pages, an empty first page) apply here as to the Cognito lists.
// - ResourceARNList: up to 100 ARNs, no paging, unknown ARNs left out; not allowed with ResourceTypeFilters,
//   TagFilters or any paging parameter (InvalidParameterException, as documented).
// Only the request's region and the seed account are searched: ARNs arn:aws:cognito-idp:<region>:<account>:userpool/<id>
// and arn:aws:cognito-identity:<region>:<account>:identitypool/<id>, user pools first, each in state order.
import { ServiceError, validationMessage } from './errors.ts';
import type { Handler, HandlerContext } from './handler.ts';
import { paginate, pagingQuirks } from './pagination.ts';

const invalidParameter = (message: string) => new ServiceError('InvalidParameterException', 400, message);

/** The resource types local AWS can list, by `service:type`. */
type ResourceType = 'cognito-idp:userpool' | 'cognito-identity:identitypool';
const resourceTypes: Record<string, readonly ResourceType[]> = {
  'cognito-idp': ['cognito-idp:userpool'],
  'cognito-identity': ['cognito-identity:identitypool'],
};

interface TagFilter {
  key: string;
  /** Empty: any value of the key. */
  values: string[];
}

interface Resource {
  arn: string;
  type: ResourceType;
  tags: Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list member of the input, checked as the model types it. */
function list(input: Record<string, unknown>, key: string, max: number): unknown[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  const member = key.charAt(0).toLowerCase() + key.slice(1);
  if (!Array.isArray(value))
    throw invalidParameter(validationMessage(value, member, 'Member must be a list'));
  if (value.length > max) {
    throw invalidParameter(
      validationMessage(
        JSON.stringify(value),
        member,
        `Member must have length less than or equal to ${max}`,
      ),
    );
  }
  return value;
}

function string(value: unknown, member: string, min: number, max: number): string {
  if (typeof value !== 'string') {
    throw invalidParameter(
      validationMessage(value, member, value == null ? 'Member must not be null' : 'Member must be a string'),
    );
  }
  if (value.length < min)
    throw invalidParameter(
      validationMessage(value, member, `Member must have length greater than or equal to ${min}`),
    );
  if (value.length > max)
    throw invalidParameter(
      validationMessage(value, member, `Member must have length less than or equal to ${max}`),
    );
  return value;
}

function integerIn(
  input: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(`${key} must be between ${min} and ${max}`);
  }
  return value;
}

function parseTagFilters(input: Record<string, unknown>): TagFilter[] {
  return (list(input, 'TagFilters', 50) ?? []).map((raw, i) => {
    const filter = isRecord(raw) ? raw : {};
    const key = string(filter.Key, `tagFilters.${i + 1}.member.key`, 1, 128);
    const values = (list(filter, 'Values', 20) ?? []).map((value, j) =>
      string(value, `tagFilters.${i + 1}.member.values.${j + 1}.member`, 0, 256),
    );
    return { key, values };
  });
}

/** The resource types a request asks for: all of them without ResourceTypeFilters. */
function parseResourceTypes(input: Record<string, unknown>): Set<ResourceType> {
  const filters = list(input, 'ResourceTypeFilters', 100);
  if (!filters || filters.length === 0) return new Set(Object.values(resourceTypes).flat());
  const wanted = new Set<ResourceType>();
  filters.forEach((raw, i) => {
    const filter = string(raw, `resourceTypeFilters.${i + 1}.member`, 0, 256);
    const [service = '', type] = filter.split(/:(.*)/s);
    const types = resourceTypes[service];
    if (!types)
      throw invalidParameter(
        `Unsupported service=${service} in ResourceTypeFilter - ${service}:${type ?? ''}`,
      );
    if (type === undefined || type === '') {
      for (const known of types) wanted.add(known);
      return;
    }
    const known = types.find((candidate) => candidate === `${service}:${type}`);
    if (!known) throw invalidParameter(`Unsupported resource type=${type} in ResourceTypeFilter - ${filter}`);
    wanted.add(known);
  });
  return wanted;
}

/** Every tagged resource of the request's region, user pools first. */
function resourcesIn(context: HandlerContext): Resource[] {
  const { state, region } = context;
  const regionState = state.regions[region];
  if (!regionState) return [];
  return [
    ...regionState.userPools.map(
      (pool): Resource => ({
        arn: `arn:aws:cognito-idp:${region}:${state.accountId}:userpool/${pool.id}`,
        type: 'cognito-idp:userpool',
        tags: pool.tags,
      }),
    ),
    ...regionState.identityPools.map(
      (pool): Resource => ({
        arn: `arn:aws:cognito-identity:${region}:${state.accountId}:identitypool/${pool.id}`,
        type: 'cognito-identity:identitypool',
        tags: pool.tags,
      }),
    ),
  ].filter((resource) => Object.keys(resource.tags).length > 0);
}

function matches(tags: Record<string, string>, filters: readonly TagFilter[]): boolean {
  return filters.every(
    ({ key, values }) =>
      Object.hasOwn(tags, key) && (values.length === 0 || values.includes(tags[key] ?? '')),
  );
}

const mapping = (resource: Resource) => ({
  ResourceARN: resource.arn,
  Tags: Object.entries(resource.tags).map(([Key, Value]) => ({ Key, Value })),
});

function byArnList(context: HandlerContext, arns: unknown[]) {
  const { input } = context;
  const paging =
    ['ResourcesPerPage', 'TagsPerPage'].some((key) => input[key] != null) || !!input.PaginationToken;
  const filtering = ['ResourceTypeFilters', 'TagFilters'].some((key) => input[key] != null);
  if (paging || filtering) {
    throw invalidParameter(
      'ResourceARNList cannot be combined with ResourceTypeFilters, TagFilters, ResourcesPerPage, TagsPerPage or PaginationToken',
    );
  }
  if (arns.length === 0)
    throw invalidParameter(
      validationMessage('[]', 'resourceARNList', 'Member must have length greater than or equal to 1'),
    );
  const wanted = arns.map((arn, i) => string(arn, `resourceARNList.${i + 1}.member`, 1, 1011));
  const known = new Map(resourcesIn(context).map((resource) => [resource.arn, resource]));
  const found = [...new Set(wanted)].flatMap((arn) => known.get(arn) ?? []);
  return { PaginationToken: '', ResourceTagMappingList: found.map(mapping) };
}

export const taggingOperations: Record<string, Handler> = {
  GetResources(context) {
    const { input } = context;
    const arnList = list(input, 'ResourceARNList', 100);
    if (arnList) return byArnList(context, arnList);

    const resourcesPerPage = integerIn(input, 'ResourcesPerPage', 1, 100);
    integerIn(input, 'TagsPerPage', 100, 500);
    const rawToken = input.PaginationToken;
    const token = rawToken == null ? '' : string(rawToken, 'paginationToken', 0, 2048);
    const tagFilters = parseTagFilters(input);
    const types = parseResourceTypes(input);

    const selected = resourcesIn(context).filter(
      (resource) => types.has(resource.type) && matches(resource.tags, tagFilters),
    );
    // Tokens are bound to the query: a token from other filters or another region is refused.
    const query = JSON.stringify({ types: [...types].sort(), tagFilters });
    const { page, nextToken } = paginate(selected, {
      listKey: `GetResources\n${context.region}\n${query}`,
      pageSize: resourcesPerPage,
      defaultPageSize: 50,
      token: token === '' ? undefined : token,
      maxPageSize: context.maxPageSize,
      invalidToken: () => invalidParameter('The specified PaginationToken is invalid.'),
      operation: 'GetResources',
      quirks: pagingQuirks(context.state),
    });
    return { PaginationToken: nextToken ?? '', ResourceTagMappingList: page.map(mapping) };
  },
};
