// Settings shared by every AWS client. Credentials and endpoints come from the SDK's default resolution (so
// `aws-actions/configure-aws-credentials` and `AWS_ENDPOINT_URL*` work without code here); retries and timeouts
// are the action's own: patient with throttling, quick to give up on an endpoint that does not answer.
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import packageJson from '../../package.json' with { type: 'json' };

export interface AwsSettings {
  region: string;
  tuning?: AwsTuning;
}

/** How long to wait for AWS. The defaults are what users get; tests shorten them. */
export interface AwsTuning {
  /** Longest a single request may take before it is abandoned (and retried). */
  requestTimeoutMs?: number;
  /** Milliseconds to wait before retry number `retry` (1, 2, …) after a failure of this kind. */
  backoff?: (kind: RetryKind, retry: number) => number;
  /** The most pages any one list is read (paging.ts MAX_PAGES when absent); tests lower it to reach it quickly. */
  maxPages?: number;
}

export type RetryKind = 'throttling' | 'transient';

/**
 * Attempts per call, by kind of failure. Throttling says "not now", so it is retried patiently: with a third of
 * all calls throttled, a call still fails only once in 59,049 tries (3^-10). A timeout or a server error is
 * retried twice; an endpoint that never answers fails the call after three request timeouts.
 */
export const MAX_ATTEMPTS: Record<RetryKind, number> = { throttling: 10, transient: 3 };

// The SDK has no request timeout by default: a hung endpoint would hang the job until GitHub's 6-hour limit.
// Three attempts of 15 s keep a dead endpoint's worst case near 45 s per call.
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
const CONNECTION_TIMEOUT_MS = 5_000;

/** Exponential back-off with full jitter: throttling starts near half a second, other failures sooner. */
export function defaultBackoff(kind: RetryKind, retry: number): number {
  const base = kind === 'throttling' ? 500 : 100;
  const cap = kind === 'throttling' ? 8_000 : 2_000;
  return Math.random() * Math.min(cap, base * 2 ** (retry - 1));
}

export interface ClientOptions {
  /** Error names that answer the question and must not be retried (StartJob's LimitExceededException). */
  neverRetry?: readonly string[];
  /**
   * false for calls that must not act twice (starting a build, creating a branch): only throttling, which AWS
   * answers before acting, is retried; a timeout, a cut connection or a server error may follow a call that was
   * carried out, so the caller finds out what happened instead of the SDK sending it again.
   */
  idempotent?: boolean;
}

export function clientConfig(
  { region, tuning = {} }: AwsSettings,
  { neverRetry = [], idempotent = true }: ClientOptions = {},
) {
  const requestTimeout = tuning.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return {
    region,
    // Names the action in every request's user agent, so its calls can be told apart in CloudTrail.
    customUserAgent: [['amplify-cognito-env', packageJson.version]] as [string, string][],
    retryStrategy: new PatientRetryStrategy(tuning.backoff ?? defaultBackoff, neverRetry, idempotent),
    requestHandler: {
      connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, requestTimeout),
      requestTimeout,
      // Without this the SDK only logs a warning when requestTimeout passes, and keeps waiting.
      throwOnRequestTimeout: true,
    },
  };
}

const retryToken = (retries: number, delay: number): RetryToken => ({
  getRetryCount: () => retries,
  getRetryDelay: () => delay,
});

/**
 * The SDK's retry middleware asks this strategy after every failed attempt whether, and after how long, to try
 * again. Client errors (bad input, denied, not found) are never retried; the SDK classifies the rest.
 */
class PatientRetryStrategy implements RetryStrategyV2 {
  readonly #backoff: (kind: RetryKind, retry: number) => number;
  readonly #neverRetry: readonly string[];
  readonly #idempotent: boolean;

  constructor(
    backoff: (kind: RetryKind, retry: number) => number,
    neverRetry: readonly string[],
    idempotent: boolean,
  ) {
    this.#backoff = backoff;
    this.#neverRetry = neverRetry;
    this.#idempotent = idempotent;
  }

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return retryToken(0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const kind: RetryKind | undefined =
      info.errorType === 'THROTTLING'
        ? 'throttling'
        : info.errorType === 'TRANSIENT' || info.errorType === 'SERVER_ERROR'
          ? 'transient'
          : undefined;
    const retry = token.getRetryCount() + 1;
    if (
      !kind ||
      (kind === 'transient' && !this.#idempotent) ||
      retry >= MAX_ATTEMPTS[kind] ||
      this.#neverRetry.includes(info.error?.name ?? '')
    ) {
      throw new Error('no more retries');
    }
    let delay = this.#backoff(kind, retry);
    // A Retry-After hint from the service is honoured, within reason.
    if (info.retryAfterHint instanceof Date) {
      delay = Math.max(delay, Math.min(info.retryAfterHint.getTime() - Date.now(), 10_000));
    }
    return retryToken(retry, Math.max(0, delay));
  }

  recordSuccess(): void {}
}
