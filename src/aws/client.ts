// Settings shared by every AWS client. Credentials and endpoints come from the SDK's default resolution
// (so `aws-actions/configure-aws-credentials` and `AWS_ENDPOINT_URL*` work without code here).
import type { AmplifyClientConfig } from '@aws-sdk/client-amplify';

export interface AwsSettings {
  region: string;
  /** Longest a single request may take before it is abandoned (and retried). */
  requestTimeoutMs?: number;
  /** Overrides the SDK's standard retry strategy (tests use one without back-off delays). */
  retryStrategy?: AmplifyClientConfig['retryStrategy'];
}

// The SDK has no request timeout by default: a hung endpoint would hang the job until GitHub's 6-hour limit.
const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;
const CONNECTION_TIMEOUT_MS = 5_000;

export function clientConfig({
  region,
  requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  retryStrategy,
}: AwsSettings) {
  return {
    region,
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, requestTimeoutMs),
      requestTimeout: requestTimeoutMs,
      // Without this the SDK only logs a warning when requestTimeout passes, and keeps waiting.
      throwOnRequestTimeout: true,
    },
    ...(retryStrategy ? { retryStrategy } : {}),
  };
}

/** What went wrong talking to AWS, for a message a person can act on. */
export function describeAwsFailure(error: unknown, action: string, resource: string): string {
  const name = (error as { name?: string }).name ?? 'Error';
  const message = (error as { message?: string }).message ?? String(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return `No AWS credentials to call ${action}: add aws-actions/configure-aws-credentials (OIDC) before this step.`;
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedException') {
    return `AWS denied ${action} on ${resource} (${name}: ${message}). Grant it to the role this workflow assumes; the README lists the policy.`;
  }
  if (name === 'TimeoutError' || /timed? ?out/i.test(message)) {
    return `AWS did not answer ${action} on ${resource} in time, after retries (${message}). Re-run the job; if it persists, check the endpoint and network.`;
  }
  return `${action} on ${resource} failed: ${name}: ${message}`;
}
