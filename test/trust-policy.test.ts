import { describe, expect, it } from 'vitest';
import { cognitoAmr, evaluateTrustPolicy, type TrustRequest } from '../src/core/trust-policy.ts';

const POOL = 'us-east-1:11111111-1111-4111-8111-111111111111';
const OTHER_POOL = 'us-east-1:22222222-2222-4222-8222-222222222222';
const USER_POOL = 'us-east-1_Abc123';
const AUD = 'cognito-identity.amazonaws.com:aud';
const AMR = 'cognito-identity.amazonaws.com:amr';
const SIGNED_IN: TrustRequest = { identityPoolId: POOL, amr: cognitoAmr('authenticated', USER_POOL) };
const GUEST: TrustRequest = { identityPoolId: POOL, amr: cognitoAmr('unauthenticated') };
/** A request without the amr key, to exercise IAM's rules for keys missing from the request. */
const NO_AMR: TrustRequest = { identityPoolId: POOL, amr: [] };

const ALLOWED = { allowed: true };
const NOT_ASSUMABLE = {
  allowed: false,
  reason: 'does not let cognito-identity.amazonaws.com assume it with sts:AssumeRoleWithWebIdentity',
};
const NO_AUD = { allowed: false, reason: `does not limit ${AUD} to ${POOL}` };
const refused = (reason: string) => ({ allowed: false, reason });
const undecided = (reason: string) => ({ allowed: false, reason, undecided: true });
/** The refusal when statement 1's `operator` test of amr fails for an identity whose first amr value is `kind`. */
const excludes = (kind: string, operator: string) =>
  refused(`limits ${AMR} to values that exclude "${kind}" (statement 1, ${operator})`);

/** A statement that lets cognito-identity.amazonaws.com in for POOL, changed by `overrides`. */
const statement = (
  overrides: Record<string, unknown> = {},
  condition: Record<string, Record<string, unknown>> = {},
) => ({
  Effect: 'Allow',
  Principal: { Federated: 'cognito-identity.amazonaws.com' },
  Action: 'sts:AssumeRoleWithWebIdentity',
  Condition: { ...condition, StringEquals: { [AUD]: POOL, ...condition.StringEquals } },
  ...overrides,
});
const encode = (policy: unknown) => encodeURIComponent(JSON.stringify(policy));
const evaluate = (request: TrustRequest, ...statements: unknown[]) =>
  evaluateTrustPolicy(encode({ Version: '2012-10-17', Statement: statements }), request);
/** The trust policy Amplify and the Cognito console write for one kind of identity. */
const amplifyPolicy = (amr: string) => statement({}, { 'ForAnyValue:StringLike': { [AMR]: amr } });

describe('cognitoAmr', () => {
  it('builds the amr values Cognito sends for each kind of identity', () => {
    expect(cognitoAmr('unauthenticated', USER_POOL)).toEqual(['unauthenticated']);
    expect(cognitoAmr('authenticated', USER_POOL, 'abc')).toEqual([
      'authenticated',
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123',
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123:CognitoSignIn:abc',
    ]);
    expect(cognitoAmr('authenticated', 'eu-west-1_X')[1]).toBe(
      'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_X',
    );
    expect(cognitoAmr('authenticated')).toEqual(['authenticated']);
  });
});

