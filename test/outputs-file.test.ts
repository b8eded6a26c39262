// The `auth` section of amplify_outputs.json, field by field, as referenceAuth captures it (the rules and their
// sources are in src/core/outputs-file.ts).
import type { ClientConfigVersionTemplateType, clientConfigTypesV1_4 } from '@aws-amplify/client-config';
import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ActionError } from '../src/core/errors.ts';
import {
  type AuthOutputs,
  type AuthReads,
  authOutputs,
  capturedIdentityProviders,
  mergeOutputs,
  OUTPUTS_VERSION,
} from '../src/core/outputs-file.ts';
import { checkOutputsText, writeIntoOutputs } from '../src/core/outputs-text.ts';

const REGION = 'eu-west-1';
const POOL_ID = 'eu-west-1_AbC123';
const CLIENT_ID = '1example23456789abcdefghij';
const IDENTITY_POOL_ID = 'eu-west-1:11111111-1111-4111-8111-111111111111';

/** A pool like the Cognito console makes: email sign-in, email verified, no MFA, no domain, guests off. */
function reads(overrides: Partial<AuthReads> = {}, pool: Partial<UserPoolType> = {}): AuthReads {
  return {
    region: REGION,
    userPool: {
      Id: POOL_ID,
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireNumbers: true,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireSymbols: true,
        },
      },
      SchemaAttributes: [
        { Name: 'sub', AttributeDataType: 'String', Mutable: false, Required: true },
        { Name: 'email', AttributeDataType: 'String', Mutable: true, Required: true },
        { Name: 'name', AttributeDataType: 'String', Mutable: true, Required: false },
        { Name: 'custom:tenant', AttributeDataType: 'String', Mutable: true, Required: false },
      ],
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'OFF',
      ...pool,
    },
    mfa: { MfaConfiguration: 'OFF' },
    identityProviders: [],
    client: { UserPoolId: POOL_ID, ClientId: CLIENT_ID, ClientName: 'web', hasSecret: false },
    identityPool: { IdentityPoolId: IDENTITY_POOL_ID, AllowUnauthenticatedIdentities: false },
    groups: [],
    ...overrides,
  };
}

/** A client set up for the hosted UI. */
const OAUTH_CLIENT = {
  UserPoolId: POOL_ID,
  ClientId: CLIENT_ID,
  hasSecret: false,
  CallbackURLs: ['https://main.d1example.amplifyapp.com/', 'http://localhost:3000/'],
  LogoutURLs: ['https://main.d1example.amplifyapp.com/signed-out'],
  AllowedOAuthFlows: ['code' as const],
  AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
  AllowedOAuthFlowsUserPoolClient: true,
};

const withOAuth = (overrides: Partial<AuthReads> = {}, pool: Partial<UserPoolType> = {}) =>
  reads({ client: OAUTH_CLIENT, ...overrides }, { Domain: 'myapp-dev', ...pool });

