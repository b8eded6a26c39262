// The pacing of Cognito reads: never more than the quota in any window, in call order (on a fake clock).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { slidingWindow } from '../src/aws/pace.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs `count` calls through a window of 3 a second; call i takes durations[i] ms. */
async function run(count: number, durations: number[] = []) {
  const paced = slidingWindow(3, 1000);
  const t0 = Date.now();
  const calls: { index: number; start: number; end: number }[] = [];
  const all = Array.from({ length: count }, (_, index) =>
    paced(async () => {
      const start = Date.now() - t0;
      await new Promise((resolve) => setTimeout(resolve, durations[index] ?? 0));
      calls.push({ index, start, end: Date.now() - t0 });
    }),
  );
  await vi.runAllTimersAsync();
  await Promise.all(all);
  return calls.sort((a, b) => a.start - b.start || a.index - b.index);
}

/**
 * The most requests that can reach the service within one window: a call's request arrives at any moment between
 * its start and its end, so a call counts against every window that starts before it ends and ends after it starts.
 */
function mostInOneWindow(calls: { start: number; end: number }[]) {
  return Math.max(
    ...calls.map(({ end }) => calls.filter((other) => other.start < end + 1000 && other.end >= end).length),
  );
}

describe('slidingWindow', () => {
  it('starts calls in the order they were made, at most three in any second', async () => {
    const calls = await run(8);
    expect(calls.map(({ index }) => index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(mostInOneWindow(calls)).toBeLessThanOrEqual(3);
    // Eight calls at three a second: the last starts in the third window.
    expect((calls.at(-1) as (typeof calls)[number]).start - (calls[0] as (typeof calls)[number]).start).toBe(
      2000,
    );
  });

  it('keeps a slow call in the window until a second after its answer, so its late request is counted', async () => {
    // The first requests of a run are the slow ones (connections are being opened): if they arrived just before
    // their answers, the next burst must not start until a second after those answers.
    const calls = await run(6, [300, 300, 300]);
    expect(mostInOneWindow(calls)).toBeLessThanOrEqual(3);
    expect(calls.slice(3).map(({ start }) => start)).toEqual([1300, 1300, 1300]);
  });
});

describe('slidingWindow, on the real clock', () => {
  const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

  it('does not keep the process alive for a slot nobody waits for, and does while someone waits', async () => {
    vi.useRealTimers();
    const paced = slidingWindow(1, 50);
    const before = timers();
    await paced(async () => 'first');
    expect(timers()).toBe(before); // a run that ends now exits now, not a second later
    const second = paced(async () => 'second');
    expect(timers()).toBe(before + 1); // the slot the second call waits for holds the process open
    await expect(second).resolves.toBe('second');
  });
});
