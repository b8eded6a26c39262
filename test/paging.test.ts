// walkPages (src/aws/paging.ts), the walk every AWS list of the action goes through, fed pages as a paginator hands
// them on: it passes each resource on once, ends when the pages end, and stops a list that would never end with a
// message that names it. The lists as AWS pages them are in discovery-paging.e2e.test.ts.
import { describe, expect, it } from 'vitest';
import { type ListWalk, MAX_PAGES, walkPages } from '../src/aws/paging.ts';
import { ActionError } from '../src/core/errors.ts';

interface Page {
  items?: { id?: string; name: string }[];
  token?: string;
}

async function* paginator(pages: Page[]): AsyncGenerator<Page> {
  yield* pages;
}

const WALK: ListWalk<Page, { id?: string; name: string }> = {
  action: 'cognito-idp:ListUserPools',
  what: 'the user pools in us-east-1',
  items: (page) => page.items,
  nextToken: (page) => page.token,
  id: (item) => item.id,
  paced: (call) => call(),
};

/** The names of each page the walk passes on, and how it ended: 'done' or the error's messages. */
async function walkOf(pages: Page[], walk: Partial<typeof WALK> = {}) {
  const seen: string[][] = [];
  try {
    for await (const page of walkPages(paginator(pages), { ...WALK, ...walk })) {
      seen.push(page.map((item) => item.name));
    }
    return { seen, end: 'done' };
  } catch (error) {
    if (!(error instanceof ActionError)) throw error;
    return { seen, end: error.problems.map((problem) => problem.message).join('\n') };
  }
}

const pool = (id: string | undefined, name = id ?? '?') => ({ id, name });

describe('walkPages', () => {
  it('passes every page on until a page without a token', async () => {
    expect(
      await walkOf([
        { items: [pool('a'), pool('b')], token: 't1' },
        { items: [pool('c')], token: '' },
        { items: [pool('never')] },
      ]),
    ).toEqual({ seen: [['a', 'b'], ['c']], end: 'done' });
  });

  it('ends when the pages end, even after a page with a token', async () => {
    expect(await walkOf([{ items: [pool('a')], token: 't1' }])).toEqual({ seen: [['a']], end: 'done' });
    expect(await walkOf([])).toEqual({ seen: [], end: 'done' });
  });

  it('passes a page without items on as an empty one', async () => {
    expect(await walkOf([{ token: 't1' }, { items: [pool('a')] }])).toEqual({
      seen: [[], ['a']],
      end: 'done',
    });
  });

  it('passes a resource listed again on a later page on once', async () => {
    expect(
      await walkOf([
        { items: [pool('a'), pool('b')], token: 't1' },
        { items: [pool('b'), pool('c')], token: 't2' },
        { items: [pool('a')] },
      ]),
    ).toEqual({ seen: [['a', 'b'], ['c'], []], end: 'done' });
  });

  it('keeps every item that has no ID to tell it apart by', async () => {
    expect(
      await walkOf([
        { items: [pool(undefined, 'x'), pool('', 'y')], token: 't1' },
        { items: [pool(undefined, 'x'), pool('', 'y')] },
      ]),
    ).toEqual({
      seen: [
        ['x', 'y'],
        ['x', 'y'],
      ],
      end: 'done',
    });
  });

  it('stops at a page token seen before, after passing that page on, and names the list', async () => {
    expect(
      await walkOf([
        { items: [pool('a')], token: 't1' },
        { items: [pool('b')], token: 't2' },
        { items: [pool('c')], token: 't1' },
        { items: [pool('never')] },
      ]),
    ).toEqual({
      seen: [['a'], ['b'], ['c']],
      end: 'cognito-idp:ListUserPools on the user pools in us-east-1: AWS returned the same page token twice (after 3 pages), so the list would never end; the search stopped there. Run it again; if it keeps happening, report it to AWS Support.',
    });
  });

  it('stops after the page cap when there are still more pages, saying what else to do', async () => {
    const endless = Array.from({ length: 5 }, (_, i) => ({ items: [pool(`p${i}`)], token: `t${i}` }));
    expect(await walkOf(endless, { maxPages: 3 })).toEqual({
      seen: [['p0'], ['p1'], ['p2']],
      end: 'cognito-idp:ListUserPools on the user pools in us-east-1: still more pages after 3 pages, the most this action reads of one list, so it stopped there. Run it again; if it keeps happening, report it to AWS Support.',
    });
    expect((await walkOf(endless, { maxPages: 1, fix: 'give userPoolId' })).end).toBe(
      'cognito-idp:ListUserPools on the user pools in us-east-1: still more pages after 1 page, the most this action reads of one list, so it stopped there. Run it again; if it keeps happening, report it to AWS Support, or give userPoolId.',
    );
    // A list that may really be that long: what that means, instead of the advice to re-run.
    expect((await walkOf(endless, { maxPages: 1, beyond: 'The list is that long' })).end).toBe(
      'cognito-idp:ListUserPools on the user pools in us-east-1: still more pages after 1 page, the most this action reads of one list, so it stopped there. The list is that long.',
    );
  });

  it('reads a list of exactly the page cap to its end', async () => {
    const pages = Array.from({ length: 3 }, (_, i) => ({
      items: [pool(`p${i}`)],
      token: i < 2 ? `t${i}` : '',
    }));
    expect(await walkOf(pages, { maxPages: 3 })).toEqual({ seen: [['p0'], ['p1'], ['p2']], end: 'done' });
  });

  it('caps at MAX_PAGES when the walk names no cap', async () => {
    const endless: Page[] = Array.from({ length: MAX_PAGES + 1 }, (_, i) => ({ items: [], token: `t${i}` }));
    const { seen, end } = await walkOf(endless);
    expect(seen).toHaveLength(MAX_PAGES);
    expect(end).toContain(`still more pages after ${MAX_PAGES.toLocaleString('en-US')} pages`);
  });

  it('asks for each page through the pacing', async () => {
    let paced = 0;
    await walkOf([{ items: [pool('a')], token: 't1' }, { items: [pool('b')] }], {
      paced: (call) => {
        paced++;
        return call();
      },
    });
    expect(paced).toBe(2);
  });
});
