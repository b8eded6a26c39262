// Walking an AWS list page by page so that the walk always ends and counts each resource once, whatever the pages
// say: a page token seen before stops it (the list would go round for ever), so does a page cap, and a resource
// listed again on a later page (a list that shifted between two requests) is passed on once.
//
// The SDK paginators stop when a page has no token. Their `stopOnSameToken` option (@smithy/core createPaginator)
// only compares a page's token with the one the request carried, and then ends the walk without a word, as if the
// list were complete: a list that cycles through two tokens is not caught, and a stuck one looks finished. So the
// walk here checks every token against all the earlier ones itself, and says so when it stops.
import { ActionError } from '../core/errors.ts';
import { count } from '../core/text.ts';
import type { Paced } from './pace.ts';

/**
 * The most pages any one list is read. The longest list the action walks within Cognito's documented quotas is a
 * pool's groups (10,000 groups per pool, 60 a page: 167 pages); user pools and identity pools per account and app
 * clients per pool (1,000 each, 60 a page) take 17 pages, and GetResources over 1,000 user pools 10 pages of 100.
 * 1,000 pages leaves every one of them room for pages a sixth full (or quotas raised six-fold), and bounds a list
 * that never ends at 1,000 paced reads (under 1.5 minutes at 12 reads a second; 4 at the 4 a second of ListGroups).
 */
export const MAX_PAGES = 1000;

export interface ListWalk<Page, Item> {
  /** The IAM action and the list, as messages name them: `cognito-idp:ListUserPools`, `the user pools in us-east-1`. */
  action: string;
  what: string;
  /** The items of a page. */
  items: (page: Page) => Item[] | undefined;
  /** The token a page hands on to the next request; absent or empty on the last page. */
  nextToken: (page: Page) => string | undefined;
  /** A resource's ID: one listed again on a later page is passed on once. */
  id: (item: Item) => string | undefined;
  /** Each page request goes out through this (the quota pacing of its kind of read). */
  paced: Paced;
  /** The page cap; MAX_PAGES when absent. */
  maxPages?: number;
  /** What else the user can do when the cap is reached (ends the sentence `…, or <fix>.`). */
  fix?: string;
  /**
   * For a list that may really hold more than the cap (not one that should have ended): what reaching it means and
   * what to do, said instead of the advice to re-run.
   */
  beyond?: string;
}

/**
 * The items of every page of `pages` (an SDK paginator), a page at a time, each resource once. A page is passed on
 * before its token is looked at, so a caller that has its answer (a second match) never meets a broken token.
 */
export async function* walkPages<Page, Item>(
  pages: AsyncIterable<Page>,
  walk: ListWalk<Page, Item>,
): AsyncGenerator<Item[]> {
  const maxPages = walk.maxPages ?? MAX_PAGES;
  const iterator = pages[Symbol.asyncIterator]();
  const tokens = new Set<string>();
  const ids = new Set<string>();
  for (let read = 1; ; read++) {
    const next = await walk.paced(() => iterator.next());
    if (next.done) return;
    yield (walk.items(next.value) ?? []).filter((item) => {
      const id = walk.id(item);
      if (id === undefined || id === '') return true; // nothing to tell it apart by: kept, and shown as it is
      if (ids.has(id)) return false;
      ids.add(id);
      return true;
    });
    const token = walk.nextToken(next.value);
    if (!token) return;
    if (tokens.has(token)) {
      throw new ActionError({
        message: `${walk.action} on ${walk.what}: AWS returned the same page token twice (after ${count(read, 'page')}), so the list would never end; the search stopped there. Run it again; if it keeps happening, report it to AWS Support.`,
      });
    }
    if (read >= maxPages) {
      throw new ActionError({
        message: `${walk.action} on ${walk.what}: still more pages after ${count(maxPages, 'page')}, the most this action reads of one list, so it stopped there. ${walk.beyond ?? `Run it again; if it keeps happening, report it to AWS Support${walk.fix ? `, or ${walk.fix}` : ''}`}.`,
      });
    }
    tokens.add(token);
  }
}
