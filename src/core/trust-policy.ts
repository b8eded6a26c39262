// Evaluates a role trust policy the way IAM does for the one request Cognito makes when an identity pool hands
// out credentials: sts:AssumeRoleWithWebIdentity by the federated principal cognito-identity.amazonaws.com, with
// the context keys cognito-identity.amazonaws.com:aud (the identity pool ID, single-valued) and
// cognito-identity.amazonaws.com:amr (multivalued). Only what that request needs is implemented; anything else
// (other operators, other context keys, policy variables) is "undecided" rather than guessed.

import { userPoolProviderName } from './aws-ids.ts';

export interface TrustRequest {
  identityPoolId: string;
  /** The token's amr values; see {@link cognitoAmr}. Empty means the key is missing from the request. */
  amr: readonly string[];
}

/** `undecided`: the policy uses something this evaluator cannot decide (the verdict is the cautious one). */
export type TrustVerdict = { allowed: true } | { allowed: false; reason: string; undecided?: true };

const SERVICE = 'cognito-identity.amazonaws.com';
const ACTION = 'sts:AssumeRoleWithWebIdentity';
const AUD = `${SERVICE}:aud`;
const AMR = `${SERVICE}:amr`;

/**
 * The amr values Cognito puts in the token: `["unauthenticated"]` for a guest; for a user pool sign-in
 * `["authenticated", "cognito-idp.<region>.amazonaws.com/<pool>", "<that>:CognitoSignIn:<sub>"]`.
 */
export function cognitoAmr(
  kind: 'authenticated' | 'unauthenticated',
  userPoolId?: string,
  sub = '00000000-0000-4000-8000-000000000000',
): string[] {
  if (kind === 'unauthenticated' || !userPoolId) return [kind];
  const provider = userPoolProviderName(userPoolId);
  return [kind, provider, `${provider}:CognitoSignIn:${sub}`];
}

/** Whether a statement's Condition holds for the request; if not, the first test that fails, or what is undecidable. */
type Outcome =
  | { kind: 'holds' }
  | { kind: 'fails'; key: string; operator: string }
  | { kind: 'unknown'; what: string };
const HOLDS: Outcome = { kind: 'holds' };

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .filter((item) => ['string', 'number', 'boolean'].includes(typeof item))
    .map(String);
/** IAM's wildcards: `*` is any run of characters, `?` any one character. */
function wildcard(pattern: string, flags = ''): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, `s${flags}`);
}

// Negated operators are true when the request value matches none of the policy values (logical NOR).
type StringOperator = { negated: boolean; test: (actual: string, wanted: string) => boolean };
const STRING_OPERATORS: Record<string, StringOperator> = {
  stringequals: { negated: false, test: (a, b) => a === b },
  stringnotequals: { negated: true, test: (a, b) => a === b },
  stringequalsignorecase: { negated: false, test: (a, b) => a.toLowerCase() === b.toLowerCase() },
  stringnotequalsignorecase: { negated: true, test: (a, b) => a.toLowerCase() === b.toLowerCase() },
  stringlike: { negated: false, test: (a, b) => wildcard(b).test(a) },
  stringnotlike: { negated: true, test: (a, b) => wildcard(b).test(a) },
};

/** The request's values for a context key (names are case-insensitive); undefined for a key not modelled here. */
function contextValues(request: TrustRequest, key: string): readonly string[] | undefined {
  const name = key.toLowerCase();
  return name === AUD ? [request.identityPoolId] : name === AMR ? request.amr : undefined;
}

