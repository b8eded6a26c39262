// Finding an environment's IDs from what the file says: the judgements, without AWS (src/aws/discovery.ts gathers
// the candidates). A lookup must match exactly one resource; zero or several is an error at the line of the key,
// listing what was found and saying how to narrow it.
import schema from '../../schema/amplify-auth.schema.json' with { type: 'json' };
import { type CognitoIds, GIVEN_IN_FILE, type Source } from './config/types.ts';
import { ActionError, type Problem, type SourceLocation } from './errors.ts';
import { clip, count, formatCount, preview } from './text.ts';

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

/** What a search found. */
export interface Found {
  matches: readonly Candidate[];
  /** Everything looked at, matching or not. */
  seen: readonly Candidate[];
  /** false when the search stopped at the second match: there may be more. */
  complete: boolean;
}

/** The one match, or an ActionError that lists the matches (or what was looked at) and how to narrow it. */
export function exactlyOne({ matches, seen, complete }: Found, search: Search): Candidate {
  const [only] = matches;
  if (matches.length === 1 && only) return only;
  const message =
    matches.length === 0
      ? `no ${search.kind} ${search.scope} is ${search.criterion}. ${seen.length === 0 ? `There are none ${search.scope}` : `Looked at ${count(seen.length, search.kind)}: ${listed(seen)}`}. ${search.fix}`
      : `${complete ? '' : 'at least '}${count(matches.length, search.kind)} ${search.scope} are ${search.criterion}: ${listed(matches)}${complete ? '' : ' (the search stops at the second)'}. ${search.fix}`;
  throw new ActionError({ message: `${search.key}: ${message}`, location: search.location });
}

export function listed(candidates: readonly Candidate[]): string {
  const shown = candidates
    .slice(0, LISTED)
    .map((candidate) => (candidate.name ? `${clip(candidate.name, 60)} (${candidate.id})` : candidate.id));
  const rest = candidates.length - shown.length;
  return `${shown.join(', ')}${rest > 0 ? `, and ${formatCount(rest)} more` : ''}`;
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
      return GIVEN_IN_FILE;
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

/** The kinds of ID the file's schema gives a shape to. */
type IdShape = 'userPoolId' | 'userPoolClientId' | 'identityPoolId' | 'roleArn' | 'groupName';

const SHAPES: Record<IdShape, { what: string; test: (value: string) => boolean }> = Object.fromEntries(
  (
    [
      ['userPoolId', 'a user pool ID'],
      ['userPoolClientId', 'an app client ID'],
      ['identityPoolId', 'an identity pool ID'],
      ['roleArn', 'an IAM role ARN'],
      ['groupName', 'a group name'],
    ] as const
  ).map(([shape, what]) => {
    // The schema is the one home of the shapes: an ID found in AWS must pass what a literal one must.
    const { pattern, maxLength = Number.POSITIVE_INFINITY } = schema.definitions[shape] as {
      pattern: string;
      maxLength?: number;
    };
    const regex = new RegExp(pattern, 'u');
    return [shape, { what, test: (value: string) => value.length <= maxLength && regex.test(value) }];
  }),
) as Record<IdShape, { what: string; test: (value: string) => boolean }>;

/**
 * The IDs an AWS answer gave, refused unless each has the shape the file's schema requires of a literal one: an ID
 * is written to the branch, printed and passed to AWS again, so an answer that is not one stops here.
 */
export function misshapenIds(ids: CognitoIds, key: string, location: SourceLocation): Problem[] {
  const values: [IdShape, string][] = [
    ['userPoolId', ids.userPoolId],
    ['userPoolClientId', ids.userPoolClientId],
    ['identityPoolId', ids.identityPoolId],
    ['roleArn', ids.authRoleArn],
    ['roleArn', ids.unauthRoleArn],
    ...Object.entries(ids.groups).flatMap(([name, arn]): [IdShape, string][] => [
      ['groupName', name],
      ['roleArn', arn],
    ]),
  ];
  return values
    .filter(([shape, value]) => !SHAPES[shape].test(value))
    .map(([shape, value]) => ({
      message: `${key}: AWS answered ${preview(value, 120)} where ${SHAPES[shape].what} belongs; it is not one, so it is not used. Look at the resource in the AWS console, or give the ID in the file.`,
      location,
    }));
}
