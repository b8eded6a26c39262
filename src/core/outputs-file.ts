// The `auth` section of `amplify_outputs.json` as Amplify Gen 2's `referenceAuth` captures it at deploy time,
// built from the Cognito reads this project already makes. Pure: no I/O, no AWS calls.
//
// Where the rules come from (repository aws-amplify/amplify-backend; facts only, no code copied):
//   [LAMBDA]      packages/backend-auth/src/lambda/reference_auth_initializer.ts — the referenceAuth custom
//                 resource: turns DescribeUserPool, GetUserPoolMfaConfig, ListIdentityProviders,
//                 DescribeUserPoolClient and DescribeIdentityPool into string outputs (read at commit 25e518c8).
//   [CONTRIBUTOR] packages/client-config/src/client-config-contributor/client_config_contributor_v1.ts,
//                 AuthClientConfigContributor — turns those strings into the file's `auth` section (checked in the
//                 published @aws-amplify/client-config 1.11.1, lib/client-config-contributor/).
//   [SCHEMA]      packages/client-config/src/client-config-schema/schema_v1.5.json (and _v1.4, whose `auth` is
//                 identical); the types below are generated from it and published in @aws-amplify/client-config.
// Where Amplify's own output would break the schema, the builder writes the schema's form and says so (INFERRED).
import type { ClientConfigVersionTemplateType } from '@aws-amplify/client-config';
import type {
  GetUserPoolMfaConfigCommandOutput,
  GroupType,
  ProviderDescription,
  UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ClientFacts } from './checks/types.ts';
import { ActionError } from './errors.ts';

/**
 * The schema version the file is written in. `aws-amplify` v6 reads any version starting with "1"
 * (@aws-amplify/core, parseAmplifyOutputs.mjs `isAmplifyOutputs`) and knows 1.5's additions (notifications'
 * `amazon_connect`); 1.5 is also what `ampx generate outputs` writes by default (@aws-amplify/client-config 1.11.1,
 * `DEFAULT_CLIENT_CONFIG_VERSION`). The `auth` section of 1.5 is the same as 1.4's.
 */
export const OUTPUTS_VERSION = '1.5';
export type OutputsVersion = typeof OUTPUTS_VERSION;

/** The whole file, as Amplify's published types describe version {@link OUTPUTS_VERSION}. */
export type AmplifyOutputs = ClientConfigVersionTemplateType<OutputsVersion>;
/** The `auth` section, as Amplify's published types describe it. */
export type AuthOutputs = NonNullable<AmplifyOutputs['auth']>;

/** What `amplify_outputs.json` holds after {@link mergeOutputs}: the other sections as they were found. */
export type OutputsFile = { [section: string]: unknown } & { version: OutputsVersion; auth: AuthOutputs };

/** The parts of a GetUserPoolMfaConfig answer the builder reads. */
export type MfaReads = Pick<
  GetUserPoolMfaConfigCommandOutput,
  'MfaConfiguration' | 'SmsMfaConfiguration' | 'SoftwareTokenMfaConfiguration' | 'EmailMfaConfiguration'
>;

export interface AuthReads {
  /** The pools' region (referenceAuth uses its stack's region). */
  region: string;
  /** DescribeUserPool's `UserPool`. */
  userPool: UserPoolType;
  /** GetUserPoolMfaConfig's answer. */
  mfa: MfaReads;
  /** ListIdentityProviders, every page. */
  identityProviders: readonly ProviderDescription[];
  /** DescribeUserPoolClient without the secret. */
  client: ClientFacts;
  /** DescribeIdentityPool. */
  identityPool: { IdentityPoolId: string; AllowUnauthenticatedIdentities: boolean };
  /** The environment's groups (ListGroups entries: name and precedence). */
  groups: readonly GroupType[];
}

type IdentityProvider = NonNullable<AuthOutputs['oauth']>['identity_providers'][number];
type StandardAttribute = NonNullable<AuthOutputs['standard_required_attributes']>[number];
type UsernameAttribute = NonNullable<AuthOutputs['username_attributes']>[number];
type VerificationType = NonNullable<AuthOutputs['user_verification_types']>[number];
type MfaMethod = NonNullable<AuthOutputs['mfa_methods']>[number];
type MfaConfiguration = NonNullable<AuthOutputs['mfa_configuration']>;
type Group = NonNullable<AuthOutputs['groups']>[number];

