// The forms an environments file can use to find its resources, each with the calls its answer cannot do without,
// on the local AWS's quota-size account (local-aws/scale-seed.ts): what `npm run bench` times
// (scripts/bench-discovery.ts) and test/discovery-bound.e2e.test.ts counts.
import { benchUserPoolId, bigPoolId } from '../local-aws/scale-seed.ts';
import { READS_PER_SECOND } from '../src/aws/cognito-reader.ts';

export const REGION = 'us-east-1';
const pages = (items: number, size: number) => Math.ceil(items / size);

export interface Form {
  title: string;
  /** The environment's lines in the file. */
  lines: string[];
  /**
   * Calls the answer cannot do without: list pages (one after another) and describes (all at once if allowed), with
   * the request rate each may go at; describes share the lists' quota when `shared` (DescribeUserPool and
   * ListUserPools are both UserPoolRead).
   */
  bound: { lists: number; listRate: number; describes: number; rate: number; shared?: boolean };
  /** A service the role may not call in this form. */
  deny?: string;
}

const big = bigPoolId(REGION);
const last = '0994'; // the last generated pool: a name search cannot stop before it
const lastPool = benchUserPoolId(Number(last), REGION);
export const FORMS: Form[] = [
  {
    title: 'userPool by name',
    lines: [`userPool: { name: bench-pool-${last} }`, ...given(['client', 'identity', 'roles'])],
    bound: { lists: pages(1000, 60), listRate: READS_PER_SECOND.userPool, describes: 0, rate: 1 },
  },
  {
    title: 'userPool by tags (tag:GetResources)',
    lines: [`userPool: { tags: { app: bench-${last} } }`, ...given(['client', 'identity', 'roles'])],
    bound: { lists: 1, listRate: 1, describes: 0, rate: 1 },
  },
  {
    title: 'userPool by tags, GetResources denied',
    lines: [`userPool: { tags: { app: bench-${last} } }`, ...given(['client', 'identity', 'roles'])],
    bound: {
      lists: pages(1000, 60) + 1,
      listRate: READS_PER_SECOND.userPool,
      describes: 1000,
      rate: 0,
      shared: true,
    },
    deny: 'tag:GetResources',
  },
  {
    title: 'userPoolClient by name (1,000 clients)',
    lines: [
      `userPoolId: ${big}`,
      'userPoolClient: { name: bench-pool-0000-client-0999 }',
      ...given(['identity', 'roles']),
    ],
    bound: { lists: pages(1000, 60), listRate: READS_PER_SECOND.client, describes: 0, rate: 1 },
  },
  {
    title: 'userPoolClient: the only one',
    lines: [`userPoolId: ${lastPool}`, ...given(['identity', 'roles'])],
    bound: { lists: 1, listRate: READS_PER_SECOND.client, describes: 0, rate: 1 },
  },
  {
    title: 'identityPool by name',
    lines: [
      `userPoolId: ${lastPool}`,
      'userPoolClientId: x',
      `identityPool: { name: bench_identity_${last} }`,
      ...given(['roles']),
    ],
    bound: { lists: pages(1000, 60), listRate: READS_PER_SECOND.identityPool, describes: 0, rate: 1 },
  },
  {
    title: 'identityPool: the one trusting pool and client',
    lines: [`userPoolId: ${lastPool}`, ...given(['roles'])],
    bound: {
      lists: 1 + pages(1000, 60),
      listRate: READS_PER_SECOND.identityPool,
      describes: 1000,
      rate: 0,
      shared: true,
    },
  },
  {
    title: 'roles from the identity pool',
    lines: [
      `userPoolId: ${lastPool}`,
      'userPoolClientId: x',
      'identityPoolId: us-east-1:11111111-1111-4111-8111-111111111111',
    ],
    bound: { lists: 1, listRate: READS_PER_SECOND.identityPool, describes: 0, rate: 1 },
  },
  {
    title: 'groups: all (500 groups)',
    lines: [`userPoolId: ${big}`, ...given(['client', 'identity', 'roles']), 'groups: all'],
    bound: { lists: pages(500, 60), listRate: READS_PER_SECOND.poolResource, describes: 0, rate: 1 },
  },
  {
    title: 'groups: 3 by name',
    lines: [
      `userPoolId: ${big}`,
      ...given(['client', 'identity', 'roles']),
      'groups: [bench-group-0001, bench-group-0250, bench-group-0499]',
    ],
    bound: { lists: 0, listRate: 1, describes: 3, rate: READS_PER_SECOND.poolResource },
  },
];

/** Literal lines for the parts a form does not look up. */
function given(parts: ('client' | 'identity' | 'roles')[]): string[] {
  return parts.flatMap((part) =>
    part === 'client'
      ? ['userPoolClientId: x']
      : part === 'identity'
        ? ['identityPoolId: us-east-1:11111111-1111-4111-8111-111111111111']
        : [
            'authRoleArn: arn:aws:iam::111122223333:role/a',
            'unauthRoleArn: arn:aws:iam::111122223333:role/u',
          ],
  );
}
