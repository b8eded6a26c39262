// A generated amplify_outputs.json loaded into the real client library (aws-amplify v6, under Node: configure and
// getConfig need no DOM), and what the library then holds for Cognito.
import { Amplify } from 'aws-amplify';
import { beforeEach, describe, expect, it } from 'vitest';
import { type AuthReads, authOutputs, mergeOutputs } from '../src/core/outputs-file.ts';

const REGION = 'eu-west-1';
const POOL_ID = 'eu-west-1_AbC123';
const CLIENT_ID = '1example23456789abcdefghij';
const IDENTITY_POOL_ID = 'eu-west-1:11111111-1111-4111-8111-111111111111';
const SNS = { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' };

/** A pool with the hosted UI, every social provider, optional MFA by SMS, TOTP and email, guests off, two groups. */
function reads(overrides: Partial<AuthReads> = {}): AuthReads {
  return {
    region: REGION,
    userPool: {
      Id: POOL_ID,
      Domain: 'myapp-dev',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireNumbers: true,
          RequireLowercase: false,
          RequireUppercase: true,
          RequireSymbols: false,
        },
      },
      SchemaAttributes: [
        { Name: 'sub', Required: true },
        { Name: 'email', Required: true },
        { Name: 'given_name', Required: true },
        { Name: 'phone_number', Required: false },
      ],
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
    },
    mfa: {
      MfaConfiguration: 'OPTIONAL',
      SmsMfaConfiguration: { SmsConfiguration: SNS },
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: {},
    },
    identityProviders: [
      { ProviderType: 'Google', ProviderName: 'Google' },
      { ProviderType: 'Facebook', ProviderName: 'Facebook' },
      { ProviderType: 'SignInWithApple', ProviderName: 'SignInWithApple' },
      { ProviderType: 'LoginWithAmazon', ProviderName: 'LoginWithAmazon' },
      { ProviderType: 'OIDC', ProviderName: 'Okta' },
    ],
    client: {
      UserPoolId: POOL_ID,
      ClientId: CLIENT_ID,
      hasSecret: false,
      CallbackURLs: ['https://main.d1example.amplifyapp.com/', 'http://localhost:3000/'],
      LogoutURLs: ['https://main.d1example.amplifyapp.com/'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
    },
    identityPool: { IdentityPoolId: IDENTITY_POOL_ID, AllowUnauthenticatedIdentities: false },
    groups: [
      { GroupName: 'ADMINS', Precedence: 0 },
      { GroupName: 'editors', Precedence: 5 },
    ],
    ...overrides,
  };
}

/** Writes the file as JSON, loads it as an app would, and returns what the library holds for Cognito. */
function load(file: unknown) {
  Amplify.configure(JSON.parse(JSON.stringify(file)));
  return Amplify.getConfig();
}
const cognito = (r: AuthReads) => {
  const config = load(mergeOutputs(undefined, authOutputs(r))).Auth?.Cognito;
  if (!config) throw new Error('aws-amplify read no Cognito settings');
  return config;
};

