// The checks referenceAuth never makes: that each role trusts this identity pool for the right identities, and
// that no resource is shared with another environment by accident.
import type { Role } from '@aws-sdk/client-iam';
import { type CognitoIds, givenResources, type VariableKey } from '../config/types.ts';
import { cognitoAmr, evaluateTrustPolicy } from '../trust-policy.ts';
import { CHECKS, configuredRoles, result, skipped, unavailable } from './support.ts';
import type { CheckContext, CheckResult, Wiring } from './types.ts';

// 8. Never checked by referenceAuth: the roles exist and trust this identity pool, with the right amr.
export function checkRoleTrust(ids: CognitoIds, wiring: Wiring): CheckResult {
  if (!wiring.roles) return skipped(CHECKS.roleTrust, 'Turned off by the `check-roles` input.');
  const problems: Detail[] = [];
  const warnings: Detail[] = [];
  const seen = new Set<string>();
  // Guests assume the unauthenticated role only when the pool lets them in: with guest access off, that role's trust
  // decides nothing today (GetCredentialsForIdentity uses it for identities without logins).
  const identityPool = 'found' in wiring.identityPool ? wiring.identityPool.found : undefined;
  const guestsOff = identityPool?.AllowUnauthenticatedIdentities === false;
  for (const role of configuredRoles(ids)) {
    if (seen.has(`${role.arn} ${role.amr}`)) continue;
    seen.add(`${role.arn} ${role.amr}`);
    const say = (into: Detail[], text: string) => into.push({ text, key: role.key });
    const lookup = wiring.roles[role.arn] ?? { failed: 'not fetched' };
    if ('denied' in lookup) {
      say(
        warnings,
        `Role ${role.arn} was not checked: iam:GetRole was denied (${lookup.denied}). Grant iam:GetRole, or set check-roles: false.`,
      );
      continue;
    }
    const missing = unavailable(
      lookup,
      `Role ${role.arn} (${role.use})`,
      'Create the role or fix the ARN in the file.',
    );
    if (missing) {
      say(problems, missing);
      continue;
    }
    const found = (lookup as { found: Role }).found;
    if (found.Arn !== role.arn) {
      say(
        problems,
        `Role ${role.arn} (${role.use}) does not exist; a role of that name has the ARN ${found.Arn}. Fix the ARN in the file.`,
      );
      continue;
    }
    const verdict = evaluateTrustPolicy(found.AssumeRolePolicyDocument ?? '', {
      identityPoolId: ids.identityPoolId,
      amr: cognitoAmr(role.amr, ids.userPoolId),
    });
    if (verdict.allowed) continue;
    const unused = guestsOff && role.amr === 'unauthenticated';
    const needs = `Its trust policy needs: Allow, Principal {"Federated": "cognito-identity.amazonaws.com"}, Action sts:AssumeRoleWithWebIdentity, Condition StringEquals {"cognito-identity.amazonaws.com:aud": "${ids.identityPoolId}"} and ForAnyValue:StringLike {"cognito-identity.amazonaws.com:amr": "${role.amr}"}, and no Deny for these identities; ${unused ? `${ids.identityPoolId} does not allow guests (unauthenticated identities), so no one assumes this role now, but once guest access is turned on, guest sign-in fails with "Invalid identity pool configuration".` : 'otherwise sign-in fails with "Invalid identity pool configuration".'}`;
    // A policy this check cannot fully evaluate (other condition keys, policy variables) is a warning, not a failure;
    // so is the guests' role of a pool that lets no guest in.
    say(
      verdict.undecided || unused ? warnings : problems,
      `Role ${role.arn} (${role.use}) ${verdict.reason}. ${needs}`,
    );
  }
  if (problems.length === 0 && warnings.length === 0) {
    return result(CHECKS.roleTrust, [], `Every role trusts ${ids.identityPoolId} for the right identities.`);
  }
  // Failures first, with any warnings after them; warnings alone make a warning.
  const details = [...problems, ...warnings];
  return {
    ...CHECKS.roleTrust,
    status: problems.length > 0 ? 'fail' : 'warn',
    details: details.map((detail) => detail.text),
    detailKeys: details.map((detail) => detail.key),
  };
}

/** One finding about a role, and where the file gives that role. */
interface Detail {
  text: string;
  key: VariableKey;
}

// 9. The Amplify stack adds its policies to the referenced roles: a resource two environments share leaks
// one environment's permissions into the other, unless the file says the sharing is intended. Other environments
// are compared by the IDs they give literally (finding theirs would mean searching AWS for every environment).
export function checkSharing({ environment, environments, sharedResources }: CheckContext): CheckResult {
  const resources = (ids: CognitoIds) => [
    ids.userPoolId,
    ids.identityPoolId,
    ids.authRoleArn,
    ids.unauthRoleArn,
    ...Object.values(ids.groups),
  ];
  const mine = new Set(resources(environment.ids));
  const problems: string[] = [];
  for (const other of environments) {
    if (other.name === environment.name) continue;
    const shared = [...new Set(givenResources(other))].filter(
      (id) => mine.has(id) && !sharedResources.includes(id),
    );
    for (const id of shared) {
      problems.push(
        `${id} is used by both "${environment.name}" and "${other.name}": the Amplify stack adds each environment's policies to it, so one environment's permissions leak into the other. Give each environment its own, or list it under sharedResources in the file if that is intended.`,
      );
    }
  }
  return result(CHECKS.sharing, problems, 'No resource is shared with another environment.');
}
