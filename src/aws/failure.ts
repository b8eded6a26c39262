// The one classifier of AWS errors: what kind of failure an SDK error is, whether the request may still have been
// carried out, and a sentence a person can act on.

import { ActionError } from '../core/errors.ts';

export type FailureKind =
  | 'not-found'
  | 'denied'
  | 'credentials'
  | 'throttled'
  | 'timeout'
  /** The connection broke after the request was sent: it may have been carried out. */
  | 'reset'
  /** The endpoint could not be reached: the request was never carried out. */
  | 'unreachable'
  | 'server'
  | 'refused';

export interface AwsFailure {
  kind: FailureKind;
  /** The service's error code (or the Node.js error code for network failures). */
  name: string;
  message: string;
  status: number | undefined;
}

const NOT_FOUND = ['ResourceNotFoundException', 'NoSuchEntityException', 'NoSuchEntity', 'NotFoundException'];
const DENIED = ['AccessDeniedException', 'AccessDenied', 'UnauthorizedException', 'NotAuthorizedException'];
const BAD_CREDENTIALS = [
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
];
const THROTTLED = ['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'LimitExceededException'];
const RESET = ['ECONNRESET', 'EPIPE', 'ECONNABORTED'];
const UNREACHABLE = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

export function classifyAwsError(error: unknown): AwsFailure {
  const { name = 'Error', message = String(error), code, $metadata } = (error ?? {}) as SdkError;
  const status = $metadata?.httpStatusCode;
  const failure = (kind: FailureKind, shownName = name): AwsFailure => ({
    kind,
    name: shownName,
    message,
    status,
  });
  if (BAD_CREDENTIALS.includes(name) || /Could not load credentials/i.test(message)) {
    return failure('credentials');
  }
  if (NOT_FOUND.includes(name)) return failure('not-found');
  if (DENIED.includes(name)) return failure('denied');
  if (THROTTLED.includes(name) || status === 429) return failure('throttled');
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) {
    return failure('timeout');
  }
  if (code && RESET.includes(code)) return failure('reset', code);
  if (code && UNREACHABLE.includes(code)) return failure('unreachable', code);
  if (/socket hang up/i.test(message)) return failure('reset');
  if (status !== undefined && status >= 500) return failure('server');
  return failure('refused');
}

/** Credentials that worked once and have run out (STS answers ExpiredToken, other services ExpiredTokenException). */
function credentialsExpired(failure: AwsFailure): boolean {
  return (
    failure.kind === 'credentials' && (/^ExpiredToken/.test(failure.name) || /expired/i.test(failure.message))
  );
}

/** Whether a failed write may nevertheless have been carried out. */
export function mayHaveLanded(failure: AwsFailure): boolean {
  return failure.kind === 'timeout' || failure.kind === 'reset' || failure.kind === 'server';
}

function attempts(error: unknown): string {
  const count = (error as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? 1;
  return count === 1 ? '1 attempt' : `${count} attempts`;
}

/** What went wrong calling `action` on `resource`, for a message a person can act on. */
export function describeAwsFailure(error: unknown, action: string, resource: string): string {
  const failure = classifyAwsError(error);
  const cause = `${failure.name}: ${failure.message}`;
  switch (failure.kind) {
    case 'credentials':
      return credentialsExpired(failure)
        ? `The AWS credentials expired before ${action} on ${resource} (${cause}). In a workflow, credentials from aws-actions/configure-aws-credentials last 1 hour by default: set its \`role-duration-seconds\` to cover this step's \`wait-minutes\` (within the role's maximum session duration), or lower \`wait-minutes\`. On your machine, sign in again (\`aws sso login\`, or your profile's way).`
        : `No usable AWS credentials to call ${action} (${cause}). In a workflow, add aws-actions/configure-aws-credentials (OIDC) before this step; on your machine, sign in (\`aws sso login\`) or name a profile (\`--profile\`, AWS_PROFILE).`;
    case 'denied':
      return `AWS denied ${action} on ${resource} (${cause}). Grant it to the role this workflow assumes; the README lists the policy.`;
    case 'timeout':
      return `AWS did not answer ${action} on ${resource} in time (${attempts(error)}). Run it again; if it persists, check the endpoint and network.`;
    case 'throttled':
      return `AWS kept throttling ${action} on ${resource}, after retries (${cause}). Run it again later, or ask for a higher request quota.`;
    case 'reset':
    case 'unreachable':
      return `The connection to AWS for ${action} on ${resource} failed, after retries (${cause}). Run it again; if it persists, check the endpoint and network.`;
    default:
      return `${action} on ${resource} failed: ${cause}`;
  }
}

/**
 * One AWS read whose failure stops the run: it becomes an ActionError naming the action and the resource (and
 * saying plainly when the resource does not exist). An ActionError from inside passes through.
 */
export async function readOrStop<T>(action: string, what: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ActionError) throw error;
    const failure = classifyAwsError(error);
    throw new ActionError({
      message:
        failure.kind === 'not-found'
          ? `${what} does not exist (${failure.message}).`
          : describeAwsFailure(error, action, what),
    });
  }
}
