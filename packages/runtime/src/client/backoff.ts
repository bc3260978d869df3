/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): the delay before attempt n+1 is uniform in [0, min(cap, base·2ⁿ)]. Used by reconnects
 * and retries alike, so that many clients recovering at once do not retry in lockstep.
 */

/** Backoff bounds in milliseconds. */
export interface BackoffOptions {
  /** Delay ceiling of the first retry (default 100 ms). */
  readonly baseMs?: number;
  /** No delay ever exceeds this (default 10 s). */
  readonly maxMs?: number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry). `random` is injectable for
 * tests (default `Math.random`).
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseMs ?? 100;
  const max = options.maxMs ?? 10_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