// One operator of a Condition block. Operator names are matched case-insensitively: IAM refuses to store a
// policy with a misspelt operator, so this never changes the verdict for a policy GetRole returns.
// A key missing from the request fails a positive operator and passes a negated one; ...IfExists passes;
// ForAllValues passes (vacuously) and ForAnyValue fails. AWS says multivalued keys such as amr need a set
// operator but does not define the result without one; like ForAnyValue, a plain operator here holds when any
// amr value passes, as the earlier trustProblem() read it.
function evaluateOperator(operator: string, block: unknown, request: TrustRequest, vars: boolean): Outcome {
  const [, prefix, base = '', ifExists] =
    /^(?:(ForAllValues|ForAnyValue):)?(.*?)(IfExists)?$/i.exec(operator) ?? [];
  const set = prefix?.toLowerCase();
  const string = STRING_OPERATORS[base.toLowerCase()];
  const isNull = base.toLowerCase() === 'null' && !set && !ifExists;
  if (!isRecord(block) || (!string && !isNull)) return { kind: 'unknown', what: `operator ${operator}` };
  // Several keys under one operator must all hold; several values for one key are alternatives.
  for (const [key, policyValue] of Object.entries(block)) {
    const wanted = strings(policyValue);
    const actual = contextValues(request, key);
    if (!actual) return { kind: 'unknown', what: `context key ${key}` };
    const variable = vars ? wanted.find((value) => value.includes('${')) : undefined;
    if (variable) return { kind: 'unknown', what: `policy variable in "${variable}"` };
    const one = (value: string) => wanted.some((w) => string?.test(value, w)) !== string?.negated;
    let holds: boolean;
    if (!string)
      holds = wanted.some((value) => value.toLowerCase() === String(actual.length === 0)); // Null
    else if (actual.length === 0)
      holds = Boolean(ifExists) || set === 'forallvalues' || (!set && string.negated);
    else if (set === 'forallvalues') holds = actual.every(one);
    else holds = actual.some(one); // ForAnyValue, or no set operator
    if (!holds) return { kind: 'fails', key, operator };
  }
  return HOLDS;
}

/** All operators of a Condition block must hold; a definite failure outweighs an undecidable operator. */
function evaluateCondition(condition: unknown, request: TrustRequest, vars: boolean): Outcome {
  if (condition === undefined) return HOLDS;
  if (!isRecord(condition)) return { kind: 'unknown', what: 'Condition, which is not an object' };
  const outcomes = Object.entries(condition).map(([op, block]) => evaluateOperator(op, block, request, vars));
  return outcomes.find((o) => o.kind === 'fails') ?? outcomes.find((o) => o.kind === 'unknown') ?? HOLDS;
}

// "*" is every principal. {"AWS": "*"} is every AWS account principal, which a web identity is not: the
// Cognito token is a Federated principal.
const namesCognito = (principal: unknown) =>
  principal === '*' || (isRecord(principal) && strings(principal.Federated).includes(SERVICE));
// Action names are case-insensitive and take the * and ? wildcards.
const namesAction = (actions: unknown) =>
  strings(actions).some((action) => wildcard(action, 'i').test(ACTION));

function targetsRequest(statement: Json): boolean {
  const principal =
    'Principal' in statement
      ? namesCognito(statement.Principal)
      : 'NotPrincipal' in statement && !namesCognito(statement.NotPrincipal);
  const action =
    'Action' in statement
      ? namesAction(statement.Action)
      : 'NotAction' in statement && !namesAction(statement.NotAction);
  return principal && action;
}

// An Allow must name this identity pool in a positive test of aud. Without that, any identity pool could
// assume the role; IAM refuses to save such a trust policy for cognito-identity.amazonaws.com and STS refuses
// it for cross-account roles, so the existing check and this one both count it as not trusting the pool.
function limitsAud(statement: Json, identityPoolId: string): boolean {
  if (!isRecord(statement.Condition)) return false;
  return Object.entries(statement.Condition).some(([operator, block]) => {
    const base = operator.replace(/^For(All|Any)Values?:|IfExists$/gi, '').toLowerCase();
    if (!isRecord(block) || !['stringequals', 'stringequalsignorecase', 'stringlike'].includes(base))
      return false;
    const same = (value: string) =>
      base === 'stringequalsignorecase'
        ? value.toLowerCase() === identityPoolId.toLowerCase()
        : value === identityPoolId;
    return Object.entries(block).some(
      ([key, values]) => key.toLowerCase() === AUD && strings(values).some(same),
    );
  });
}

