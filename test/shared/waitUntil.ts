/** The one way tests wait: for a condition, polled, never for a fixed time. On a loaded machine a
 *  condition is met later, not wrongly; only `timeout` (generous) bounds the wait. */
export interface WaitOptions {
  /** Give up after this many milliseconds (default 60 s). */
  timeout?: number;
  /** What is awaited, for the error message. */
  what?: string;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until `done(value)` holds and returns that value; throws with the last value seen
 *  after `timeout`. A probe that throws counts as not done yet. */
export async function waitUntil<T>(probe: () => T | PromiseLike<T>, done: (value: T) => boolean, options: WaitOptions = {}): Promise<T> {
  const timeout = options.timeout ?? 60_000;
  const deadline = Date.now() + timeout;
  let interval = 25;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const seen = last === undefined ? (lastError instanceof Error ? lastError.message : String(lastError)) : JSON.stringify(last)?.slice(0, 500);
      throw new Error(`waited ${timeout} ms for ${options.what ?? 'a condition'}; last seen: ${seen}`);
    }
    await pause(interval);
    interval = Math.min(250, interval * 2);
  }
}
