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

export interface Environment {
  name: string;
  protected: boolean;
  branches: BranchPattern[];
  ids: CognitoIds;
  /** Where the environment starts in the file. */
  location: SourceLocation;
  /** Where each of its IDs is written, so a problem with one can point at its line. */
  idLocations: Record<VariableKey, SourceLocation>;
}

export interface EnvironmentsFile {
  path: string;
  variables: VariableNames;
  /** In file order: the order patterns are tried in. */
  environments: Environment[];
  /** Resources several environments may use on purpose. */
  sharedResources: string[];
}
