// The pacing of Cognito reads over a run with a pause in it (on a fake clock): a slot that comes back while nobody
// waits is free again, so the reads after a quiet second start at once instead of waiting for ever.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { slidingWindow } from '../src/aws/pace.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('slidingWindow, after a pause', () => {
  it('a full window that empties while nobody waits takes the next calls at once, as many as the limit', async () => {
    const paced = slidingWindow(2, 1000);
    const started: number[] = [];
    const t0 = Date.now();
    const call = () => paced(async () => started.push(Date.now() - t0));
    await Promise.all([call(), call()]);
    await vi.advanceTimersByTimeAsync(1000); // both slots come back, with no call waiting for them
    const later = [call(), call(), call()];
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 0, 1000, 1000]); // the third of the later calls waits for a slot
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(later);
    expect(started).toEqual([0, 0, 1000, 1000, 2000]);
  });
});
