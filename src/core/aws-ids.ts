// The shapes of the AWS identifiers the action handles: the one place that knows where the region sits in a
// pool ID and the account in an ARN.

/** An AWS region name such as us-east-1 or us-gov-west-1. */
export const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

export const isRegion = (text: string): boolean => REGION.test(text);

/** An Amplify app ID: "d" and up to 19 lowercase letters and digits, as in the app's ARN and console URL. */
export const isAppId = (text: string): boolean => /^d[a-z0-9]{1,19}$/.test(text);

/** `us-east-1_AbC123xyz` → `us-east-1`; empty when the ID has no region part. */
export const regionOfUserPool = (id: string): string => before(id, '_');

/** `us-east-1:11111111-…` → `us-east-1`; empty when the ID has no region part. */
export const regionOfIdentityPool = (id: string): string => before(id, ':');

/** The account of an ARN (`arn:aws:iam::111122223333:role/x` → `111122223333`). */
export const accountOfArn = (arn: string): string => arn.split(':')[4] ?? '';

/** The region of an ARN (`arn:aws:amplify:us-east-1:…` → `us-east-1`). */
export const regionOfArn = (arn: string): string => arn.split(':')[3] ?? '';

/** The role name of a role ARN: the part after the last `/` (paths come before it). */
export const roleNameOfArn = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

/** The name Cognito identity pools use for a user pool provider. */
export const userPoolProviderName = (userPoolId: string): string =>
  `cognito-idp.${regionOfUserPool(userPoolId)}.amazonaws.com/${userPoolId}`;

function before(text: string, separator: string): string {
  const at = text.indexOf(separator);
  return at > 0 ? text.slice(0, at) : '';
}
