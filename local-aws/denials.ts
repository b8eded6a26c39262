// IAM denials ("the caller may not call X") answered the way each real service answers them.
//
// Checked against public error reports (third-party threads quoting real responses):
// - Cognito user pools: `AccessDeniedException`, HTTP 400, awsJson1_1 body. "AccessDeniedException: User: arn:aws:sts::…
//   :assumed-role/PaladinCloudInstallerRole/… is not authorized to perform: cognito-idp:CreateUserPool on resource:
//   arn:aws:cognito-idp:us-east-1:…:userpool/* because no identity-based policy allows the cognito-idp:CreateUserPool
//   action / status code: 400" (github.com/PaladinCloud/CE/issues/1576; also
//   github.com/lgallard/terraform-aws-cognito-user-pool/issues/116). NotAuthorizedException is NOT the IAM
//   answer: Cognito uses it for tokens, passwords and auth flows ("User is not authorized to get auth details",
//   github.com/aws/aws-cli/issues/3348). The SDK's own model gives AccessDeniedException httpError 403, but awsJson1_1
//   takes the status from the wire, and the wire says 400.
// - Cognito identity pools: `AccessDeniedException`, HTTP 400. "AccessDeniedException: User: arn:aws:sts::…:assumed-role/
//   Developer/… is not authorized to perform: cognito-identity:ListIdentityPools on resource:
//   arn:aws:cognito-identity:eu-west-1:…:identitypool/ with an explicit deny / status code: 400"
//   (github.com/hashicorp/terraform-provider-aws/pull/15773). The identity-pool SDK has no AccessDeniedException
//   class, so the client surfaces a generic CognitoIdentityServiceException named AccessDeniedException. Its
//   NotAuthorizedException is for passing roles ("Access to Role '…' is forbidden", github.com/boto/boto3/issues/73)
//   and for identities and logins, not for IAM denials of the caller.
// - IAM: `AccessDenied`, HTTP 403, awsQuery XML (Type Sender). The resource is written `role <name>`, not as an ARN:
//   "is not authorized to perform: iam:GetRole on resource: role cdk-hnb659fds-… because no identity-based policy
//   allows the iam:GetRole action (Service: Iam, Status Code: 403" (github.com/aws/aws-cdk/issues/27067; also
//   github.com/terraform-aws-modules/terraform-aws-eks/issues/2517 for the explicit-deny wording).
// - Amplify: the message and its resource ARNs are checked ("is not authorized to perform: amplify:UpdateBranch on
//   resource: arn:aws:amplify:ap-northeast-2:…:apps/d3860rfifxkhz/branches/deploy/dev", the slash left as is,
//   github.com/aws-samples/aws-cdk-amplify-with-waf/issues/6; ListJobs on `…/branches/prod/jobs/*`,
//   github.com/aws-amplify/amplify-hosting/issues/2245; ListApps on `…:apps/*`). Inferred, not seen on the wire:
//   the code `AccessDeniedException` and HTTP 403 (what restJson1 services fronted by AWS's REST front end answer).
// - Resource Groups Tagging API (IAM prefix `tag`): `AccessDeniedException`, HTTP 400. "AccessDeniedException: User:
//   arn:aws:sts::…:assumed-role/myproj-test-EnvManagerRole/… is not authorized to perform: tag:GetResources / status code:
//   400" (github.com/aws/copilot-cli/issues/444; botocore shows the same code, github.com/awslabs/aws-deployment-framework/
//   issues/173). tag:GetResources takes no resource (its policies name "*"), and those messages name none: no
//   "on resource:" part. Inferred: the "because no identity-based policy allows …" reason, which AWS has added to its
//   denial messages since (as quoted above for the other services), and the body's `Message` key (see wire.ts).
// Also inferred: the ARN forms for the individual user pool, identity pool, Amplify app and ListBranches.
// sts:GetCallerIdentity is never denied: AWS documents that it works even under an explicit deny.
import { ServiceError } from './errors.ts';
import type { ServiceName } from './wire.ts';

