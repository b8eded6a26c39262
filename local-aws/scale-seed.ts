// A quota-size account for benchmarks and scale tests: the sample seed plus enough generated Cognito resources to
// reach the per-account quotas (1,000 user pools and 1,000 identity pools per region) in one region, one of them a
// user pool at the per-pool client quota (1,000) with 500 groups.
//
//   import { quotaSizeSeed, bigPoolId } from '../local-aws/scale-seed.ts';
//   const aws = await startLocalAws({ seed: quotaSizeSeed() });   // or: node local-aws/cli.ts --quota-size
//
// Shape (defaults; region us-east-1, account 111122223333 from the sample seed):
// - Everything in local-aws/sample-seed.json, unchanged: the storefront app and its branches, the IAM roles, the five
//   us-east-1 user pools and identity pools, the eu-west-1 pools.
// - Generated user pools, numbered from 0 so the region holds `userPools` (1,000) in all: 995 in us-east-1.
//     n-th: name `bench-pool-<nnnn>` (bench-pool-0000 … bench-pool-0994), ID `<region>_Bench<nnnn>`
//     (us-east-1_Bench0042), tags { env: 'bench', app: 'bench-<nnnn>' }, Cognito's default password policy.
//     Each has one client (the big pool has `clients`): name `bench-pool-<nnnn>-client-<cccc>`, ID
//     `bench<nnnn>c<cccc>` followed by 12 stable lowercase letters and digits (26 characters; benchClientId()).
// - The big pool is bench-pool-0000, ID `<region>_Bench0000` (bigPoolId()): 1,000 clients (bench-pool-0000-client-0000
//   … -0999) and 500 groups `bench-group-<gggg>` (bench-group-0000 … bench-group-0499), precedence <gggg>, role ARN
//   arn:aws:iam::<account>:role/bench-group-<gggg> (the roles do not exist in IAM).
// - Generated identity pools, numbered from 0 so the region holds `identityPools` (1,000) in all: 995 in us-east-1.
//     n-th: name `bench_identity_<nnnn>`, ID `<region>:<uuid>` whose last group is n in 12 digits
//     (benchIdentityPoolId()), tags { env: 'bench', app: 'bench-<nnnn>' }, one Cognito provider: bench pool n (modulo
//     the number of bench pools) and that pool's first client. No roles attached, guests not allowed.
// Tagging API: TagFilters [{ Key: 'env', Values: ['bench'] }] finds the 1,990 generated pools; app=bench-<nnnn> finds
// user pool n and identity pool n.
// Deterministic: the same options give the same seed. IDs are unique by construction (the number is part of each).

import sampleSeed from './sample-seed.json' with { type: 'json' };
import type { Seed, SeedIdentityPool, SeedUserPool, SeedUserPoolClient } from './seed.ts';
import { stableId } from './seed.ts';

/** Cognito's default quotas (per account and region; per pool): the seed reaches the first three by default. */
export const cognitoQuotas = {
  userPoolsPerRegion: 1000,
  identityPoolsPerRegion: 1000,
  clientsPerPool: 1000,
  groupsPerPool: 10_000,
} as const;

export interface QuotaSizeSeedOptions {
  /** The region that gets the generated pools; us-east-1 by default. */
  region?: string;
  /** User pools in that region in all, the sample seed's included; 1,000 by default. */
  userPools?: number;
  /** Identity pools in that region in all, the sample seed's included; 1,000 by default. */
  identityPools?: number;
  /** Clients of the big pool (bench-pool-0000); 1,000 by default. */
  clients?: number;
  /** Groups of the big pool; 500 by default. */
  groups?: number;
}

const defaultRegion = 'us-east-1';
const number4 = (n: number) => String(n).padStart(4, '0');

/** The ID of the n-th generated user pool, such as us-east-1_Bench0042. */
export function benchUserPoolId(index: number, region = defaultRegion): string {
  return `${region}_Bench${number4(index)}`;
}

/** The user pool with the 1,000 clients and 500 groups: bench-pool-0000. */
export function bigPoolId(region = defaultRegion): string {
  return benchUserPoolId(0, region);
}

