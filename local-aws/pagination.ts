// Opaque, list-bound page tokens and page-size handling shared by every list operation.
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
  return end < items.length ? { page, nextToken: encodeToken(request.listKey, end) } : { page };
}