describe('authOutputs', () => {
  it('writes every field referenceAuth captures for a pool without OAuth or MFA', () => {
    expect(authOutputs(reads())).toStrictEqual({
      aws_region: REGION,
      user_pool_id: POOL_ID,
      user_pool_client_id: CLIENT_ID,
      identity_pool_id: IDENTITY_POOL_ID,
      password_policy: {
        min_length: 8,
        require_numbers: true,
        require_lowercase: true,
        require_uppercase: true,
        require_symbols: true,
      },
      standard_required_attributes: ['sub', 'email'],
      username_attributes: ['email'],
      user_verification_types: ['email'],
      unauthenticated_identities_enabled: false,
      mfa_configuration: 'NONE',
      mfa_methods: [],
    });
  });

  it('takes the IDs from the reads and the region it is given', () => {
    const auth = authOutputs(
      reads({
        region: 'ap-southeast-2',
        client: { ClientId: 'otherclient', hasSecret: false },
        identityPool: { IdentityPoolId: 'ap-southeast-2:abc', AllowUnauthenticatedIdentities: false },
      }),
    );
    expect([auth.aws_region, auth.user_pool_id, auth.user_pool_client_id, auth.identity_pool_id]).toEqual([
      'ap-southeast-2',
      POOL_ID,
      'otherclient',
      'ap-southeast-2:abc',
    ]);
  });

  it('refuses reads without a pool ID or client ID', () => {
    expect(() => authOutputs(reads({}, { Id: undefined }))).toThrow(TypeError);
    expect(() => authOutputs(reads({ client: { hasSecret: false } }))).toThrow(/ClientId/);
  });

  it('says which answer lacked the pool ID', () => {
    expect(() => authOutputs(reads({}, { Id: undefined }))).toThrow(
      new TypeError('authOutputs: the DescribeUserPool answer has no Id'),
    );
  });

  describe('guest access', () => {
    it('writes false explicitly when the identity pool refuses guests (the schema default is true)', () => {
      const auth = authOutputs(reads());
      expect(Object.hasOwn(auth, 'unauthenticated_identities_enabled')).toBe(true);
      expect(auth.unauthenticated_identities_enabled).toBe(false);
    });

    it('writes true when the identity pool allows guests', () => {
      const identityPool = { IdentityPoolId: IDENTITY_POOL_ID, AllowUnauthenticatedIdentities: true };
      expect(authOutputs(reads({ identityPool })).unauthenticated_identities_enabled).toBe(true);
    });
  });

  describe('password policy', () => {
    it('copies the minimum length and each require-* flag', () => {
      const policy = {
        MinimumLength: 14,
        RequireNumbers: false,
        RequireLowercase: true,
        RequireUppercase: false,
        RequireSymbols: true,
      };
      expect(authOutputs(reads({}, { Policies: { PasswordPolicy: policy } })).password_policy).toStrictEqual({
        min_length: 14,
        require_numbers: false,
        require_lowercase: true,
        require_uppercase: false,
        require_symbols: true,
      });
    });

    it('writes 8 and false for what the policy leaves out', () => {
      expect(authOutputs(reads({}, { Policies: { PasswordPolicy: {} } })).password_policy).toStrictEqual({
        min_length: 8,
        require_numbers: false,
        require_lowercase: false,
        require_uppercase: false,
        require_symbols: false,
      });
    });

    it('writes no policy when the pool has none', () => {
      expect(authOutputs(reads({}, { Policies: {} }))).not.toHaveProperty('password_policy');
    });
  });

  describe('username attributes', () => {
    it.each([
      [['email'], ['email']],
      [['phone_number'], ['phone_number']],
      [
        ['phone_number', 'email'],
        ['phone_number', 'email'],
      ],
      [
        ['EMAIL', 'Phone_Number'],
        ['email', 'phone_number'],
      ],
    ])('lower-cases %j', (pool, written) => {
      expect(
        authOutputs(reads({}, { UsernameAttributes: pool as UserPoolType['UsernameAttributes'] }))
          .username_attributes,
      ).toEqual(written);
    });

    it('writes none for a pool where users sign in with a username (the schema wants at least one)', () => {
      expect(authOutputs(reads({}, { UsernameAttributes: [] }))).not.toHaveProperty('username_attributes');
      expect(authOutputs(reads({}, { UsernameAttributes: undefined }))).not.toHaveProperty(
        'username_attributes',
      );
    });
  });

  describe('standard required attributes', () => {
    it('lists the schema attributes marked required, lower-cased, in the pool order (sub included)', () => {
      const SchemaAttributes = [
        { Name: 'sub', Required: true },
        { Name: 'given_name', Required: true },
        { Name: 'Family_Name', Required: true },
        { Name: 'email', Required: false },
        { Name: 'phone_number' },
        { Name: 'birthdate', Required: true },
      ];
      expect(authOutputs(reads({}, { SchemaAttributes })).standard_required_attributes).toEqual([
        'sub',
        'given_name',
        'family_name',
        'birthdate',
      ]);
    });

    it('leaves out custom and unknown attributes, and nameless entries', () => {
      const SchemaAttributes = [
        { Name: 'custom:tenant', Required: true },
        { Name: 'email_verified', Required: true },
        { Required: true },
        { Name: 'email', Required: true },
      ];
      expect(authOutputs(reads({}, { SchemaAttributes })).standard_required_attributes).toEqual(['email']);
    });

    it('writes an empty list when nothing is required', () => {
      expect(authOutputs(reads({}, { SchemaAttributes: undefined })).standard_required_attributes).toEqual(
        [],
      );
    });
  });

  describe('user verification types', () => {
    it.each([
      [['email'], ['email']],
      [['phone_number'], ['phone_number']],
      [
        ['email', 'phone_number'],
        ['email', 'phone_number'],
      ],
      [[], []],
      [undefined, []],
    ])('writes %j as %j', (pool, written) => {
      const auth = authOutputs(
        reads({}, { AutoVerifiedAttributes: pool as UserPoolType['AutoVerifiedAttributes'] }),
      );
      expect(auth.user_verification_types).toEqual(written);
    });
  });

  describe('MFA', () => {
    it.each([
      ['OFF', 'NONE'],
      ['OPTIONAL', 'OPTIONAL'],
      ['ON', 'REQUIRED'],
      [undefined, 'NONE'],
    ] as const)('maps the pool MfaConfiguration %s to %s', (pool, written) => {
      const auth = authOutputs(reads({ mfa: {} }, { MfaConfiguration: pool }));
      expect(auth.mfa_configuration).toBe(written);
    });

    it("falls back on GetUserPoolMfaConfig's MfaConfiguration when DescribeUserPool has none", () => {
      const auth = authOutputs(reads({ mfa: { MfaConfiguration: 'ON' } }, { MfaConfiguration: undefined }));
      expect(auth.mfa_configuration).toBe('REQUIRED');
    });

    it('writes no methods without MFA configurations', () => {
      expect(authOutputs(reads()).mfa_methods).toEqual([]);
    });

    it('writes SMS when the SMS MFA configuration has an SMS configuration', () => {
      const sms = {
        SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns', ExternalId: 'x' },
      };
      expect(authOutputs(reads({ mfa: { SmsMfaConfiguration: sms } })).mfa_methods).toEqual(['SMS']);
      const onlyMessage = { SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code {####}' } };
      expect(authOutputs(reads({ mfa: onlyMessage })).mfa_methods).toEqual([]);
    });

    it('writes TOTP when software tokens are enabled, not when they are present but disabled', () => {
      const on = { SoftwareTokenMfaConfiguration: { Enabled: true } };
      const off = { SoftwareTokenMfaConfiguration: { Enabled: false } };
      expect(authOutputs(reads({ mfa: on })).mfa_methods).toEqual(['TOTP']);
      expect(authOutputs(reads({ mfa: off })).mfa_methods).toEqual([]);
    });

    it('writes EMAIL when an email MFA configuration is present', () => {
      expect(authOutputs(reads({ mfa: { EmailMfaConfiguration: {} } })).mfa_methods).toEqual(['EMAIL']);
      const email = { EmailMfaConfiguration: { Message: 'Code {####}', Subject: 'Sign in' } };
      expect(authOutputs(reads({ mfa: email })).mfa_methods).toEqual(['EMAIL']);
    });

    it('writes SMS, TOTP, EMAIL in that order with the pool requiring MFA', () => {
      const mfa = {
        MfaConfiguration: 'ON' as const,
        EmailMfaConfiguration: {},
        SoftwareTokenMfaConfiguration: { Enabled: true },
        SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' } },
      };
      const auth = authOutputs(reads({ mfa }, { MfaConfiguration: 'ON' }));
      expect([auth.mfa_configuration, auth.mfa_methods]).toEqual(['REQUIRED', ['SMS', 'TOTP', 'EMAIL']]);
    });
  });

  describe('OAuth', () => {
    it('writes the hosted UI settings when the pool has a domain and the client has both URL lists', () => {
      expect(authOutputs(withOAuth()).oauth).toStrictEqual({
        identity_providers: [],
        domain: `myapp-dev.auth.${REGION}.amazoncognito.com`,
        scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
        redirect_sign_in_uri: ['https://main.d1example.amplifyapp.com/', 'http://localhost:3000/'],
        redirect_sign_out_uri: ['https://main.d1example.amplifyapp.com/signed-out'],
        response_type: 'code',
      });
    });

    it('writes a custom domain as it is', () => {
      const auth = authOutputs(withOAuth({}, { CustomDomain: 'auth.example.com' }));
      expect(auth.oauth?.domain).toBe('auth.example.com');
    });

    it('builds the Cognito domain from the region it is given', () => {
      const auth = authOutputs(withOAuth({ region: 'us-west-2' }, { Domain: 'acme' }));
      expect(auth.oauth?.domain).toBe('acme.auth.us-west-2.amazoncognito.com');
    });

    it.each([
      ['no callback URLs', { ...OAUTH_CLIENT, CallbackURLs: [] }, {}],
      ['no sign-out URLs', { ...OAUTH_CLIENT, LogoutURLs: undefined }, {}],
      ['no domain', OAUTH_CLIENT, { Domain: undefined }],
    ])('writes no OAuth settings with %s', (_, client, pool) => {
      expect(authOutputs(withOAuth({ client }, pool))).not.toHaveProperty('oauth');
    });

    it('writes no OAuth settings for a client without URLs', () => {
      expect(authOutputs(reads({}, { Domain: 'myapp-dev' }))).not.toHaveProperty('oauth');
    });

    it.each([
      [['code'], 'code'],
      [['code', 'implicit'], 'code'],
      [[], 'code'],
      [undefined, 'code'],
      [['implicit'], 'token'],
    ] as const)('writes the response type for flows %j as %s', (flows, written) => {
      const client = { ...OAUTH_CLIENT, AllowedOAuthFlows: flows === undefined ? undefined : [...flows] };
      expect(authOutputs(withOAuth({ client })).oauth?.response_type).toBe(written);
    });

    it('keeps a URL holding a comma whole and writes no scopes when the client allows none', () => {
      const client = {
        ...OAUTH_CLIENT,
        CallbackURLs: ['https://x.example/cb?a=1,2'],
        AllowedOAuthScopes: undefined,
      };
      const oauth = authOutputs(withOAuth({ client })).oauth;
      expect(oauth?.redirect_sign_in_uri).toEqual(['https://x.example/cb?a=1,2']);
      expect(oauth?.scopes).toEqual([]);
    });
  });

  describe('identity providers', () => {
    const providers = [
      { ProviderType: 'Google' as const, ProviderName: 'Google' },
      { ProviderType: 'OIDC' as const, ProviderName: 'Okta' },
      { ProviderType: 'Facebook' as const, ProviderName: 'Facebook' },
      { ProviderType: 'SAML' as const, ProviderName: 'Corporate-AD' },
      { ProviderType: 'SignInWithApple' as const, ProviderName: 'SignInWithApple' },
      { ProviderType: 'LoginWithAmazon' as const, ProviderName: 'LoginWithAmazon' },
    ];

    it('captures the social providers by constant and OIDC / SAML providers by name', () => {
      expect(capturedIdentityProviders(providers)).toEqual([
        'GOOGLE',
        'Okta',
        'FACEBOOK',
        'Corporate-AD',
        'SIGN_IN_WITH_APPLE',
        'LOGIN_WITH_AMAZON',
      ]);
    });

    it('skips unnamed OIDC / SAML providers and unknown types', () => {
      const odd = [
        { ProviderType: 'OIDC' as const },
        { ProviderName: 'Mystery' },
        { ProviderType: 'SAML' as const },
      ];
      expect(capturedIdentityProviders(odd)).toEqual([]);
    });

    it('skips a provider type it does not know, even a named one', () => {
      const unknown = [{ ProviderType: 'Twitter' as 'OIDC', ProviderName: 'Twitter' }];
      expect(capturedIdentityProviders(unknown)).toEqual([]);
    });

    it('writes only the constants into the file, in the order listed, each once', () => {
      const auth = authOutputs(withOAuth({ identityProviders: [...providers, providers[0] ?? {}] }));
      expect(auth.oauth?.identity_providers).toEqual([
        'GOOGLE',
        'FACEBOOK',
        'SIGN_IN_WITH_APPLE',
        'LOGIN_WITH_AMAZON',
      ]);
    });

    it('writes no providers when the pool has only OIDC / SAML ones', () => {
      const identityProviders = [{ ProviderType: 'OIDC' as const, ProviderName: 'Okta' }];
      expect(authOutputs(withOAuth({ identityProviders })).oauth?.identity_providers).toEqual([]);
    });
  });

  describe('groups', () => {
    it('writes one object per group, keyed by name, with its precedence', () => {
      const groups = [
        { GroupName: 'ADMINS', Precedence: 0, RoleArn: 'arn:aws:iam::123456789012:role/admins' },
        { GroupName: 'editors', Precedence: 10 },
        { GroupName: 'viewers' },
      ];
      expect(authOutputs(reads({ groups })).groups).toStrictEqual([
        { ADMINS: { precedence: 0 } },
        { editors: { precedence: 10 } },
        { viewers: {} },
      ]);
    });

    it('skips nameless groups and writes a repeated name once', () => {
      const groups = [
        { Precedence: 1 },
        { GroupName: 'a', Precedence: 2 },
        { GroupName: 'a', Precedence: 3 },
      ];
      expect(authOutputs(reads({ groups })).groups).toStrictEqual([{ a: { precedence: 2 } }]);
    });

    it('writes no groups when the environment has none', () => {
      expect(authOutputs(reads())).not.toHaveProperty('groups');
    });
  });

  it("is typed as the published schema's auth section", () => {
    type Published = NonNullable<ClientConfigVersionTemplateType<typeof OUTPUTS_VERSION>['auth']>;
    expectTypeOf(authOutputs).returns.toEqualTypeOf<Published>();
    expectTypeOf<AuthOutputs>().toEqualTypeOf<
      NonNullable<clientConfigTypesV1_4.AWSAmplifyBackendOutputs['auth']>
    >();
  });
});

describe('mergeOutputs', () => {
  const auth = authOutputs(reads());

  it('writes a new file from the auth section alone', () => {
    expect(mergeOutputs(undefined, auth)).toStrictEqual({ version: OUTPUTS_VERSION, auth });
    expect(mergeOutputs(null, auth)).toStrictEqual({ version: OUTPUTS_VERSION, auth });
    expect(OUTPUTS_VERSION).toBe('1.5');
  });

  it('keeps every other section, sets the version and replaces the whole auth section', () => {
    const existing = {
      $schema: 'https://example.com/schema.json',
      version: '1.3',
      auth: {
        aws_region: 'us-east-1',
        user_pool_id: 'us-east-1_Old',
        user_pool_client_id: 'old',
        passwordless: { email_otp_enabled: true },
      },
      data: {
        aws_region: 'us-east-1',
        url: 'https://abc.appsync-api.us-east-1.amazonaws.com/graphql',
        default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
        authorization_types: ['AWS_IAM'],
        model_introspection: { version: 1, models: {} },
      },
      storage: { aws_region: 'us-east-1', bucket_name: 'files' },
      custom: { anything: [1, 2, 3] },
    };
    const before = structuredClone(existing);
    const merged = mergeOutputs(existing, auth);
    expect(merged).toStrictEqual({ ...before, version: OUTPUTS_VERSION, auth });
    expect(Object.keys(merged)).toEqual(['$schema', 'version', 'auth', 'data', 'storage', 'custom']);
    expect(existing).toStrictEqual(before);
  });

  it('adds the auth section to a file without one', () => {
    const merged = mergeOutputs(
      { version: '1', storage: { aws_region: 'eu-west-1', bucket_name: 'b' } },
      auth,
    );
    expect(merged).toStrictEqual({
      version: OUTPUTS_VERSION,
      storage: { aws_region: 'eu-west-1', bucket_name: 'b' },
      auth,
    });
  });

  it.each([
    [[], 'an array'],
    ['{}', 'a string'],
    [42, 'a number'],
  ])('says what the file holds instead of an object: %j is %s', (existing, found) => {
    expect(() => mergeOutputs(existing, auth)).toThrow(
      `amplify_outputs.json holds ${found}, not a JSON object: fix or delete the file and run again.`,
    );
  });

  it('names the file as it was given', () => {
    expect(() => mergeOutputs([], auth, 'web/outputs.json')).toThrow(
      'web/outputs.json holds an array, not a JSON object: fix or delete the file and run again.',
    );
  });

  it.each([[[]], ['{}'], [42], [true]])('refuses a file that holds %j instead of an object', (existing) => {
    expect(() => mergeOutputs(existing, auth)).toThrow(ActionError);
    expect(() => mergeOutputs(existing, auth)).toThrow(/not a JSON object/);
  });
});

// An existing file keeps every byte but the values of `version` and `auth` (the project's rule for a user's files):
// its other sections, numbers JSON.parse would round (and JSON.stringify write otherwise), escapes, key order,
// indentation, line endings and byte-order mark.
describe('writeIntoOutputs', () => {
  const auth = authOutputs(reads());
  const write = (text: string) => {
    const existing = JSON.parse(text.replace(/^\ufeff/, '')) as unknown;
    return writeIntoOutputs(text, mergeOutputs(existing, auth), 'web/amplify_outputs.json');
  };

  it('writes what a whole rewrite wrote, for a file as Amplify writes it (2 spaces, LF)', () => {
    const existing = {
      version: '1.3',
      auth: { user_pool_id: 'old' },
      data: { url: 'https://x', types: ['A'] },
    };
    expect(write(`${JSON.stringify(existing, null, 2)}\n`)).toBe(
      `${JSON.stringify({ ...existing, version: OUTPUTS_VERSION, auth }, null, 2)}\n`,
    );
  });

  it('keeps every other byte: a byte-order mark, CRLF, 4-space indentation, numbers and escapes as written', () => {
    const other = '"custom": {"n": 1.0, "big": 123456789012345678901, "e": "\\u00e9\\/"}';
    const text = `\ufeff{\r\n    "version": "1.4",\r\n    ${other},\r\n    "auth": {"user_pool_id": "old"}\r\n}`;
    const authText = JSON.stringify(auth, null, 4).split('\n').join('\r\n    ');
    expect(write(text)).toBe(
      `\ufeff{\r\n    "version": "${OUTPUTS_VERSION}",\r\n    ${other},\r\n    "auth": ${authText}\r\n}`,
    );
  });

  it("adds a missing auth section after the last member, in the file's indentation and line endings", () => {
    const text = '{\r\n\t"version": "1.4",\r\n\t"storage": {"bucket_name": "b"}\r\n}\r\n';
    const authText = JSON.stringify(auth, null, '\t').split('\n').join('\r\n\t');
    expect(write(text)).toBe(
      `{\r\n\t"version": "${OUTPUTS_VERSION}",\r\n\t"storage": {"bucket_name": "b"},\r\n\t"auth": ${authText}\r\n}\r\n`,
    );
  });

  it('writes into a file on one line on one line, and into an empty object', () => {
    expect(write('{"storage":{"bucket_name":"b"}}')).toBe(
      `{"storage":{"bucket_name":"b"},"version":"${OUTPUTS_VERSION}","auth":${JSON.stringify(auth)}}`,
    );
    // An empty object is written into as Amplify writes a file.
    expect(write('{}')).toBe(JSON.stringify({ version: OUTPUTS_VERSION, auth }, null, 2));
  });

  it('writes both values where they are when the first changes length (`1` to `1.5`), and at column 0', () => {
    const text = '{\n"version": "1",\n"auth": {},\n"data": {"url": "u"}\n}\n';
    const authText = JSON.stringify(auth, null, 2);
    expect(write(text)).toBe(
      `{\n"version": "${OUTPUTS_VERSION}",\n"auth": ${authText},\n"data": {"url": "u"}\n}\n`,
    );
  });

  it('takes the indentation of the line the first member is on, after a blank line too', () => {
    const text = '{\n\n  "version": "1.4",\n  "auth": {}\n}\n';
    const authText = JSON.stringify(auth, null, 2).split('\n').join('\n  ');
    expect(write(text)).toBe(`{\n\n  "version": "${OUTPUTS_VERSION}",\n  "auth": ${authText}\n}\n`);
  });

  it('reads a zero-width no-break space inside a key as part of the key, not as a byte-order mark', () => {
    expect(() => checkOutputsText('{"auth\ufeff": {}, "auth": {}}', 'f.json')).not.toThrow();
  });

  describe('nesting, counted in one pass outside strings', () => {
    const refused = 'nests objects and arrays more than 500 levels deep';
    const nested = (depth: number, gap = '') =>
      `{"custom": ${`[${gap}`.repeat(depth - 1)}${`]${gap}`.repeat(depth - 1)}}`;
    it('takes 500 levels and refuses 501, with or without spaces between the brackets', () => {
      expect(() => checkOutputsText(nested(500), 'f.json')).not.toThrow();
      expect(() => checkOutputsText(nested(501), 'f.json')).toThrow(refused);
      expect(() => checkOutputsText(nested(501, ' \n'), 'f.json')).toThrow(refused);
    });
    it('counts what closes: many siblings, objects and arrays, are shallow', () => {
      expect(() => checkOutputsText(`{"a": [${'{},'.repeat(600)}{}]}`, 'f.json')).not.toThrow();
      expect(() => checkOutputsText(`{"a": [${'[],'.repeat(600)}[]]}`, 'f.json')).not.toThrow();
    });
    it('does not count brackets inside strings, escaped quotes included', () => {
      expect(() => checkOutputsText(`{"a": "${'{['.repeat(600)}"}`, 'f.json')).not.toThrow();
      expect(() => checkOutputsText(`{"a": "x\\"${'{'.repeat(600)}"}`, 'f.json')).not.toThrow();
    });
  });

  it('checks a file with a byte-order mark as the write reads it', () => {
    expect(() => checkOutputsText('\ufeff{"auth": {}, "version": "1.4"}', 'f.json')).not.toThrow();
    expect(() => checkOutputsText('\ufeff{"auth": {}, "auth": {}}', 'f.json')).toThrow(
      'f.json has "auth" 2 times at its top level',
    );
  });

  it('stops, naming the file, when it holds `auth` or `version` twice (which one a reader takes is not certain)', () => {
    expect(() => write('{"auth": {}, "data": {}, "auth": {}}')).toThrow(
      'web/amplify_outputs.json has "auth" 2 times at its top level; remove all but one, then run again.',
    );
    expect(() => write('{"auth": {}, "data": {}, "auth": {}}')).toThrow(ActionError);
    expect(() => write('{"version": "1.3", "data": {}, "version": "1.4"}')).toThrow(
      'web/amplify_outputs.json has "version" 2 times at its top level; remove all but one, then run again.',
    );
  });

  it('any object, written in any indentation and line ending: reads back as the merge, and a second write changes nothing: 500 runs', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 6 }),
        fc.constantFrom(0, 2, 4, '\t'),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (object, indent, eol, bom) => {
          const text = `${bom ? '\ufeff' : ''}${JSON.stringify(object, null, indent).split('\n').join(eol)}`;
          const merged = mergeOutputs(JSON.parse(text.replace(/^\ufeff/, '')), auth);
          const once = writeIntoOutputs(text, merged, 'f.json');
          expect(JSON.parse(once.replace(/^\ufeff/, ''))).toStrictEqual(merged);
          expect(once.startsWith('\ufeff')).toBe(bom);
          expect(writeIntoOutputs(once, merged, 'f.json')).toBe(once);
        },
      ),
      { numRuns: 500, seed: 20261207 },
    );
  });
});
