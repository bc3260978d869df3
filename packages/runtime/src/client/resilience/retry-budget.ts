/**
 * A retry budget (Finagle's `RetryBudget`, Envoy's and gRPC's retry throttling have the same
 * purpose): retries may add at most `ratio` of the calls made over the last window, plus a small
 * floor of `minPerSecond` so that a quiet client can still retry. When a whole service is down,
 * per-call retries would multiply its load by `maxAttempts` exactly when it can least take it;
 * the budget caps that amplification at `1 + ratio`.
 */

/** Budget bounds (see {@link RetryBudget}). */
export interface RetryBudgetOptions {
  /** Retries allowed per call made over the window (default 0.2: at most 20 % extra load). */
  readonly ratio?: number;
  /** Retries always allowed per second of the window, whatever the call count (default 10). */
  readonly minPerSecond?: number;
}

/** Length of the sliding window, in one-second buckets (Finagle's default TTL is 10 s). */
const WINDOW_SECONDS = 10;

/**
 * Counts calls and retries in one-second buckets over a {@link WINDOW_SECONDS} window.
 * @internal
 */
export class RetryBudget {
  readonly #ratio: number;
  readonly #floor: number;
  readonly #now: () => number;
  /** Per bucket: the second it counts (stale buckets are reset when reused), calls, retries. */
  readonly #seconds = new Array<number>(WINDOW_SECONDS).fill(-1);
  readonly #calls = new Array<number>(WINDOW_SECONDS).fill(0);
  readonly #retries = new Array<number>(WINDOW_SECONDS).fill(0);

  constructor(options: RetryBudgetOptions = {}, now: () => number = Date.now) {
    this.#ratio = Math.max(0, options.ratio ?? 0.2);
    this.#floor = Math.max(0, options.minPerSecond ?? 10) * WINDOW_SECONDS;
    this.#now = now;
  }

  /** Records a call (its first attempt). */
  deposit(): void {
    this.#calls[this.#bucket()]!++;
  }

  /** Takes one retry from the budget; false (and nothing taken) when it is spent. */
  withdraw(): boolean {
    const current = this.#bucket();
    let calls = 0;
    let retries = 0;
    for (let i = 0; i < WINDOW_SECONDS; i++) {
      calls += this.#calls[i]!;
      retries += this.#retries[i]!;
    }
    if (retries + 1 > this.#floor + this.#ratio * calls) return false;
    this.#retries[current]!++;
    return true;
  }

  /** The bucket of the current second, reset first if it last counted an older second. */
  #bucket(): number {
    const second = Math.floor(this.#now() / 1000);
    for (let i = 0; i < WINDOW_SECONDS; i++) {
      if (this.#seconds[i] !== -1 && second - this.#seconds[i]! >= WINDOW_SECONDS) {
        this.#seconds[i] = -1;
        this.#calls[i] = 0;
        this.#retries[i] = 0;
      }
    }
    const index = second % WINDOW_SECONDS;
    if (this.#seconds[index] !== second) {
      this.#seconds[index] = second;
      this.#calls[index] = 0;
      this.#retries[index] = 0;
    }
    return index;
  }
}
