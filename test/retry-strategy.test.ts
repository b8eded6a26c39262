// The retry strategy every AWS client of the action gets (src/aws/client.ts), asked as the SDK's retry middleware
// asks it after each failed attempt: whether to try again, and after how long. The SDK classifies each failure
// (RetryErrorInfo.errorType) before asking.
import type { RetryErrorInfo, RetryErrorType, RetryStrategyV2, RetryToken } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import {
  type ClientOptions,
  clientConfig,
  defaultBackoff,
  MAX_ATTEMPTS,
  type RetryKind,
} from '../src/aws/client.ts';

/** The strategy of a client, with a back-off that says which kind and which retry it was asked for. */
function strategy(options: ClientOptions = {}): RetryStrategyV2 {
  const backoff = (kind: RetryKind, retry: number) => (kind === 'throttling' ? 1000 : 100) * retry;
  return clientConfig({ region: 'us-east-1', tuning: { backoff } }, options).retryStrategy;
}

const info = (errorType: RetryErrorType, name = 'SomeError', retryAfterHint?: Date): RetryErrorInfo => ({
  errorType,
  error: Object.assign(new Error('failed'), { name, $metadata: {} }) as RetryErrorInfo['error'],
  ...(retryAfterHint ? { retryAfterHint } : {}),
});

/** Asks for retries until the strategy says no: the delays it gave, one a retry. */
async function delays(retry: RetryStrategyV2, failure: RetryErrorInfo): Promise<number[]> {
  let token: RetryToken = await retry.acquireInitialRetryToken('amplify');
  expect([token.getRetryCount(), token.getRetryDelay()]).toEqual([0, 0]);
  const given: number[] = [];
  for (;;) {
    try {
      token = await retry.refreshRetryTokenForRetry(token, failure);
    } catch {
      return given;
    }
    expect(token.getRetryCount()).toBe(given.length + 1);
    given.push(token.getRetryDelay());
  }
}

describe('the retry strategy', () => {
  it(`retries throttling patiently: ${MAX_ATTEMPTS.throttling} attempts in all, backing off by its own kind`, async () => {
    expect(await delays(strategy(), info('THROTTLING'))).toEqual([
      1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000,
    ]);
  });

  it.each<RetryErrorType>(['TRANSIENT', 'SERVER_ERROR'])(
    `retries a %s failure ${MAX_ATTEMPTS.transient - 1} times`,
    async (errorType) => {
      expect(await delays(strategy(), info(errorType))).toEqual([100, 200]);
    },
  );

  it('retries by the kind alone when the SDK passes no error', async () => {
    expect(
      await delays(strategy({ neverRetry: ['LimitExceededException'] }), { errorType: 'THROTTLING' }),
    ).toHaveLength(MAX_ATTEMPTS.throttling - 1);
  });

  it('never retries a client error (bad input, denied, not found)', async () => {
    expect(await delays(strategy(), info('CLIENT_ERROR'))).toEqual([]);
  });

  it('for a call that must not act twice, retries throttling only: Amplify answers it before acting', async () => {
    const once = strategy({ idempotent: false });
    expect(await delays(once, info('TRANSIENT'))).toEqual([]);
    expect(await delays(once, info('SERVER_ERROR'))).toEqual([]);
    expect(await delays(once, info('THROTTLING'))).toHaveLength(MAX_ATTEMPTS.throttling - 1);
  });

  it('never retries an error named as an answer, however the SDK classified it', async () => {
    const starter = strategy({ neverRetry: ['LimitExceededException'] });
    expect(await delays(starter, info('THROTTLING', 'LimitExceededException'))).toEqual([]);
    expect(await delays(starter, info('THROTTLING', 'TooManyRequestsException'))).toHaveLength(
      MAX_ATTEMPTS.throttling - 1,
    );
  });

  it('waits at least as long as a Retry-After hint asks, up to 10 seconds', async () => {
    const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);
    const first = async (hint: Date) =>
      (
        await strategy().refreshRetryTokenForRetry(
          await strategy().acquireInitialRetryToken('amplify'),
          info('THROTTLING', 'ThrottlingException', hint),
        )
      ).getRetryDelay();
    // The back-off asks 1,000 ms; a hint 5 s away waits about 5 s; one a minute away, 10 s.
    expect(await first(inSeconds(5))).toBeGreaterThan(4000);
    expect(await first(inSeconds(5))).toBeLessThanOrEqual(5000);
    expect(await first(inSeconds(60))).toBe(10_000);
    // A hint already past leaves the back-off as it is.
    expect(await first(inSeconds(-60))).toBe(1000);
  });
});

describe('the request handler', () => {
  it('gives up on a connection after 5 s, and on a request after 15 s unless told otherwise', () => {
    expect(clientConfig({ region: 'us-east-1' }).requestHandler).toEqual({
      connectionTimeout: 5000,
      requestTimeout: 15_000,
      throwOnRequestTimeout: true,
    });
    // A request timeout shorter than the connection's bounds both.
    expect(
      clientConfig({ region: 'us-east-1', tuning: { requestTimeoutMs: 1000 } }).requestHandler,
    ).toMatchObject({
      connectionTimeout: 1000,
      requestTimeout: 1000,
    });
  });
});

describe('the default back-off: exponential, with full jitter, capped', () => {
  it.each<[RetryKind, number, number]>([
    ['throttling', 1, 500],
    ['throttling', 2, 1000],
    ['throttling', 4, 4000],
    ['throttling', 5, 8000],
    ['throttling', 9, 8000],
    ['transient', 1, 100],
    ['transient', 2, 200],
    ['transient', 5, 1600],
    ['transient', 6, 2000],
    ['transient', 9, 2000],
  ])('%s, retry %d: anywhere from 0 to %d ms', (kind, retry, ceiling) => {
    const samples = Array.from({ length: 2000 }, () => defaultBackoff(kind, retry));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(ceiling);
    // Full jitter spreads the waits over the whole range: some fall in its top tenth, some in its bottom tenth.
    expect(samples.some((delay) => delay > ceiling * 0.9)).toBe(true);
    expect(samples.some((delay) => delay < ceiling * 0.1)).toBe(true);
  });
});
