// Finding an environment's IDs from what the file says: the judgements, without AWS (src/aws/discovery.ts gathers
// the candidates). A lookup must match exactly one resource; zero or several is an error at the line of the key,
// listing what was found and saying how to narrow it.
import type { Source } from './config/types.ts';
import { ActionError, type SourceLocation } from './errors.ts';
import { clip } from './text.ts';

export interface Candidate {
  id: string;
  name: string;
}

/** How many candidates an error lists; the rest are counted. */
const LISTED = 10;

export interface Search {
  /** What is looked for, for messages: "user pool", "app client", "identity pool". */
  kind: string;
  /** Where: "in us-east-1", "of user pool us-east-1_AbC". */
  scope: string;
  /** The criterion, for messages: `named "shop"`, `tagged env=staging`. */
  criterion: string;
  /** How to narrow the search or fix it. */
  fix: string;
  /** The file key, for messages: "environments.staging.userPool". */
  key: string;
  location: SourceLocation;
}

/** The one match, or an ActionError that lists the matches (or what was looked at) and how to narrow it. */
export function exactlyOne(
  matches: readonly Candidate[],
  seen: readonly Candidate[],
  search: Search,
): Candidate {
  const [only] = matches;
  if (matches.length === 1 && only) return only;
  const message =
    matches.length === 0
      ? `no ${search.kind} ${search.scope} is ${search.criterion}. ${seen.length === 0 ? `There are none ${search.scope}` : `Looked at ${count(seen.length, search.kind)}: ${listed(seen)}`}. ${search.fix}`
      : `${count(matches.length, search.kind)} ${search.scope} ${matches.length === 1 ? 'is' : 'are'} ${search.criterion}: ${listed(matches)}. ${search.fix}`;
  throw new ActionError({ message: `${search.key}: ${message}`, location: search.location });
}

export function count(n: number, kind: string): string {
  return `${n.toLocaleString('en-US')} ${kind}${n === 1 ? '' : 's'}`;
}

export function listed(candidates: readonly Candidate[]): string {
  const shown = candidates
    .slice(0, LISTED)
    .map((candidate) => (candidate.name ? `${clip(candidate.name, 60)} (${candidate.id})` : candidate.id));
  const rest = candidates.length - shown.length;
  return `${shown.join(', ')}${rest > 0 ? `, and ${rest.toLocaleString('en-US')} more` : ''}`;
}

/** A pool's tags match when it carries every wanted tag with the wanted value. */
export function hasTags(tags: Record<string, string> | undefined, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([key, value]) => tags?.[key] === value);
}

export const describeTags = (tags: Record<string, string>): string =>
  Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');

/** How an ID was found, for the log and the summary. */
export function provenance(source: Source, role?: 'authenticated' | 'unauthenticated'): string {
  switch (source.kind) {
    case 'given':
      return 'given in the file';
    case 'name':
      return `found by name "${source.name}"`;
    case 'tags':
      return `found by tags ${describeTags(source.tags)}`;
    case 'only':
      return "the user pool's only app client";
    case 'trusting':
      return 'the identity pool that trusts this user pool and client';
    case 'identity-pool':
      return `the identity pool's ${role ?? 'authenticated'} role`;
  }
}
