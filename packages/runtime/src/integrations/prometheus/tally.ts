/**
 * The numbers behind the Varlink metrics, kept as plain numbers: an update through prom-client
 * validates and hashes its label object every time (a histogram child too), too slow for every
 * call and every chunk read. published.ts hands them to prom-client when it is scraped.
 */
import { outcomeOf, type Side } from "../../observability/outcome.js";

/** One method's counts on one side, and its latency histogram. */
export class MethodTally {
  readonly side: Side;
  readonly method: string;
  /** A state, not a count: `reset()` leaves it (calls still running finish and decrement it). */
  inFlight = 0;
  replies = 0;
  readonly outcomes: Map<string, number> = new Map();
  /** Observations per bucket, not cumulative; the last one is above every bound (`+Inf`). */
  readonly buckets: Float64Array;
  sum = 0;
  count = 0;
  readonly #bounds: readonly number[];

  constructor(side: Side, method: string, bounds: readonly number[]) {
    this.side = side;
    this.method = method;
    this.#bounds = bounds;
    this.buckets = new Float64Array(bounds.length + 1);
  }

  /** A call starts: returns its start time for {@link finish}. */
  start(): number {
    this.inFlight++;
    return performance.now();
  }

  /** A call that started at `start` ended with `outcome` ("ok" or an error name). */
  finish(start: number, outcome: string): void {
    const seconds = (performance.now() - start) / 1000;
    this.inFlight--;
    let i = 0;
    while (i < this.#bounds.length && seconds > (this.#bounds[i] as number)) i++;
    (this.buckets[i] as number)++;
    this.sum += seconds;
    this.count++;
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  /** A call that started at `start` failed with `error`. */
  fail(start: number, error: unknown): void {
    this.finish(start, outcomeOf(error, this.side));
  }

  /** Forgets the latency observations (the histogram's `reset()`). */
  zeroLatency(): void {
    this.buckets.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}

/** One side's connection and byte counts. */
export class SideTally {
  /** A state, kept by `reset()` like {@link MethodTally.inFlight}. */
  open = 0;
  bytesIn = 0;
  bytesOut = 0;
}

/** Every tally of one {@link varlinkMetrics} (index.ts), both sides. */
export class Tallies {
  readonly methods: MethodTally[] = [];
  readonly sides: Readonly<Record<Side, SideTally>> = { server: new SideTally(), client: new SideTally() };
  readonly bounds: readonly number[];
  readonly #bySide: Record<Side, Map<string, MethodTally>> = { server: new Map(), client: new Map() };

  constructor(bounds: readonly number[]) {
    this.bounds = bounds;
  }

  /** The tally of `method` on `side`, created on its first call. */
  of(side: Side, method: string): MethodTally {
    let t = this.#bySide[side].get(method);
    if (t === undefined) {
      t = new MethodTally(side, method, this.bounds);
      this.#bySide[side].set(method, t);
      this.methods.push(t);
    }
    return t;
  }
}