/** [LAMBDA] provider types written as constants; OIDC and SAML providers are written by their names. */
const PROVIDER_CONSTANTS: Readonly<Record<string, IdentityProvider>> = {
  Google: 'GOOGLE',
  Facebook: 'FACEBOOK',
  SignInWithApple: 'SIGN_IN_WITH_APPLE',
  LoginWithAmazon: 'LOGIN_WITH_AMAZON',
};
const NAMED_PROVIDER_TYPES: ReadonlySet<string> = new Set(['OIDC', 'SAML']);

/** [SCHEMA] `amazon_cognito_standard_attributes`. */
const STANDARD_ATTRIBUTES: ReadonlySet<string> = new Set<StandardAttribute>([
  'address',
  'birthdate',
  'email',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'picture',
  'preferred_username',
  'profile',
  'sub',
  'updated_at',
  'website',
  'zoneinfo',
]);
/** [SCHEMA] the Cognito attributes `username_attributes` and `user_verification_types` can name. */
const CONTACT_ATTRIBUTES: ReadonlySet<string> = new Set<UsernameAttribute & VerificationType>([
  'email',
  'phone_number',
]);

/** [CONTRIBUTOR] the user pool's OFF / OPTIONAL / ON, in the schema's words. */
const MFA_CONFIGURATIONS: Readonly<Record<string, MfaConfiguration>> = {
  OFF: 'NONE',
  OPTIONAL: 'OPTIONAL',
  ON: 'REQUIRED',
};

/** [CONTRIBUTOR] the minimum length written when the pool's policy has none (the auth construct's default). */
const DEFAULT_MIN_LENGTH = 8;

/**
 * The identity providers referenceAuth captures, in ListIdentityProviders order [LAMBDA]: Google, Facebook,
 * SignInWithApple and LoginWithAmazon as constants, OIDC and SAML providers by their names. Only the constants reach
 * the file (see {@link authOutputs}).
 */
export function capturedIdentityProviders(providers: readonly ProviderDescription[]): string[] {
  const captured: string[] = [];
  for (const { ProviderType: type, ProviderName: name } of providers) {
    const constant = type === undefined ? undefined : PROVIDER_CONSTANTS[type];
    if (constant !== undefined) captured.push(constant);
    else if (type !== undefined && NAMED_PROVIDER_TYPES.has(type) && name) captured.push(name);
  }
  return captured;
}