/** The ID of a generated pool's client: 26 lowercase letters and digits, such as bench0000c0042 + 12 more. */
export function benchClientId(poolIndex: number, clientIndex: number): string {
  const readable = `bench${number4(poolIndex)}c${number4(clientIndex)}`;
  return readable + stableId(readable, 26 - readable.length, 'abcdefghijklmnopqrstuvwxyz0123456789');
}

/** The ID of the n-th generated identity pool: the region, a colon and a UUID whose last group is n. */
export function benchIdentityPoolId(index: number, region = defaultRegion): string {
  const hex = stableId(`bench_identity_${index}`, 14, '0123456789abcdef');
  const last = String(index).padStart(12, '0');
  return `${region}:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(12, 14)}0-8000-${last}`;
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < min) {
    throw new Error(`quotaSizeSeed: ${name} must be an integer >= ${min}, got ${value}`);
  }
  return result;
}

/** The quota-size seed (see the header); pass it to startLocalAws({ seed }) or loadSeed. */
export function quotaSizeSeed(options: QuotaSizeSeedOptions = {}): Seed {
  // The JSON's inferred type (tag maps with optional keys) does not match Seed's; the loader checks the content.
  const seed = structuredClone(sampleSeed) as unknown as Seed;
  const region = options.region ?? defaultRegion;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new Error(`quotaSizeSeed: not a region name: ${region}`);
  const target = seed.regions[region] ?? {};
  const userPools = target.userPools ?? [];
  const identityPools = target.identityPools ?? [];
  seed.regions[region] = { ...target, userPools, identityPools };

  const totalUserPools = count(
    'userPools',
    options.userPools,
    cognitoQuotas.userPoolsPerRegion,
    userPools.length + 1,
  );
  const totalIdentityPools = count(
    'identityPools',
    options.identityPools,
    cognitoQuotas.identityPoolsPerRegion,
    identityPools.length,
  );
  const clients = count('clients', options.clients, cognitoQuotas.clientsPerPool, 1);
  const groups = count('groups', options.groups, 500, 0);

  const benchPools = totalUserPools - userPools.length;
  for (let n = 0; n < benchPools; n++) {
    const clientCount = n === 0 ? clients : 1;
    const poolClients: SeedUserPoolClient[] = [];
    for (let c = 0; c < clientCount; c++) {
      poolClients.push({ id: benchClientId(n, c), name: `bench-pool-${number4(n)}-client-${number4(c)}` });
    }
    const pool: SeedUserPool = {
      id: benchUserPoolId(n, region),
      name: `bench-pool-${number4(n)}`,
      tags: { env: 'bench', app: `bench-${number4(n)}` },
      clients: poolClients,
    };
    if (n === 0) {
      pool.groups = [];
      for (let g = 0; g < groups; g++) {
        pool.groups.push({
          name: `bench-group-${number4(g)}`,
          roleArn: `arn:aws:iam::${seed.account}:role/bench-group-${number4(g)}`,
          precedence: g,
          description: `Benchmark group ${g}`,
        });
      }
    }
    userPools.push(pool);
  }

  const benchIdentityPools = totalIdentityPools - identityPools.length;
  for (let n = 0; n < benchIdentityPools; n++) {
    const poolIndex = n % benchPools;
    const pool: SeedIdentityPool = {
      id: benchIdentityPoolId(n, region),
      name: `bench_identity_${number4(n)}`,
      tags: { env: 'bench', app: `bench-${number4(n)}` },
      cognitoProviders: [
        {
          providerName: `cognito-idp.${region}.amazonaws.com/${benchUserPoolId(poolIndex, region)}`,
          clientId: benchClientId(poolIndex, 0),
        },
      ],
    };
    identityPools.push(pool);
  }
  return Object.assign(seed, {
    $comment: `Quota-size account (local-aws/scale-seed.ts): the sample seed plus ${benchPools} user pools and ${benchIdentityPools} identity pools in ${region}.`,
  });
}