export interface DenialTarget {
  service: ServiceName;
  operation: string;
  input: Record<string, unknown>;
  region: string;
}

/** IAM prefixes that differ from the service's signing name. */
const iamPrefixes: Partial<Record<ServiceName, string>> = { tagging: 'tag' };

/** The IAM action a request needs (`tag:GetResources` for the Tagging API; the other names are their own prefixes). */
export function iamAction(service: ServiceName, operation: string): string {
  return `${iamPrefixes[service] ?? service}:${operation}`;
}

/** IAM compares actions case-insensitively and allows * and ? wildcards (`cognito-idp:Describe*`). */
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i').test(action);
}

/** Whether a standing deny list (State.deny) refuses this request. */
export function isDenied(deny: readonly string[], target: DenialTarget): boolean {
  if (target.service === 'sts' && target.operation === 'GetCallerIdentity') return false;
  const action = iamAction(target.service, target.operation);
  return deny.some((pattern) => actionMatches(pattern, action));
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The resource as the denial message names it; undefined for an action that takes none (tag:GetResources). */
export function deniedResource(target: DenialTarget, accountId: string): string | undefined {
  const { service, operation, input, region } = target;
  const arnArg = text(input.ResourceArn);
  switch (service) {
    case 'amplify': {
      const appId = text(input.appId);
      if (operation === 'ListApps') return `arn:aws:amplify:${region}:${accountId}:apps/*`;
      if (!appId) return '*';
      const app = `arn:aws:amplify:${region}:${accountId}:apps/${appId}`;
      if (operation === 'ListBranches') return `${app}/branches/*`;
      const branch = text(input.branchName);
      if (!branch) return app;
      const branchArn = `${app}/branches/${branch}`;
      if (operation === 'ListJobs' || operation === 'StartJob') return `${branchArn}/jobs/*`;
      const jobId = text(input.jobId);
      return jobId ? `${branchArn}/jobs/${jobId}` : branchArn;
    }
    case 'cognito-idp': {
      const pool = text(input.UserPoolId);
      return arnArg ?? `arn:aws:cognito-idp:${region}:${accountId}:userpool/${pool ?? '*'}`;
    }
    case 'cognito-identity': {
      const pool = text(input.IdentityPoolId);
      return arnArg ?? `arn:aws:cognito-identity:${region}:${accountId}:identitypool/${pool ?? ''}`;
    }
    case 'tagging':
      return undefined;
    default: {
      const role = text(input.RoleName);
      return role ? `role ${role}` : '*';
    }
  }
}

/** What each service calls an IAM denial, and its status. */
const denialCodes: Record<ServiceName, { code: string; status: number }> = {
  amplify: { code: 'AccessDeniedException', status: 403 },
  'cognito-idp': { code: 'AccessDeniedException', status: 400 },
  'cognito-identity': { code: 'AccessDeniedException', status: 400 },
  iam: { code: 'AccessDenied', status: 403 },
  sts: { code: 'AccessDenied', status: 403 },
  tagging: { code: 'AccessDeniedException', status: 400 },
};

/**
 * The denial in AWS's words. Without an explicit deny the caller simply lacks an allow (the usual case);
 * `explicit` words it as a Deny statement in one of the caller's policies.
 */
export function accessDenied(
  target: DenialTarget,
  caller: { arn: string },
  accountId: string,
  explicit = false,
): ServiceError {
  const action = iamAction(target.service, target.operation);
  const reason = explicit
    ? 'with an explicit deny in an identity-based policy'
    : `because no identity-based policy allows the ${action} action`;
  const { code, status } = denialCodes[target.service];
  const resource = deniedResource(target, accountId);
  const on = resource === undefined ? '' : ` on resource: ${resource}`;
  return new ServiceError(
    code,
    status,
    `User: ${caller.arn} is not authorized to perform: ${action}${on} ${reason}`,
  );
}