/** The `auth` section of `amplify_outputs.json` for these reads. */
export function authOutputs(reads: AuthReads): AuthOutputs {
  const { region, userPool, mfa, client, identityPool } = reads;
  if (!userPool.Id) throw new TypeError('authOutputs: the DescribeUserPool answer has no Id');
  if (!client.ClientId) throw new TypeError('authOutputs: the DescribeUserPoolClient answer has no ClientId');

  const auth: AuthOutputs = {
    // [LAMBDA] the IDs referenceAuth was given (the ones it read) and its stack's region.
    aws_region: region,
    user_pool_id: userPool.Id,
    user_pool_client_id: client.ClientId,
    identity_pool_id: identityPool.IdentityPoolId,
  };

  const policy = passwordPolicy(userPool);
  if (policy) auth.password_policy = policy;

  const oauth = oauthSettings(reads);
  if (oauth) auth.oauth = oauth;

  // [LAMBDA] the schema attributes marked Required, names lower-cased; always written, possibly empty. Cognito
  // marks `sub` required, so it is listed too. INFERRED: names outside the schema's standard set are dropped
  // (Cognito does not let custom attributes be required, so none are expected).
  auth.standard_required_attributes = unique(
    (userPool.SchemaAttributes ?? [])
      .filter((attribute) => attribute.Required && attribute.Name)
      .map((attribute) => (attribute.Name ?? '').toLowerCase())
      .filter((name): name is StandardAttribute => STANDARD_ATTRIBUTES.has(name)),
  );

  // [LAMBDA] UsernameAttributes lower-cased (`email`, `phone_number`). INFERRED: omitted when the pool has none
  // (users sign in with a username) — Amplify writes `[]` there, which the schema's minItems 1 refuses.
  const usernameAttributes = unique(
    (userPool.UsernameAttributes ?? [])
      .map((attribute) => attribute.toLowerCase())
      .filter((name): name is UsernameAttribute => CONTACT_ATTRIBUTES.has(name)),
  );
  if (usernameAttributes.length > 0) auth.username_attributes = usernameAttributes;

  // [LAMBDA] AutoVerifiedAttributes as Cognito spells them (`email`, `phone_number`); always written.
  auth.user_verification_types = unique(
    (userPool.AutoVerifiedAttributes ?? []).filter((name): name is VerificationType =>
      CONTACT_ATTRIBUTES.has(name),
    ),
  );

  // [LAMBDA] + [CONTRIBUTOR] always written, `true` or `false`: the schema's default (true) is never relied on.
  auth.unauthenticated_identities_enabled = identityPool.AllowUnauthenticatedIdentities === true;

  // [LAMBDA] the pool's MfaConfiguration, OFF when absent; [CONTRIBUTOR] OFF → NONE, ON → REQUIRED.
  // INFERRED: GetUserPoolMfaConfig's MfaConfiguration stands in when DescribeUserPool's is missing.
  // A value Cognito does not document leaves the field out, as the contributor does.
  const mfaConfiguration = MFA_CONFIGURATIONS[userPool.MfaConfiguration ?? mfa.MfaConfiguration ?? 'OFF'];
  if (mfaConfiguration) auth.mfa_configuration = mfaConfiguration;
  auth.mfa_methods = mfaMethods(mfa);

  const groups = groupOutputs(reads.groups);
  if (groups.length > 0) auth.groups = groups;
  return auth;
}

/**
 * [LAMBDA] SMS when the SMS MFA configuration carries an SmsConfiguration, TOTP when software tokens are enabled,
 * EMAIL when an email MFA configuration is present; in that order; always written, possibly empty.
 * INFERRED: the lambda labels them SMS_MFA and EMAIL_MFA and the contributor copies the labels unchanged, which the
 * schema (SMS, TOTP, EMAIL) refuses and `aws-amplify` ignores (it looks for "SMS"); the builder writes the schema's
 * names, as defineAuth's outputs do (packages/auth-construct/src/construct.ts writes SMS and TOTP).
 */
function mfaMethods(mfa: MfaReads): MfaMethod[] {
  const methods: MfaMethod[] = [];
  if (mfa.SmsMfaConfiguration?.SmsConfiguration) methods.push('SMS');
  if (mfa.SoftwareTokenMfaConfiguration?.Enabled) methods.push('TOTP');
  if (mfa.EmailMfaConfiguration) methods.push('EMAIL');
  return methods;
}

/**
 * [LAMBDA] the pool's PasswordPolicy; [CONTRIBUTOR] a missing minimum length becomes 8 and every require-* flag is
 * written, false unless the policy sets it. INFERRED: no section when the pool has no policy (referenceAuth fails the
 * deploy then: "Failed to retrieve password policy.").
 */
function passwordPolicy(userPool: UserPoolType): AuthOutputs['password_policy'] {
  const policy = userPool.Policies?.PasswordPolicy;
  if (!policy) return undefined;
  return {
    min_length: policy.MinimumLength || DEFAULT_MIN_LENGTH,
    require_numbers: policy.RequireNumbers === true,
    require_lowercase: policy.RequireLowercase === true,
    require_uppercase: policy.RequireUppercase === true,
    require_symbols: policy.RequireSymbols === true,
  };
}

/**
 * [CONTRIBUTOR] OAuth settings are written when the client has both callback and sign-out URLs. INFERRED: and the
 * pool has a domain — without one Amplify writes the host `.auth.<region>.amazoncognito.com`, which names nothing.
 */
