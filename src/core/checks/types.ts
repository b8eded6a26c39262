// What the checks judge (the AWS answers, gathered by src/aws/wiring.ts) and what they conclude.
import type { DescribeIdentityPoolCommandOutput } from '@aws-sdk/client-cognito-identity';
import type {
  GroupType,
  ProviderDescription,
  UserPoolClientType,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '@aws-sdk/client-iam';
import type { Environment, ResolvedEnvironment, VariableKey, VariableNames } from '../config/types.ts';

/** The answer to one AWS read: the resource, or why there is none. */
export type Lookup<T> = { found: T } | { missing: string } | { denied: string } | { failed: string };

/** An app client as the checks see it: whether it has a secret, never the secret. */
export type ClientFacts = Omit<UserPoolClientType, 'ClientSecret'> & { hasSecret: boolean };

export interface Wiring {
  userPool: Lookup<UserPoolType>;
  identityProviders: Lookup<ProviderDescription[]>;
  client: Lookup<ClientFacts>;
  identityPool: Lookup<DescribeIdentityPoolCommandOutput>;
  identityPoolRoles: Lookup<Record<string, string>>;
  /** By group name, for every configured group. */
  groups: Record<string, Lookup<GroupType>>;
  /** By role ARN, for every configured role; undefined when role checks are off. */
  roles: Record<string, Lookup<Role>> | undefined;
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found: the problems (with their fixes) when it failed, otherwise a short confirmation. */
  details: string[];
  /** The deploy-time failure of referenceAuth this check predicts, if any. */
  prevents?: string;
  /** The ID in the environments file the check is about, if one. */
  key?: VariableKey;
  /** Per detail, the ID it is about, where the details concern different IDs (one role each). */
  detailKeys?: readonly VariableKey[];
}

export interface CheckContext {
  /** Where the Amplify app is (from GetApp); undefined when it could not be read. */
  app: { region: string; account: string } | undefined;
  environment: ResolvedEnvironment;
  /** Every environment in the file, for the sharing check. */
  environments: readonly Environment[];
  /** Resource IDs and ARNs the file allows several environments to share. */
  sharedResources: readonly string[];
  /** The file's names for the variables (its `variables` section); the default names when not given. */
  variables?: VariableNames | undefined;
}
