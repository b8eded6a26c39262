// The parts every check shares: the table of checks, how a result is made, and how a resource that could not be
// read is reported instead of judged.
import type { CognitoIds, VariableKey } from '../config/types.ts';
import type { CheckResult, Lookup } from './types.ts';

export type Check = Omit<CheckResult, 'status' | 'details'>;

export const CHECKS = {
  placement: { id: 'placement', title: 'Region and account' },
  userPool: {
    id: 'user-pool',
    title: 'User pool',
    key: 'userPoolId',
    prevents:
      'referenceAuth fails the deploy when the user pool is missing, has no password policy, or uses alias attributes',
  },
  externalSignIn: {
    id: 'external-sign-in',
    title: 'External sign-in',
    key: 'userPoolId',
    prevents:
      'referenceAuth fails the deploy when external providers lack a domain or the client lacks callback and logout URLs',
  },
  client: {
    id: 'client',
    title: 'App client',
    key: 'userPoolClientId',
    prevents:
      'referenceAuth fails the deploy when the client has a secret ("not configured as a web client")',
  },
  identityPool: {
    id: 'identity-pool',
    title: 'Identity pool provider',
    key: 'identityPoolId',
    prevents:
      'referenceAuth fails the deploy when the identity pool has no provider for this user pool and client',
  },
  identityPoolRoles: {
    id: 'identity-pool-roles',
    title: 'Identity pool roles',
    key: 'identityPoolId',
    prevents:
      "referenceAuth fails the deploy when the identity pool's roles differ from authRoleArn and unauthRoleArn",
  },
  groups: {
    id: 'groups',
    title: 'Groups',
    key: 'groups',
    prevents: "referenceAuth fails the deploy when a group's role ARN belongs to no group of the pool",
  },
  roleTrust: { id: 'role-trust', title: 'Role trust policies', key: 'authRoleArn' },
  sharing: { id: 'sharing', title: 'Not shared with other environments' },
  variableSizes: { id: 'variable-sizes', title: 'Variable sizes', key: 'groups' },
} satisfies Record<string, Check>;

/** Fails with the problems, or passes with the confirmation when there are none. */
export function result(check: Check, problems: string[], passed: string): CheckResult {
  if (problems.length === 0) return { id: check.id, title: check.title, status: 'pass', details: [passed] };
  return { ...check, status: 'fail', details: problems };
}

export function skipped(check: Check, reason: string): CheckResult {
  return { id: check.id, title: check.title, status: 'skip', details: [reason] };
}

export interface Subject<T> {
  lookup: Lookup<T>;
  /** The resource, for messages: "App client abc in user pool xyz". */
  what: string;
  /** Whether `what` names several things ("The roles of identity pool xyz"), which "do not exist" rather than "does not". */
  plural?: boolean;
  /** How to fix it when it does not exist. */
  fix: string;
  /** A resource it belongs to: when that could not be read, the check is skipped (the parent's check fails). */
  parent?: { lookup: Lookup<unknown>; what: string };
}

/** The resource a check judges, or the result to report instead when it could not be read. */
export function read<T>(check: Check, subject: Subject<T>): { found: T } | { instead: CheckResult } {
  if (subject.parent && !('found' in subject.parent.lookup)) {
    return { instead: skipped(check, `Not checked: ${subject.parent.what} could not be read.`) };
  }
  const problem = unavailable(subject.lookup, subject.what, subject.fix, subject.plural);
  return problem ? { instead: result(check, [problem], '') } : (subject.lookup as { found: T });
}

/**
 * Why a lookup has no resource, as a problem sentence; undefined when it was found. `plural` says that `what`
 * names several things, so the sentence agrees with it.
 */
export function unavailable<T>(
  lookup: Lookup<T>,
  what: string,
  fixWhenMissing: string,
  plural = false,
): string | undefined {
  if ('found' in lookup) return undefined;
  if ('missing' in lookup) {
    return `${what} ${plural ? 'do' : 'does'} not exist (${lookup.missing}). ${fixWhenMissing}`;
  }
  if ('denied' in lookup) {
    return `${what} could not be read: access denied (${lookup.denied}). Grant the read permissions listed in the README.`;
  }
  return `${what} could not be read (${lookup.failed}). Re-run; nothing was written.`;
}

export function configuredRoles(ids: CognitoIds): {
  arn: string;
  use: string;
  amr: 'authenticated' | 'unauthenticated';
  /** Where the file gives (or looks up) the role. */
  key: VariableKey;
}[] {
  return [
    { arn: ids.authRoleArn, use: 'authRoleArn', amr: 'authenticated' as const, key: 'authRoleArn' as const },
    {
      arn: ids.unauthRoleArn,
      use: 'unauthRoleArn',
      amr: 'unauthenticated' as const,
      key: 'unauthRoleArn' as const,
    },
    ...Object.entries(ids.groups).map(([group, arn]) => ({
      arn,
      use: `group ${group}`,
      amr: 'authenticated' as const,
      key: 'groups' as const,
    })),
  ];
}