function oauthSettings({ region, userPool, client, identityProviders }: AuthReads): AuthOutputs['oauth'] {
  const signIn = unique(client.CallbackURLs ?? []);
  const signOut = unique(client.LogoutURLs ?? []);
  if (signIn.length === 0 || signOut.length === 0) return undefined;
  const domain = oauthDomain(userPool, region);
  if (domain === undefined) return undefined;
  return {
    // [CONTRIBUTOR] only the four constants are kept: OIDC and SAML names, which the lambda captures, are dropped
    // (the schema's enum has no place for them).
    identity_providers: unique(
      capturedIdentityProviders(identityProviders).filter((name): name is IdentityProvider =>
        Object.values(PROVIDER_CONSTANTS).includes(name as IdentityProvider),
      ),
    ),
    domain,
    // [LAMBDA] the client's AllowedOAuthScopes, as Cognito lists them.
    scopes: unique(client.AllowedOAuthScopes ?? []),
    // [LAMBDA] CallbackURLs and LogoutURLs. INFERRED: kept whole — Amplify joins them with "," and splits them
    // again, which would cut a URL that holds a comma in two.
    redirect_sign_in_uri: signIn,
    redirect_sign_out_uri: signOut,
    response_type: responseType(client.AllowedOAuthFlows ?? []),
  };
}

/**
 * [LAMBDA] the pool's CustomDomain as is, otherwise `<Domain>.auth.<region>.amazoncognito.com`; undefined when the
 * pool has neither.
 */
function oauthDomain(userPool: UserPoolType, region: string): string | undefined {
  if (userPool.CustomDomain) return userPool.CustomDomain;
  if (userPool.Domain) return `${userPool.Domain}.auth.${region}.amazoncognito.com`;
  return undefined;
}

/**
 * `code` — what defineAuth always writes and what `aws-amplify` assumes for anything but "token". INFERRED: `token`
 * when the client allows the implicit grant and not the code grant (the lambda writes the flows joined with ",",
 * e.g. "implicit" or "code,implicit", which the schema's enum refuses and the client reads as "code").
 */
function responseType(flows: readonly string[]): 'code' | 'token' {
  return flows.includes('implicit') && !flows.includes('code') ? 'token' : 'code';
}

/**
 * [SCHEMA] `groups`: one single-key object per group, `{ "<name>": { "precedence": <n> } }`, in the order given.
 * INFERRED: referenceAuth itself writes no groups; this is the layout defineAuth's groups take in the file. Groups
 * without a name are skipped; a group without a precedence gets `{}`.
 */
function groupOutputs(groups: readonly GroupType[]): Group[] {
  const seen = new Set<string>();
  const result: Group[] = [];
  for (const { GroupName: name, Precedence: precedence } of groups) {
    if (!name || seen.has(name)) continue;
    seen.add(name);
    result.push({ [name]: precedence === undefined ? {} : { precedence } });
  }
  return result;
}

/**
 * Refuses, naming the file as `shown`, a parsed file that {@link mergeOutputs} cannot take: anything but a JSON
 * object, or undefined / null for none.
 */
export function checkOutputsShape(existing: unknown, shown: string): void {
  if (existing === undefined || existing === null) return;
  if (typeof existing !== 'object' || Array.isArray(existing)) {
    const found = Array.isArray(existing) ? 'an array' : `a ${typeof existing}`;
    throw new ActionError({
      message: `${shown} holds ${found}, not a JSON object: fix or delete the file and run again.`,
      location: { file: shown },
    });
  }
}

/**
 * The whole file: every section of `existing` kept as found, `version` set to {@link OUTPUTS_VERSION}, `auth`
 * replaced. `existing` is the parsed file, or undefined / null when there is none; `shown` names it in an error.
 */
export function mergeOutputs(
  existing: unknown,
  auth: AuthOutputs,
  shown = 'amplify_outputs.json',
): OutputsFile {
  checkOutputsShape(existing, shown);
  // Spreading undefined or null adds nothing: no file gives `version` and `auth` alone.
  return { ...(existing as Record<string, unknown> | null | undefined), version: OUTPUTS_VERSION, auth };
}

/** The items in their first order, each once (the schema's arrays are uniqueItems). */
function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