const NOT_ASSUMABLE = `does not let ${SERVICE} assume it with ${ACTION}`;
const refuse = (reason: string, undecided?: true): TrustVerdict =>
  undecided ? { allowed: false, reason, undecided } : { allowed: false, reason };

/** Parses the policy: its version, and the Allow and Deny statements that name this principal and action. */
function readPolicy(encodedDocument: string, request: TrustRequest) {
  let policy: unknown;
  try {
    policy = JSON.parse(decodeURIComponent(encodedDocument));
  } catch {
    return 'has a trust policy that cannot be read as URL-encoded JSON';
  }
  if (!isRecord(policy)) return 'has a trust policy that is not a JSON object';
  const version = policy.Version ?? '2008-10-17';
  if (version !== '2008-10-17' && version !== '2012-10-17') {
    return `has a trust policy with an unknown Version ${JSON.stringify(version)}`;
  }
  // Only version 2012-10-17 knows policy variables such as ${aws:username}; before it they are plain text.
  const vars = version === '2012-10-17';
  const list = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return list.flatMap((statement: unknown, i) => {
    if (!isRecord(statement) || !targetsRequest(statement)) return [];
    const { Effect: effect, Sid: sid } = statement;
    if (effect !== 'Allow' && effect !== 'Deny') return [];
    const where = `statement ${i + 1}${typeof sid === 'string' && sid ? ` (Sid ${JSON.stringify(sid)})` : ''}`;
    const outcome = evaluateCondition(statement.Condition, request, vars);
    return [{ effect, where, outcome, forPool: limitsAud(statement, request.identityPoolId) }];
  });
}

/** Whether the URL-encoded trust policy (as GetRole returns it) lets this request assume the role. */
export function evaluateTrustPolicy(encodedDocument: string, request: TrustRequest): TrustVerdict {
  const statements = readPolicy(encodedDocument, request);
  if (typeof statements === 'string') return refuse(statements);
  const denies = statements.filter((s) => s.effect === 'Deny');
  // An explicit Deny wins over every Allow.
  const denied = denies.find((s) => s.outcome.kind === 'holds');
  if (denied) return refuse(`denies it in ${denied.where}`);

  const allows = statements.filter((s) => s.effect === 'Allow');
  if (allows.length === 0) return refuse(NOT_ASSUMABLE);
  const forPool = allows.filter((s) => s.forPool);
  if (forPool.length === 0) return refuse(`does not limit ${AUD} to ${request.identityPoolId}`);
  if (!forPool.some((s) => s.outcome.kind === 'holds')) {
    // A statement that might hold outweighs one that certainly fails: the role may well be assumable.
    const unsure = forPool.find((s) => s.outcome.kind === 'unknown');
    if (unsure?.outcome.kind === 'unknown') {
      const { where, outcome } = unsure;
      return refuse(
        `allows it in ${where} only under a condition this check cannot evaluate (${outcome.what})`,
        true,
      );
    }
    const failed = forPool.find((s) => s.outcome.kind === 'fails');
    if (failed?.outcome.kind === 'fails') {
      const { key, operator } = failed.outcome;
      const value = key.toLowerCase() === AUD ? request.identityPoolId : (request.amr[0] ?? 'no amr');
      return refuse(`limits ${key} to values that exclude "${value}" (${failed.where}, ${operator})`);
    }
  }
  // A Deny that might apply makes the verdict cautious rather than being ignored.
  const maybe = denies.find((s) => s.outcome.kind === 'unknown');
  const what = maybe?.outcome.kind === 'unknown' && maybe.outcome.what;
  if (what) return refuse(`may deny it in ${maybe.where}: this check cannot evaluate its ${what}`, true);
  return { allowed: true };
}
