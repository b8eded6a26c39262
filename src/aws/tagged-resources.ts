// Tag lookups through the Resource Groups Tagging API: one GetResources call (a page or two) answers which user
// pools carry the tags, where the alternative is to describe every pool of the region. The client is loaded only
// when a file looks a pool up by tags, so the action's start-up does not pay for it otherwise.

import { ActionError } from '../core/errors.ts';
import type { Candidate } from '../core/resolve.ts';
import { type AwsSettings, clientConfig } from './client.ts';
import { classifyAwsError, describeAwsFailure } from './failure.ts';

export interface TaggedResources {
  /** The user pools of the region carrying every tag, or `denied` when tag:GetResources is not allowed. */
  userPools(region: string, tags: Record<string, string>): Promise<Candidate[] | 'denied'>;
}

export class TaggingApi implements TaggedResources {
  readonly #settings: AwsSettings;

  constructor(settings: AwsSettings) {
    this.#settings = settings;
  }

  async userPools(region: string, tags: Record<string, string>): Promise<Candidate[] | 'denied'> {
    const { ResourceGroupsTaggingAPIClient, paginateGetResources } = await import(
      '@aws-sdk/client-resource-groups-tagging-api'
    );
    const client = new ResourceGroupsTaggingAPIClient(clientConfig({ ...this.#settings, region }));
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
      for await (const page of pages) {
        for (const resource of page.ResourceTagMappingList ?? []) {
          const arn = resource.ResourceARN ?? '';
          found.push({ id: arn.slice(arn.lastIndexOf('/') + 1), name: '' });
        }
      }
    } catch (error) {
      if (classifyAwsError(error).kind === 'denied') return 'denied';
      throw new ActionError({
        message: describeAwsFailure(error, 'tag:GetResources', `the user pools in ${region}`),
      });
    }
    return found;
  }
}