describe('aws-amplify reads the generated file', () => {
  beforeEach(() => Amplify.configure({}));

  it('holds the pool, client and identity pool', () => {
    const config = cognito(reads());
    expect([config.userPoolId, config.userPoolClientId, config.identityPoolId]).toEqual([
      POOL_ID,
      CLIENT_ID,
      IDENTITY_POOL_ID,
    ]);
  });

  it('holds how users sign in, the hosted UI and its providers', () => {
    expect(cognito(reads()).loginWith).toStrictEqual({
      email: true,
      phone: false,
      username: false,
      oauth: {
        domain: `myapp-dev.auth.${REGION}.amazoncognito.com`,
        scopes: ['openid', 'email', 'profile'],
        redirectSignIn: ['https://main.d1example.amplifyapp.com/', 'http://localhost:3000/'],
        redirectSignOut: ['https://main.d1example.amplifyapp.com/'],
        responseType: 'code',
        // The library's names for GOOGLE, FACEBOOK, SIGN_IN_WITH_APPLE, LOGIN_WITH_AMAZON; the OIDC provider
        // never reaches the file.
        providers: ['Google', 'Facebook', 'Apple', 'Amazon'],
      },
    });
  });

  it('holds phone sign-in, a custom domain and the implicit grant', () => {
    const base = reads();
    const config = cognito(
      reads({
        userPool: {
          ...base.userPool,
          UsernameAttributes: ['phone_number'],
          CustomDomain: 'auth.example.com',
        },
        client: { ...base.client, AllowedOAuthFlows: ['implicit'] },
      }),
    );
    expect(config.loginWith).toMatchObject({
      email: false,
      phone: true,
      username: false,
      oauth: { domain: 'auth.example.com', responseType: 'token' },
    });
  });

  it('holds no hosted UI for a client without URLs', () => {
    // The pool still has its domain: the client's missing callback and sign-out URLs are what turn OAuth off.
    const config = cognito(
      reads({ client: { ClientId: CLIENT_ID, hasSecret: false }, identityProviders: [] }),
    );
    expect(config.loginWith).toStrictEqual({ email: true, phone: false, username: false });
  });

  it('holds the MFA status and methods', () => {
    expect(cognito(reads()).mfa).toStrictEqual({
      status: 'optional',
      smsEnabled: true,
      totpEnabled: true,
      // aws-amplify 6 reads SMS and TOTP from mfa_methods and nothing else: EMAIL, though written and valid, is
      // not turned into an emailEnabled flag (@aws-amplify/core parseAmplifyOutputs.mjs).
    });
    expect(cognito(reads()).mfa).not.toHaveProperty('emailEnabled');
  });

  it.each([
    ['OFF', {}, { status: 'off', smsEnabled: false, totpEnabled: false }],
    [
      'ON',
      { SoftwareTokenMfaConfiguration: { Enabled: true } },
      { status: 'on', smsEnabled: false, totpEnabled: true },
    ],
    [
      'OPTIONAL',
      { SmsMfaConfiguration: { SmsConfiguration: SNS } },
      { status: 'optional', smsEnabled: true, totpEnabled: false },
    ],
  ] as const)('holds MFA %s as %j', (mfaConfiguration, mfa, held) => {
    const base = reads();
    const config = cognito(
      reads({ userPool: { ...base.userPool, MfaConfiguration: mfaConfiguration }, mfa }),
    );
    expect(config.mfa).toStrictEqual(held);
  });

  it('holds the password format', () => {
    expect(cognito(reads()).passwordFormat).toStrictEqual({
      minLength: 12,
      requireNumbers: true,
      requireLowercase: false,
      requireUppercase: true,
      requireSpecialCharacters: false,
    });
  });

  it('holds the required attributes', () => {
    expect(cognito(reads()).userAttributes).toStrictEqual({
      sub: { required: true },
      email: { required: true },
      given_name: { required: true },
    });
  });

  it('holds the groups', () => {
    expect(cognito(reads()).groups).toStrictEqual([
      { ADMINS: { precedence: 0 } },
      { editors: { precedence: 5 } },
    ]);
  });

  it('allows guests only when the identity pool does', () => {
    // With guests off the file says false and the library leaves allowGuestAccess unset (it sets it only when true).
    expect(cognito(reads()).allowGuestAccess).toBeUndefined();
    const guests = { IdentityPoolId: IDENTITY_POOL_ID, AllowUnauthenticatedIdentities: true };
    expect(cognito(reads({ identityPool: guests })).allowGuestAccess).toBe(true);
  });

  it('reads the other sections of a merged file too', () => {
    const existing = { version: '1.3', storage: { aws_region: REGION, bucket_name: 'files' } };
    const config = load(mergeOutputs(existing, authOutputs(reads())));
    expect(config.Storage?.S3).toMatchObject({ bucket: 'files', region: REGION });
    expect(config.Auth?.Cognito.userPoolId).toBe(POOL_ID);
  });
});
