/**
 * Waiting in a test for something an event handler records: `until(done)` re-checks `done`
 * whenever `wake()` is called (and every 50 ms as a backstop), failing after a bounded time.
 */
import { EVENT_LIMIT_MS } from "./time-limits.js";

/** Waiters woken by the events a test peer records. */
export class EventWait {
  readonly #name: string;
  #waiters: (() => void)[] = [];

  /** `name` says who timed out. */
  constructor(name: string) {
    this.#name = name;
  }

  /** Resolves once `done()` holds; rejects after `timeoutMs`. */
  async until(done: () => boolean, timeoutMs: number = EVENT_LIMIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${this.#name}: timed out waiting`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** Something happened: every waiter checks again. */
  wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}
