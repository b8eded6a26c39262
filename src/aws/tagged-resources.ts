// Tag lookups through the Resource Groups Tagging API: one GetResources call (a page or two) answers which user
// pools carry the tags, where the alternative is to describe every pool of the region. The client is loaded only
// when a file looks a pool up by tags, so the action's start-up does not pay for it otherwise.

import { ActionError } from '../core/errors.ts';
import type { Candidate } from '../core/resolve.ts';
import { type AwsSettings, clientConfig } from './client.ts';
import { classifyAwsError, describeAwsFailure } from './failure.ts';
import { belowQuota, type Paced, slidingWindow } from './pace.ts';
import { walkPages } from './paging.ts';

/**
 * GetResources' request-rate quota: 15 calls a second. Source: the Tag Editor user guide, "Service quotas"
 * (https://docs.aws.amazon.com/tag-editor/latest/userguide/reference.html): "Rate of calling the GetResources API
 * operation: Maximum of 15 calls per second". The pages are read a fifth below it, as Cognito reads are
 * (pace.ts belowQuota): 12 a second.
 */
export const GET_RESOURCES_PER_SECOND = 15;

export interface TaggedResources {
  /** The user pools of the region carrying every tag, or `denied` when tag:GetResources is not allowed. */
  userPools(region: string, tags: Record<string, string>): Promise<Candidate[] | 'denied'>;
}

export class TaggingApi implements TaggedResources {
  readonly #settings: AwsSettings;
  readonly #paced: Paced;

  /** `readsPerSecond`: the pace of GetResources pages; a fifth below its quota when absent. */
  constructor(settings: AwsSettings, readsPerSecond = belowQuota(GET_RESOURCES_PER_SECOND)) {
    this.#settings = settings;
    this.#paced = slidingWindow(readsPerSecond);
  }

  async userPools(region: string, tags: Record<string, string>): Promise<Candidate[] | 'denied'> {
    const { ResourceGroupsTaggingAPIClient, paginateGetResources } = await import(
      '@aws-sdk/client-resource-groups-tagging-api'
    );
    const client = new ResourceGroupsTaggingAPIClient(clientConfig({ ...this.#settings, region }));
    const what = `the user pools in ${region}`;
    const found: Candidate[] = [];
    try {
      const pages = paginateGetResources(
        { client, pageSize: 100 },
        {
          ResourceTypeFilters: ['cognito-idp:userpool'],
          TagFilters: Object.entries(tags).map(([Key, value]) => ({ Key, Values: [value] })),
          ResourcesPerPage: 100,
        },
      );
      const walk = walkPages(pages, {
        action: 'tag:GetResources',
        what,
        items: (page) => page.ResourceTagMappingList,
        nextToken: (page) => page.PaginationToken,
        id: (resource) => resource.ResourceARN,
        paced: this.#paced,
        maxPages: this.#settings.tuning?.maxPages,
        fix: 'give userPoolId in the file, which needs no search',
      });
      for await (const resources of walk) {
        for (const resource of resources) {
          const arn = resource.ResourceARN ?? '';
          found.push({ id: arn.slice(arn.lastIndexOf('/') + 1), name: '' });
        }
      }
    } catch (error) {
      if (error instanceof ActionError) throw error;
      if (classifyAwsError(error).kind === 'denied') return 'denied';
      throw new ActionError({ message: describeAwsFailure(error, 'tag:GetResources', what) });
    }
    return found;
  }
}
