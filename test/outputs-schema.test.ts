// Generated amplify_outputs.json files against Amplify's published JSON Schemas (test/fixtures, provenance in
// test/fixtures/amplify_outputs.schema.SOURCE.md): every field the builder writes, in every form it takes.
import { readFileSync } from 'node:fs';
import { DEFAULT_CLIENT_CONFIG_VERSION } from '@aws-amplify/client-config';
import type { ProviderDescription, UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuthOutputs,
  type AuthReads,
  authOutputs,
  mergeOutputs,
  OUTPUTS_VERSION,
} from '../src/core/outputs-file.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

function compile(file: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(new URL(`fixtures/${file}`, import.meta.url), 'utf8'));
  // `tsType` is an annotation for json-schema-to-typescript; strict mode refuses unknown keywords.
  const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  return ajv.compile(schema);
}
const v15 = compile('amplify_outputs.schema_v1.5.json');
const v14 = compile('amplify_outputs.schema_v1.4.json');

/** The file as a client reads it: written as JSON and parsed again. */
const asFile = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** Validates `file` and its auth section under both schemas; returns Ajv's complaints, none when valid. */
function problems(file: unknown): string[] {
  const found: string[] = [];
  for (const [name, validate, value] of [
    ['1.5', v15, asFile(file)],
    ['1.4', v14, asFile({ version: '1.4', auth: (file as { auth?: unknown }).auth })],
  ] as const) {
    if (!validate(value)) {
      for (const error of validate.errors ?? []) found.push(`${name} ${error.instancePath} ${error.message}`);
    }
  }
  return found;
}

const POOL_ID = 'us-east-1_AbC123';
const SNS = { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' };

function reads(overrides: Partial<AuthReads> = {}, pool: Partial<UserPoolType> = {}): AuthReads {
  return {
    region: 'us-east-1',
    userPool: {
      Id: POOL_ID,
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireNumbers: true } },
      SchemaAttributes: [
        { Name: 'sub', Required: true },
        { Name: 'email', Required: true },
      ],
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'OFF',
      ...pool,
    },
    mfa: {},
    identityProviders: [],
    client: { UserPoolId: POOL_ID, ClientId: 'client123', hasSecret: false },
    identityPool: {
      IdentityPoolId: 'us-east-1:11111111-1111-4111-8111-111111111111',
      AllowUnauthenticatedIdentities: false,
    },
    groups: [],
    ...overrides,
  };
}

const OAUTH_CLIENT = {
  ClientId: 'client123',
  hasSecret: false,
  CallbackURLs: ['https://main.example.com/', 'http://localhost:3000/'],
  LogoutURLs: ['https://main.example.com/'],
  AllowedOAuthFlows: ['code' as const],
  AllowedOAuthScopes: ['openid', 'email'],
};
const PROVIDERS: ProviderDescription[] = [
  { ProviderType: 'Google', ProviderName: 'Google' },
  { ProviderType: 'Facebook', ProviderName: 'Facebook' },
  { ProviderType: 'SignInWithApple', ProviderName: 'SignInWithApple' },
  { ProviderType: 'LoginWithAmazon', ProviderName: 'LoginWithAmazon' },
  { ProviderType: 'OIDC', ProviderName: 'Okta' },
  { ProviderType: 'SAML', ProviderName: 'Corporate' },
];

/** One pool per form a field can take. */
const SCENARIOS: Record<string, AuthReads> = {
  'no OAuth, no MFA, guests off': reads(),
  'guests on': reads({
    identityPool: { IdentityPoolId: 'us-east-1:x', AllowUnauthenticatedIdentities: true },
  }),
  'Cognito domain, every provider': reads(
    { client: OAUTH_CLIENT, identityProviders: PROVIDERS },
    { Domain: 'app' },
  ),
  'custom domain, implicit grant only': reads(
    { client: { ...OAUTH_CLIENT, AllowedOAuthFlows: ['implicit'], AllowedOAuthScopes: [] } },
    { CustomDomain: 'auth.example.com' },
  ),
  'MFA required with SMS, TOTP and email': reads(
    {
      mfa: {
        SmsMfaConfiguration: { SmsConfiguration: SNS },
        SoftwareTokenMfaConfiguration: { Enabled: true },
        EmailMfaConfiguration: {},
      },
    },
    { MfaConfiguration: 'ON' },
  ),
  'MFA optional with TOTP': reads(
    { mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } } },
    { MfaConfiguration: 'OPTIONAL' },
  ),
  'strict password policy, phone and email sign-in': reads(
    {},
    {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 99,
          RequireNumbers: true,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireSymbols: true,
        },
      },
      UsernameAttributes: ['phone_number', 'email'],
      AutoVerifiedAttributes: ['email', 'phone_number'],
    },
  ),
  'username sign-in, no policy, nothing verified': reads(
    {},
    { Policies: {}, UsernameAttributes: undefined, AutoVerifiedAttributes: undefined, SchemaAttributes: [] },
  ),
  'every standard attribute required': reads(
    {},
    {
      SchemaAttributes: [
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
        'custom:tenant',
      ].map((Name) => ({ Name, Required: true })),
    },
  ),
  groups: reads({
    groups: [
      { GroupName: 'ADMINS', Precedence: 0 },
      { GroupName: 'editors', Precedence: 3 },
      { GroupName: 'viewers' },
    ],
  }),
};