describe('evaluateTrustPolicy', () => {
  it('allows the kind of identity the Amplify trust policy names, and only that kind', () => {
    expect(evaluate(SIGNED_IN, amplifyPolicy('authenticated'))).toEqual(ALLOWED);
    expect(evaluate(GUEST, amplifyPolicy('unauthenticated'))).toEqual(ALLOWED);
    expect(evaluate(GUEST, amplifyPolicy('authenticated'))).toEqual(
      excludes('unauthenticated', 'ForAnyValue:StringLike'),
    );
  });

  it('reads Statement as a single object as well as an array', () => {
    const policy = { Version: '2012-10-17', Statement: amplifyPolicy('authenticated') };
    expect(evaluateTrustPolicy(encode(policy), SIGNED_IN)).toEqual(ALLOWED);
    expect(evaluateTrustPolicy(encode({ ...policy, Statement: [policy.Statement] }), SIGNED_IN)).toEqual(
      ALLOWED,
    );
    expect(evaluateTrustPolicy(encode({ Version: '2012-10-17' }), SIGNED_IN)).toEqual(NOT_ASSUMABLE);
  });

  it('accepts the two policy versions, defaulting to 2008-10-17, and names an unknown one', () => {
    const Statement = [amplifyPolicy('authenticated')];
    expect(evaluateTrustPolicy(encode({ Statement }), SIGNED_IN)).toEqual(ALLOWED);
    expect(evaluateTrustPolicy(encode({ Version: '2008-10-17', Statement }), SIGNED_IN)).toEqual(ALLOWED);
    expect(evaluateTrustPolicy(encode({ Version: '2012-10-18', Statement }), SIGNED_IN)).toEqual(
      refused('has a trust policy with an unknown Version "2012-10-18"'),
    );
  });

  it('reads policy variables in version 2012-10-17 only', () => {
    const variable = `\${aws:username}`;
    const Statement = [statement({}, { StringLike: { [AMR]: variable } })];
    expect(evaluateTrustPolicy(encode({ Version: '2012-10-17', Statement }), SIGNED_IN)).toEqual(
      undecided(
        `allows it in statement 1 only under a condition this check cannot evaluate (policy variable in "${variable}")`,
      ),
    );
    // Before 2012-10-17 the text is literal, and no amr value is that text.
    expect(evaluateTrustPolicy(encode({ Version: '2008-10-17', Statement }), SIGNED_IN)).toEqual(
      refused(`limits ${AMR} to values that exclude "authenticated" (statement 1, StringLike)`),
    );
  });

  it('explains a document that is not URL-encoded JSON instead of throwing', () => {
    const unreadable = refused('has a trust policy that cannot be read as URL-encoded JSON');
    expect(evaluateTrustPolicy('%E0%A4%A', SIGNED_IN)).toEqual(unreadable);
    expect(evaluateTrustPolicy('{"Version": ', SIGNED_IN)).toEqual(unreadable);
    expect(evaluateTrustPolicy('', SIGNED_IN)).toEqual(unreadable);
    for (const json of ['null', '[]', '"policy"', '42']) {
      expect(evaluateTrustPolicy(encodeURIComponent(json), SIGNED_IN)).toEqual(
        refused('has a trust policy that is not a JSON object'),
      );
    }
    // Garbage inside a readable document is skipped, not thrown over.
    const odd = [null, 3, 'x', { Effect: 'Allow', Principal: 7, Action: {} }, { Condition: 'x' }];
    expect(evaluate(SIGNED_IN, ...odd)).toEqual(NOT_ASSUMABLE);
  });

  it('lets an explicit Deny win over any Allow, naming the statement and its Sid', () => {
    const deny = { ...statement({ Effect: 'Deny', Sid: 'NoGuests' }), Condition: undefined };
    expect(evaluate(SIGNED_IN, amplifyPolicy('authenticated'), deny)).toEqual(
      refused('denies it in statement 2 (Sid "NoGuests")'),
    );
    expect(evaluate(SIGNED_IN, { ...deny, Sid: undefined }, amplifyPolicy('authenticated'))).toEqual(
      refused('denies it in statement 1'),
    );
  });

  it('denies implicitly when no Allow names this principal and action', () => {
    expect(evaluate(SIGNED_IN)).toEqual(NOT_ASSUMABLE);
    expect(evaluate(SIGNED_IN, statement({ Effect: 'allow' }))).toEqual(NOT_ASSUMABLE);
    expect(evaluate(SIGNED_IN, statement({ Action: 'sts:AssumeRole' }))).toEqual(NOT_ASSUMABLE);
    expect(evaluate(SIGNED_IN, statement({ Principal: { Service: 'lambda.amazonaws.com' } }))).toEqual(
      NOT_ASSUMABLE,
    );
  });

  it('matches the Principal forms that name cognito-identity.amazonaws.com, and no others', () => {
    const principal = (Principal: unknown) => evaluate(SIGNED_IN, statement({ Principal }));
    expect(principal('*')).toEqual(ALLOWED);
    expect(principal({ Federated: 'cognito-identity.amazonaws.com' })).toEqual(ALLOWED);
    expect(principal({ Federated: ['accounts.google.com', 'cognito-identity.amazonaws.com'] })).toEqual(
      ALLOWED,
    );
    // {"AWS": "*"} names every AWS account principal; a web identity is a Federated principal.
    expect(principal({ AWS: '*' })).toEqual(NOT_ASSUMABLE);
    expect(principal({ Federated: 'accounts.google.com' })).toEqual(NOT_ASSUMABLE);
    expect(principal({ Service: 'cognito-identity.amazonaws.com' })).toEqual(NOT_ASSUMABLE);
    expect(principal(undefined)).toEqual(NOT_ASSUMABLE);
  });

  it('applies a NotPrincipal statement to every principal it does not name', () => {
    const notPrincipal = (NotPrincipal: unknown) => {
      const { Principal: _, ...rest } = statement({ NotPrincipal });
      return evaluate(SIGNED_IN, rest);
    };
    expect(notPrincipal({ AWS: 'arn:aws:iam::123456789012:root' })).toEqual(ALLOWED);
    expect(notPrincipal({ Federated: 'cognito-identity.amazonaws.com' })).toEqual(NOT_ASSUMABLE);
    expect(notPrincipal('*')).toEqual(NOT_ASSUMABLE);
  });

  it('matches Action case-insensitively with the * and ? wildcards', () => {
    const action = (Action: unknown) => evaluate(SIGNED_IN, statement({ Action }));
    for (const name of [
      '*',
      'sts:*',
      'STS:AssumeRoleWithWebIdentity',
      'sts:assumerolewithwebidentity',
      'sts:AssumeRoleWith*',
      'sts:AssumeRole?ithWebIdentity',
      ['sts:TagSession', 'sts:AssumeRoleWithWebIdentity'],
    ]) {
      expect(action(name), JSON.stringify(name)).toEqual(ALLOWED);
    }
    for (const name of ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRole?WebIdentity', 'iam:*']) {
      expect(action(name), name).toEqual(NOT_ASSUMABLE);
    }
  });

  it('applies a NotAction statement to every action it does not name', () => {
    const notAction = (NotAction: unknown) => {
      const { Action: _, ...rest } = statement({ NotAction });
      return evaluate(SIGNED_IN, rest);
    };
    expect(notAction(['sts:AssumeRole', 'sts:TagSession'])).toEqual(ALLOWED);
    expect(notAction('sts:*')).toEqual(NOT_ASSUMABLE);
    expect(notAction('STS:AssumeRoleWithWeb*')).toEqual(NOT_ASSUMABLE);
  });

  it('requires an Allow to limit aud to this identity pool, as AWS requires for Cognito trust', () => {
    const { Condition: _, ...unconditional } = statement();
    expect(evaluate(SIGNED_IN, unconditional)).toEqual(NO_AUD);
    expect(evaluate(SIGNED_IN, statement({ Condition: { StringEquals: { [AUD]: OTHER_POOL } } }))).toEqual(
      NO_AUD,
    );
    // A pattern that happens to match lets other pools in too.
    expect(evaluate(SIGNED_IN, statement({ Condition: { StringLike: { [AUD]: 'us-east-1:*' } } }))).toEqual(
      NO_AUD,
    );
    // The pool named among others, or by StringLike, is limited.
    expect(
      evaluate(SIGNED_IN, statement({ Condition: { StringEquals: { [AUD]: [OTHER_POOL, POOL] } } })),
    ).toEqual(ALLOWED);
    expect(evaluate(SIGNED_IN, statement({ Condition: { StringLike: { [AUD]: POOL } } }))).toEqual(ALLOWED);
  });

  it('requires every operator of a Condition to hold', () => {
    const both = statement({}, { 'ForAnyValue:StringLike': { [AMR]: 'authenticated' } });
    expect(evaluate(SIGNED_IN, both)).toEqual(ALLOWED);
    expect(evaluate(GUEST, both)).toEqual(excludes('unauthenticated', 'ForAnyValue:StringLike'));
  });

  it('requires every key under one operator to hold', () => {
    const oneOperator = statement({ Condition: { StringEquals: { [AUD]: POOL, [AMR]: 'authenticated' } } });
    expect(evaluate(SIGNED_IN, oneOperator)).toEqual(ALLOWED);
    expect(evaluate(GUEST, oneOperator)).toEqual(
      refused(`limits ${AMR} to values that exclude "unauthenticated" (statement 1, StringEquals)`),
    );
  });

  it('lets any one of the values listed for a key match', () => {
    const either = amplifyPolicy(['unauthenticated', 'authenticated'] as unknown as string);
    expect(evaluate(SIGNED_IN, either)).toEqual(ALLOWED);
    expect(evaluate(GUEST, either)).toEqual(ALLOWED);
  });

  it('matches condition key names case-insensitively', () => {
    const shouting = statement({
      Condition: {
        StringEquals: { 'Cognito-Identity.amazonaws.com:AUD': POOL },
        'ForAnyValue:StringLike': { 'COGNITO-IDENTITY.AMAZONAWS.COM:amr': 'unauthenticated' },
      },
    });
    expect(evaluate(GUEST, shouting)).toEqual(ALLOWED);
    // The reason quotes the key as the policy spells it.
    expect(evaluate(SIGNED_IN, shouting)).toEqual(
      refused(
        'limits COGNITO-IDENTITY.AMAZONAWS.COM:amr to values that exclude "authenticated" (statement 1, ForAnyValue:StringLike)',
      ),
    );
  });

  it('compares values case-sensitively with StringEquals and not with StringEqualsIgnoreCase', () => {
    const upper = POOL.toUpperCase();
    expect(evaluate(SIGNED_IN, statement({ Condition: { StringEquals: { [AUD]: upper } } }))).toEqual(NO_AUD);
    expect(
      evaluate(SIGNED_IN, statement({ Condition: { StringEqualsIgnoreCase: { [AUD]: upper } } })),
    ).toEqual(ALLOWED);
    const guests = { StringEqualsIgnoreCase: { [AMR]: 'UNAUTHENTICATED' } };
    expect(evaluate(GUEST, statement({}, guests))).toEqual(ALLOWED);
    expect(evaluate(GUEST, statement({}, { StringEquals: { [AMR]: 'UNAUTHENTICATED' } }))).toEqual(
      excludes('unauthenticated', 'StringEquals'),
    );
  });

  it('holds a negated operator only when the value matches none of the listed values', () => {
    const denyUnless = (operator: string, pools: string[]) =>
      evaluate(SIGNED_IN, amplifyPolicy('authenticated'), {
        ...statement({ Effect: 'Deny' }),
        Condition: { [operator]: { [AUD]: pools } },
      });
    expect(denyUnless('StringNotEquals', [OTHER_POOL, POOL])).toEqual(ALLOWED);
    expect(denyUnless('StringNotEquals', [OTHER_POOL, POOL.toUpperCase()])).toEqual(
      refused('denies it in statement 2'),
    );
    expect(denyUnless('StringNotEqualsIgnoreCase', [OTHER_POOL, POOL.toUpperCase()])).toEqual(ALLOWED);
    expect(denyUnless('StringNotEqualsIgnoreCase', [OTHER_POOL])).toEqual(
      refused('denies it in statement 2'),
    );
  });

  it('matches StringLike and StringNotLike with * (any run) and ? (exactly one character), case-sensitively', () => {
    const like = (pattern: string) =>
      evaluate(SIGNED_IN, statement({}, { 'ForAnyValue:StringLike': { [AMR]: pattern } }));
    expect(like('cognito-idp.*.amazonaws.com/us-east-1_Abc12?')).toEqual(ALLOWED);
    expect(like('*:CognitoSignIn:*')).toEqual(ALLOWED);
    expect(like('cognito-idp.*.amazonaws.com/us-east-1_Abc1?')).toEqual(
      excludes('authenticated', 'ForAnyValue:StringLike'),
    );
    expect(like('Authenticated')).toEqual(excludes('authenticated', 'ForAnyValue:StringLike'));
    expect(like('authenticate.')).toEqual(excludes('authenticated', 'ForAnyValue:StringLike')); // "." is literal
    const notLike = { 'ForAnyValue:StringNotLike': { [AMR]: ['cognito-idp.*', 'un*'] } };
    // "authenticated" is like neither pattern; a guest's only value is like "un*".
    expect(evaluate(SIGNED_IN, statement({}, notLike))).toEqual(ALLOWED);
    expect(evaluate(GUEST, statement({}, notLike))).toEqual(
      excludes('unauthenticated', 'ForAnyValue:StringNotLike'),
    );
  });

  it('holds an ...IfExists operator when the key is missing and tests it when present', () => {
    const ifExists = statement({}, { StringEqualsIfExists: { [AMR]: 'authenticated' } });
    expect(evaluate(NO_AMR, ifExists)).toEqual(ALLOWED);
    expect(evaluate(SIGNED_IN, ifExists)).toEqual(ALLOWED);
    expect(evaluate(GUEST, ifExists)).toEqual(excludes('unauthenticated', 'StringEqualsIfExists'));
    // Without IfExists a missing key fails a positive operator and passes a negated one.
    expect(evaluate(NO_AMR, statement({}, { StringEquals: { [AMR]: 'authenticated' } }))).toEqual(
      excludes('no amr', 'StringEquals'),
    );
    expect(evaluate(NO_AMR, statement({}, { StringNotEquals: { [AMR]: 'authenticated' } }))).toEqual(ALLOWED);
  });

  it('tests with Null whether the key is missing ("true") or present ("false")', () => {
    const denyWithoutAmr = { ...statement({ Effect: 'Deny' }), Condition: { Null: { [AMR]: 'true' } } };
    expect(evaluate(NO_AMR, amplifyPolicy('*'), denyWithoutAmr)).toEqual(refused('denies it in statement 2'));
    expect(evaluate(GUEST, amplifyPolicy('*'), denyWithoutAmr)).toEqual(ALLOWED);
    const needsAmr = statement({}, { Null: { [AMR]: false } });
    expect(evaluate(GUEST, needsAmr)).toEqual(ALLOWED);
    expect(evaluate(NO_AMR, needsAmr)).toEqual(excludes('no amr', 'Null'));
  });

  it('tests some amr value with ForAnyValue and every amr value with ForAllValues', () => {
    const all = (values: string[]) => statement({}, { 'ForAllValues:StringLike': { [AMR]: values } });
    expect(evaluate(SIGNED_IN, all(['authenticated']))).toEqual(
      refused(`limits ${AMR} to values that exclude "authenticated" (statement 1, ForAllValues:StringLike)`),
    );
    expect(evaluate(SIGNED_IN, all(['authenticated', 'cognito-idp.*']))).toEqual(ALLOWED);
    expect(evaluate(GUEST, all(['authenticated', 'unauthenticated']))).toEqual(ALLOWED);
    // With amr missing, ForAllValues holds (vacuously) and ForAnyValue does not.
    expect(evaluate(NO_AMR, all(['authenticated']))).toEqual(ALLOWED);
    expect(evaluate(NO_AMR, amplifyPolicy('*'))).toEqual(excludes('no amr', 'ForAnyValue:StringLike'));
    // Negated under ForAllValues: every value must match none of the policy values.
    const denyGuests = {
      ...statement({ Effect: 'Deny' }),
      Condition: { 'ForAllValues:StringNotLike': { [AMR]: 'authenticated' } },
    };
    expect(evaluate(GUEST, amplifyPolicy('*'), denyGuests)).toEqual(refused('denies it in statement 2'));
    expect(evaluate(SIGNED_IN, amplifyPolicy('*'), denyGuests)).toEqual(ALLOWED);
  });

  it('treats a plain operator on the multivalued amr as matching when any one value matches', () => {
    // "cognito-idp.*" matches only the second and third amr values of a signed-in identity.
    const plain = statement({}, { StringLike: { [AMR]: 'cognito-idp.*' } });
    expect(evaluate(SIGNED_IN, plain)).toEqual(ALLOWED);
    expect(evaluate(GUEST, plain)).toEqual(excludes('unauthenticated', 'StringLike'));
    // Negated: some value ("cognito-idp...") is not "authenticated", so the Deny applies to a signed-in identity.
    const deny = {
      ...statement({ Effect: 'Deny' }),
      Condition: { StringNotEquals: { [AMR]: 'authenticated' } },
    };
    expect(evaluate(SIGNED_IN, amplifyPolicy('*'), deny)).toEqual(refused('denies it in statement 2'));
  });

  it('does not let an Allow with an operator or key it cannot evaluate grant, and says so', () => {
    const numeric = statement({}, { NumericLessThan: { [AMR]: '3' } });
    expect(evaluate(SIGNED_IN, numeric)).toEqual(
      undecided(
        'allows it in statement 1 only under a condition this check cannot evaluate (operator NumericLessThan)',
      ),
    );
    const sourceIp = statement({}, { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } });
    expect(evaluate(SIGNED_IN, sourceIp)).toEqual(
      undecided(
        'allows it in statement 1 only under a condition this check cannot evaluate (operator IpAddress)',
      ),
    );
    const otherKey = statement({}, { StringEquals: { 'aws:PrincipalTag/team': 'x' } });
    expect(evaluate(SIGNED_IN, otherKey)).toEqual(
      undecided(
        'allows it in statement 1 only under a condition this check cannot evaluate (context key aws:PrincipalTag/team)',
      ),
    );
    // A definite failure in the same statement decides it.
    const failing = statement({}, { NumericLessThan: { [AMR]: '3' }, StringEquals: { [AMR]: 'x' } });
    expect(evaluate(SIGNED_IN, failing)).toEqual(
      refused(`limits ${AMR} to values that exclude "authenticated" (statement 1, StringEquals)`),
    );
  });

  it('reports a Deny it cannot evaluate as a possible denial, unless another of its tests fails', () => {
    const deny = (condition: Record<string, unknown>) => ({
      ...statement({ Effect: 'Deny', Sid: 'Ip' }),
      Condition: condition,
    });
    const unknown = { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } };
    expect(evaluate(SIGNED_IN, amplifyPolicy('authenticated'), deny(unknown))).toEqual(
      undecided('may deny it in statement 2 (Sid "Ip"): this check cannot evaluate its operator IpAddress'),
    );
    const onlyGuests = { ...unknown, 'ForAnyValue:StringEquals': { [AMR]: 'unauthenticated' } };
    expect(evaluate(SIGNED_IN, amplifyPolicy('authenticated'), deny(onlyGuests))).toEqual(ALLOWED);
  });

  it('evaluates several statements together, each Deny only for the identities it matches', () => {
    const policy = [
      amplifyPolicy('authenticated'),
      amplifyPolicy('unauthenticated'),
      {
        ...statement({ Effect: 'Deny', Sid: 'NoGuests' }),
        Condition: { 'ForAnyValue:StringLike': { [AMR]: 'unauthenticated' } },
      },
    ];
    expect(evaluate(SIGNED_IN, ...policy)).toEqual(ALLOWED);
    expect(evaluate(GUEST, ...policy)).toEqual(refused('denies it in statement 3 (Sid "NoGuests")'));
    // An Allow that cannot be evaluated may still grant, so it outweighs one that certainly fails.
    const unsure = statement({}, { NumericEquals: { [AMR]: '1' } });
    expect(evaluate(GUEST, amplifyPolicy('authenticated'), unsure)).toEqual(
      undecided(
        'allows it in statement 2 only under a condition this check cannot evaluate (operator NumericEquals)',
      ),
    );
    // One statement that grants is enough.
    expect(evaluate(GUEST, amplifyPolicy('authenticated'), unsure, amplifyPolicy('unauthenticated'))).toEqual(
      ALLOWED,
    );
  });

  it('counts only a positive test of aud that names this pool as limiting it', () => {
    const limitedBy = (Condition: Record<string, unknown>) => evaluate(SIGNED_IN, statement({ Condition }));
    expect(limitedBy({ 'ForAnyValue:StringEquals': { [AUD]: POOL } })).toEqual(ALLOWED);
    expect(limitedBy({ StringEqualsIfExists: { [AUD]: POOL } })).toEqual(ALLOWED);
    // Saying which pools may not assume the role lets every other pool in.
    expect(limitedBy({ StringNotEquals: { [AUD]: POOL } })).toEqual(NO_AUD);
    expect(limitedBy({ StringEqualsIgnoreCase: { [AUD]: OTHER_POOL } })).toEqual(NO_AUD);
    // The pool's ID under another key is no limit on aud.
    expect(limitedBy({ StringEquals: { [AMR]: POOL } })).toEqual(NO_AUD);
    // Nor is an operator whose name only contains a known one.
    expect(limitedBy({ IfExistsStringEquals: { [AUD]: POOL } })).toEqual(NO_AUD);
    expect(limitedBy({ 'StringEqualsForAnyValue:': { [AUD]: POOL } })).toEqual(NO_AUD);
  });

  it('names the identity pool as the excluded value when a test of aud fails', () => {
    const contradictory = statement({}, { StringNotEquals: { [AUD]: POOL } });
    expect(evaluate(SIGNED_IN, contradictory)).toEqual(
      refused(`limits ${AUD} to values that exclude "${POOL}" (statement 1, StringNotEquals)`),
    );
  });

  it('fails StringEqualsIgnoreCase when no value matches in any case', () => {
    const guests = statement({}, { StringEqualsIgnoreCase: { [AMR]: 'UNAUTHENTICATED' } });
    expect(evaluate(SIGNED_IN, guests)).toEqual(excludes('authenticated', 'StringEqualsIgnoreCase'));
  });

  it('holds Null when any one of its listed values matches', () => {
    const either = statement({}, { Null: { [AMR]: ['false', 'true'] } });
    expect(evaluate(NO_AMR, either)).toEqual(ALLOWED);
    expect(evaluate(GUEST, either)).toEqual(ALLOWED);
  });

  it('compares numbers and booleans in a policy as their text, and ignores nested lists', () => {
    const request = (amr: string): TrustRequest => ({ identityPoolId: POOL, amr: [amr] });
    expect(evaluate(request('42'), statement({}, { StringEquals: { [AMR]: 42 } }))).toEqual(ALLOWED);
    expect(evaluate(request('true'), statement({}, { StringEquals: { [AMR]: true } }))).toEqual(ALLOWED);
    expect(evaluate(SIGNED_IN, statement({ Action: [['sts:AssumeRoleWithWebIdentity']] }))).toEqual(
      NOT_ASSUMABLE,
    );
  });

  it('treats an operator name that is not exactly a known one as one it cannot evaluate', () => {
    const operator = 'Custom\nStringLike';
    expect(evaluate(SIGNED_IN, statement({}, { [operator]: { [AMR]: 'authenticated' } }))).toEqual(
      undecided(
        `allows it in statement 1 only under a condition this check cannot evaluate (operator ${operator})`,
      ),
    );
  });

  it('reports a Deny whose Condition is not an object as a possible denial', () => {
    const deny = { ...statement({ Effect: 'Deny' }), Condition: 'x' };
    expect(evaluate(SIGNED_IN, amplifyPolicy('authenticated'), deny)).toEqual(
      undecided(
        'may deny it in statement 2: this check cannot evaluate its Condition, which is not an object',
      ),
    );
  });

  it('reports the first Deny it cannot evaluate, after one that does not apply', () => {
    const deny = (condition: Record<string, unknown>) => ({
      ...statement({ Effect: 'Deny' }),
      Condition: condition,
    });
    const guestsOnly = deny({ 'ForAnyValue:StringEquals': { [AMR]: 'unauthenticated' } });
    const unknown = deny({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } });
    expect(evaluate(SIGNED_IN, amplifyPolicy('authenticated'), guestsOnly, unknown)).toEqual(
      undecided('may deny it in statement 3: this check cannot evaluate its operator IpAddress'),
    );
  });

  it('does not let a Deny that does not apply count as an Allow', () => {
    const guestsOnly = statement(
      { Effect: 'Deny' },
      { 'ForAnyValue:StringEquals': { [AMR]: 'unauthenticated' } },
    );
    expect(evaluate(SIGNED_IN, guestsOnly)).toEqual(NOT_ASSUMABLE);
  });

  it('names a statement by its Sid only when the Sid is non-empty text', () => {
    const deny = (Sid: unknown) => ({ ...statement({ Effect: 'Deny', Sid }), Condition: undefined });
    expect(evaluate(SIGNED_IN, deny(''))).toEqual(refused('denies it in statement 1'));
    expect(evaluate(SIGNED_IN, deny(7))).toEqual(refused('denies it in statement 1'));
  });
});
