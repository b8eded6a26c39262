// Keeps calls within a request-rate quota counted as requests arrive, over any window of `intervalMs` (the way
// Cognito counts them). A request arrives somewhere between the call's start and its answer, so each call holds one
// of `limit` slots from its start until `intervalMs` after it settles: however late one call's request arrives and
// however early the next one's does, no window can hold more than `limit` of them. (p-throttle was tried first: it
// frees a slot a fixed time after the start, and a slow first request then shares a window with the next burst.)

export type Paced = <T>(call: () => Promise<T>) => Promise<T>;

/**
 * The rate the action keeps to under a quota of `quota` requests a second: a fifth below it, leaving room for the
 * SDK's retries of a failed read, which go out inside the read's slot.
 */
export const belowQuota = (quota: number) => Math.max(1, Math.floor(quota * 0.8));

export function slidingWindow(limit: number, intervalMs = 1000): Paced {
  let held = 0;
  const waiting: (() => void)[] = [];
  /** Slots on their way back. They keep the process alive only while a call waits for one. */
  const returning = new Set<ReturnType<typeof setTimeout>>();
  const giveBack = () => {
    const timer = setTimeout(() => {
      returning.delete(timer);
      const next = waiting.shift();
      if (next)
        next(); // the slot passes straight on, in call order
      else held--;
    }, intervalMs);
    if (waiting.length === 0) timer.unref();
    returning.add(timer);
  };
  const slot = (): Promise<void> => {
    if (held < limit) {
      held++;
      return Promise.resolve();
    }
    for (const timer of returning) timer.ref();
    return new Promise((resolve) => waiting.push(resolve));
  };
  return async (call) => {
    await slot();
    try {
      return await call();
    } finally {
      giveBack();
    }
  };
}