describe('generated files against the published schemas', () => {
  it.each(Object.entries(SCENARIOS))('%s: valid under 1.5, its auth section under 1.4 too', (_, scenario) => {
    expect(problems(mergeOutputs(undefined, authOutputs(scenario)))).toEqual([]);
  });

  it('the scenarios write every field of the auth section the builder can write', () => {
    const written = new Set<string>();
    for (const scenario of Object.values(SCENARIOS)) {
      const auth = authOutputs(scenario);
      for (const key of Object.keys(auth)) written.add(key);
      for (const key of Object.keys(auth.oauth ?? {})) written.add(`oauth.${key}`);
      for (const key of Object.keys(auth.password_policy ?? {})) written.add(`password_policy.${key}`);
    }
    expect([...written].sort()).toEqual(
      [
        'aws_region',
        'user_pool_id',
        'user_pool_client_id',
        'identity_pool_id',
        'password_policy',
        'password_policy.min_length',
        'password_policy.require_numbers',
        'password_policy.require_lowercase',
        'password_policy.require_uppercase',
        'password_policy.require_symbols',
        'oauth',
        'oauth.identity_providers',
        'oauth.domain',
        'oauth.scopes',
        'oauth.redirect_sign_in_uri',
        'oauth.redirect_sign_out_uri',
        'oauth.response_type',
        'standard_required_attributes',
        'username_attributes',
        'user_verification_types',
        'unauthenticated_identities_enabled',
        'mfa_configuration',
        'mfa_methods',
        'groups',
      ].sort(),
    );
  });

  it('a merged file keeps other sections valid, 1.5-only ones included', () => {
    const existing = {
      version: '1.4',
      data: {
        aws_region: 'us-east-1',
        url: 'https://abc.appsync-api.us-east-1.amazonaws.com/graphql',
        default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
        authorization_types: ['AWS_IAM'],
      },
      storage: { aws_region: 'us-east-1', bucket_name: 'files' },
      notifications: { amazon_connect: { aws_region: 'us-east-1', endpoint: 'https://connect.example.com' } },
      custom: { anything: true },
    };
    const merged = mergeOutputs(
      existing,
      authOutputs(SCENARIOS['Cognito domain, every provider'] ?? reads()),
    );
    expect(v15(asFile(merged)), JSON.stringify(v15.errors)).toBe(true);
  });

  it('any pool the reads can describe gives a valid file', () => {
    const attribute = fc.constantFrom(
      'sub',
      'email',
      'phone_number',
      'given_name',
      'custom:x',
      'email_verified',
      'Name',
    );
    const url = fc.webUrl({ withQueryParameters: true });
    const arbitraryReads = fc.record({
      region: fc.constantFrom('us-east-1', 'eu-central-1', 'ap-southeast-2'),
      minimumLength: fc.option(fc.integer({ min: 6, max: 99 }), { nil: undefined }),
      flags: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      required: fc.uniqueArray(attribute),
      username: fc.subarray(['email', 'phone_number']),
      verified: fc.subarray(['email', 'phone_number']),
      mfaConfiguration: fc.constantFrom('OFF', 'ON', 'OPTIONAL', undefined),
      sms: fc.boolean(),
      totp: fc.option(fc.boolean(), { nil: undefined }),
      email: fc.boolean(),
      domain: fc.option(fc.domain(), { nil: undefined }),
      customDomain: fc.option(fc.domain(), { nil: undefined }),
      callbacks: fc.array(url, { maxLength: 3 }),
      logouts: fc.array(url, { maxLength: 3 }),
      flows: fc.subarray(['code', 'implicit', 'client_credentials'] as const),
      scopes: fc.array(fc.constantFrom('openid', 'email', 'phone', 'profile', 'api/read')),
      providers: fc.array(
        fc.record({
          ProviderType: fc.constantFrom(
            'Google',
            'Facebook',
            'SignInWithApple',
            'LoginWithAmazon',
            'OIDC',
            'SAML',
          ),
          ProviderName: fc.string({ minLength: 1, maxLength: 20 }),
        }),
        { maxLength: 6 },
      ),
      guests: fc.boolean(),
      groups: fc.array(
        fc.record({
          GroupName: fc.string({ minLength: 1, maxLength: 30 }),
          Precedence: fc.option(fc.nat(), { nil: undefined }),
        }),
        { maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(arbitraryReads, (r) => {
        const [numbers, lower, upper, symbols] = r.flags;
        const file = mergeOutputs(
          undefined,
          authOutputs({
            region: r.region,
            userPool: {
              Id: POOL_ID,
              Policies: {
                PasswordPolicy: {
                  MinimumLength: r.minimumLength,
                  RequireNumbers: numbers,
                  RequireLowercase: lower,
                  RequireUppercase: upper,
                  RequireSymbols: symbols,
                },
              },
              SchemaAttributes: r.required.map((Name) => ({ Name, Required: true })),
              UsernameAttributes: r.username as UserPoolType['UsernameAttributes'],
              AutoVerifiedAttributes: r.verified as UserPoolType['AutoVerifiedAttributes'],
              MfaConfiguration: r.mfaConfiguration as UserPoolType['MfaConfiguration'],
              Domain: r.domain,
              CustomDomain: r.customDomain,
            },
            mfa: {
              SmsMfaConfiguration: r.sms ? { SmsConfiguration: SNS } : undefined,
              SoftwareTokenMfaConfiguration: r.totp === undefined ? undefined : { Enabled: r.totp },
              EmailMfaConfiguration: r.email ? {} : undefined,
            },
            identityProviders: r.providers,
            client: {
              ClientId: 'client123',
              hasSecret: false,
              CallbackURLs: r.callbacks,
              LogoutURLs: r.logouts,
              AllowedOAuthFlows: [...r.flows],
              AllowedOAuthScopes: r.scopes,
            },
            identityPool: { IdentityPoolId: 'us-east-1:x', AllowUnauthenticatedIdentities: r.guests },
            groups: r.groups,
          }),
        );
        expect(problems(file)).toEqual([]);
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});

describe("why the builder departs from referenceAuth's raw labels", () => {
  // referenceAuth's lambda and Amplify's contributor would write these values; the schemas refuse them, so the
  // builder writes the schema's form instead (see the INFERRED notes in src/core/outputs-file.ts).
  const base = (): AuthOutputs => authOutputs(SCENARIOS['Cognito domain, every provider'] ?? reads());
  it.each([
    [
      'MFA labelled SMS_MFA / EMAIL_MFA',
      (a: Record<string, unknown>) => Object.assign(a, { mfa_methods: ['SMS_MFA', 'EMAIL_MFA'] }),
    ],
    [
      'no username attributes as []',
      (a: Record<string, unknown>) => Object.assign(a, { username_attributes: [] }),
    ],
    [
      'response type "implicit"',
      (a: Record<string, unknown>) =>
        Object.assign(a, { oauth: { ...(a.oauth as object), response_type: 'implicit' } }),
    ],
    [
      'an OIDC provider by name',
      (a: Record<string, unknown>) =>
        Object.assign(a, { oauth: { ...(a.oauth as object), identity_providers: ['Okta'] } }),
    ],
    [
      'mfa_configuration "OFF"',
      (a: Record<string, unknown>) => Object.assign(a, { mfa_configuration: 'OFF' }),
    ],
  ])('the schemas refuse %s', (_, spoil) => {
    const auth = spoil(structuredClone(base()) as Record<string, unknown>);
    expect(problems({ version: OUTPUTS_VERSION, auth })).not.toEqual([]);
  });
});

it('OUTPUTS_VERSION is the version `ampx generate outputs` writes by default', () => {
  expect(OUTPUTS_VERSION).toBe(DEFAULT_CLIENT_CONFIG_VERSION);
});
