// Opaque, list-bound page tokens and page-size handling shared by every list operation, and the paging quirks a
// test can switch on to answer pages the way a misbehaving (or merely legal but unusual) service would.
import { createHmac, randomBytes } from 'node:crypto';

// Per-process secret: a token cannot be guessed or forged, and a token from one list is refused by another.
const secret = randomBytes(16);

function signature(listKey: string, offset: number): string {
  return createHmac('sha256', secret).update(`${listKey}\n${offset}`).digest('base64url').slice(0, 16);
}

export function encodeToken(listKey: string, offset: number): string {
  return Buffer.from(`${offset}.${signature(listKey, offset)}`).toString('base64');
}

/** The offset a token stands for, or undefined if the token was not issued for this list. */
export function decodeToken(listKey: string, token: string): number | undefined {
  const [offsetText, sig] = Buffer.from(token, 'base64').toString('utf8').split('.');
  const offset = Number(offsetText);
  if (!Number.isSafeInteger(offset) || offset < 0 || sig !== signature(listKey, offset)) return undefined;
  return offset;
}

/**
 * How a list answers its pages, besides cutting them at the requested size. Tokens stay valid tokens of the list
 * (the same offset always gives the same token), so only the paging changes, never the token check.
 */
export type PagingQuirkKind =
  /** A request that carries a token is answered with that same token again: the list never moves on. */
  | 'repeat-token'
  /**
   * The last page of a list of three pages or more carries the token of the list's second page instead of none:
   * the list starts over, and every token it hands out was handed out before (A, B, A, …).
   */
  | 'loop'
  /**
   * The next page starts with the item this page ended with, as when a resource is created ahead of it between
   * the two requests; a list that would end goes on for one more page holding its last item again. (Not applied
   * where it would hand back the token the request carried: one-item pages after the first.)
   */
  | 'repeat-item'
  /** The list never ends: past its last item come empty pages, each with a token of its own. */
  | 'endless'
  /**
   * The first page holds no item but a token to the first item: a page may hold fewer items than asked, none
   * included, and still carry a token. (Only applied to a request without a token.)
   */
  | 'empty-page';

export interface PagingQuirk {
  kind: PagingQuirkKind;
  /** The list operation it applies to (`ListUserPools`, `GetResources`); every list that honours quirks when absent. */
  operation?: string;
  /** Applies this many times, then leaves the list; unlimited when absent. */
  times?: number;
}

// Per State (one per local AWS instance): tests reach it through `aws.state`, and two instances never share quirks.
const quirksByState = new WeakMap<object, PagingQuirk[]>();

/**
 * The paging quirks of a local AWS instance, by its state: push one to switch it on, empty the array to clear.
 * The Cognito lists (ListUserPools, ListUserPoolClients, ListGroups, ListIdentityProviders, ListIdentityPools) and
 * the Tagging API's GetResources honour them; the first quirk that applies to a request decides its answer.
 */
export function pagingQuirks(state: object): PagingQuirk[] {
  let quirks = quirksByState.get(state);
  if (!quirks) {
    quirks = [];
    quirksByState.set(state, quirks);
  }
  return quirks;
}

export interface PageRequest {
  /** Identifies the list (operation + parent resource), so tokens do not cross lists. */
  listKey: string;
  /** The page size the client asked for (already range-checked), or undefined for the service default. */
  pageSize: number | undefined;
  defaultPageSize: number;
  token: string | undefined;
  /** Server option: no page holds more than this, whatever the client asked. */
  maxPageSize: number | undefined;
  invalidToken: () => Error;
  /** The operation, for the quirks that name one. */
  operation?: string;
  /** The quirks switched on (pagingQuirks); none when absent. */
  quirks?: PagingQuirk[];
}

export function paginate<T>(items: readonly T[], request: PageRequest): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (request.token !== undefined) {
    const decoded = decodeToken(request.listKey, request.token);
    if (decoded === undefined) throw request.invalidToken();
    offset = decoded;
  }
  let size = request.pageSize || request.defaultPageSize;
  if (request.maxPageSize !== undefined) size = Math.min(size, request.maxPageSize);
  const end = offset + size;
  const page = items.slice(offset, end);
  const token = (at: number) => encodeToken(request.listKey, at);
  const last = end >= items.length;

  // What each quirk would answer, or undefined where it does not apply to this request.
  const answers: Record<PagingQuirkKind, () => { page: T[]; nextToken?: string } | undefined> = {
    'repeat-token': () => (request.token === undefined ? undefined : { page, nextToken: request.token }),
    loop: () => (last && offset > size ? { page, nextToken: token(size) } : undefined),
    'repeat-item': () => {
      const again = offset + page.length - 1;
      if (page.length === 0 || (request.token !== undefined && again === offset)) return undefined;
      return { page, nextToken: token(again) };
    },
    endless: () => (last ? { page, nextToken: token(end) } : undefined),
    'empty-page': () => (request.token === undefined ? { page: [], nextToken: token(0) } : undefined),
  };
  const quirks = request.quirks ?? [];
  for (const quirk of quirks) {
    if (quirk.operation !== undefined && quirk.operation !== request.operation) continue;
    if (quirk.times !== undefined && quirk.times <= 0) continue;
    const answer = answers[quirk.kind]();
    if (!answer) continue;
    if (quirk.times !== undefined && --quirk.times <= 0) quirks.splice(quirks.indexOf(quirk), 1);
    return answer;
  }
  return last ? { page } : { page, nextToken: token(end) };
}
