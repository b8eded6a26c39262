// What the environments file describes, once loaded and checked.
import type { BranchPattern } from '../branch-pattern.ts';
import type { SourceLocation } from '../errors.ts';

/** The Cognito resources one environment points at: exactly what referenceAuth takes. */
export interface CognitoIds {
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  authRoleArn: string;
  unauthRoleArn: string;
  /** Group name → IAM role ARN; empty when the environment has no groups. */
  groups: Record<string, string>;
}

export type VariableKey = keyof CognitoIds;
export type VariableNames = Record<VariableKey, string>;

export const VARIABLE_KEYS: readonly VariableKey[] = [
  'userPoolId',
  'userPoolClientId',
  'identityPoolId',
  'authRoleArn',
  'unauthRoleArn',
  'groups',
];

export const DEFAULT_VARIABLE_NAMES: VariableNames = {
  userPoolId: 'USER_POOL_ID',
  userPoolClientId: 'USER_POOL_CLIENT_ID',
  identityPoolId: 'IDENTITY_POOL_ID',
  authRoleArn: 'AUTH_ROLE_ARN',
  unauthRoleArn: 'UNAUTH_ROLE_ARN',
  groups: 'USER_POOL_GROUPS',
};

/** How the file gives one ID: literally, or how to find it. */
export type Source =
  | { kind: 'given'; value: string }
  | { kind: 'name'; name: string }
  | { kind: 'tags'; tags: Record<string, string> }
  /** The app client: the user pool's only client. */
  | { kind: 'only' }
  /** The identity pool: the one in the region whose Cognito provider is this user pool with this client. */
  | { kind: 'trusting' }
  /** A role: the identity pool's own (authenticated or unauthenticated). */
  | { kind: 'identity-pool' };

export type GroupsSource =
  | { kind: 'given'; value: Record<string, string> }
  /** Every group of the pool that has a role. */
  | { kind: 'all' }
  /** These groups of the pool, each with its role. */
  | { kind: 'names'; names: string[] };

/** What the file says about each of an environment's IDs. */
export interface EnvironmentSpec {
  userPoolId: Source;
  userPoolClientId: Source;
  identityPoolId: Source;
  authRoleArn: Source;
  unauthRoleArn: Source;
  groups: GroupsSource;
}

export interface Environment {
  name: string;
  protected: boolean;
  /** The Amplify app the environment's branches belong to, when the file names it (one app per environment). */
  app?: { id: string; region: string; location: SourceLocation };
  branches: BranchPattern[];
  spec: EnvironmentSpec;
  /** Where the environment starts in the file. */
  location: SourceLocation;
  /** Where each of its IDs (or lookups) is written, so a problem with one can point at its line. */
  idLocations: Record<VariableKey, SourceLocation>;
}

/** The provenance of an ID the file gives. */
export const GIVEN_IN_FILE = 'given in the file';

/** An environment with every ID known: given in the file or found in AWS, and how each was found. */
export interface ResolvedEnvironment extends Environment {
  ids: CognitoIds;
  /** For each ID, how it was found ("given", "found by name shop-staging", …). */
  provenance: Record<VariableKey, string>;
}

/** The pools and roles an environment gives literally (what can be compared across environments without AWS). */
export function givenResources(environment: Environment): string[] {
  const { spec } = environment;
  const given = [spec.userPoolId, spec.identityPoolId, spec.authRoleArn, spec.unauthRoleArn]
    .filter((source): source is { kind: 'given'; value: string } => source.kind === 'given')
    .map((source) => source.value);
  return spec.groups.kind === 'given' ? [...given, ...Object.values(spec.groups.value)] : given;
}

/** The environment's IDs when the file gives every one of them (nothing to find in AWS); otherwise undefined. */
export function literalIds(environment: Environment): CognitoIds | undefined {
  const { spec } = environment;
  const value = (source: Source) => (source.kind === 'given' ? source.value : undefined);
  const ids = {
    userPoolId: value(spec.userPoolId),
    userPoolClientId: value(spec.userPoolClientId),
    identityPoolId: value(spec.identityPoolId),
    authRoleArn: value(spec.authRoleArn),
    unauthRoleArn: value(spec.unauthRoleArn),
    groups: spec.groups.kind === 'given' ? spec.groups.value : undefined,
  };
  return Object.values(ids).every((part) => part !== undefined) ? (ids as CognitoIds) : undefined;
}

/**
 * The environment with its IDs when the file gives every one of them, nothing to find in AWS; otherwise undefined.
 * The schema has checked each of them for the shape an ID found in AWS is held to (misshapenIds).
 */
export function resolvedFromFile(environment: Environment): ResolvedEnvironment | undefined {
  const ids = literalIds(environment);
  if (!ids) return undefined;
  const provenance = Object.fromEntries(VARIABLE_KEYS.map((key) => [key, GIVEN_IN_FILE]));
  return { ...environment, ids, provenance: provenance as Record<VariableKey, string> };
}

export interface EnvironmentsFile {
  path: string;
  variables: VariableNames;
  /** In file order: the order patterns are tried in. */
  environments: Environment[];
  /** Resources several environments may use on purpose. */
  sharedResources: string[];
}
