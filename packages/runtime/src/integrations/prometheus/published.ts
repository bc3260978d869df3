/**
 * prom-client metrics whose numbers live in tally.ts: `get()` (what a registry reads when it is
 * scraped) publishes them, and `reset()` (what `registry.resetMetrics()` calls) zeroes them. A
 * `collect` hook that re-`inc`s a reset metric would undo `resetMetrics()` at the next scrape.
 */
import { Counter, Histogram, type CounterConfiguration, type HistogramConfiguration } from "prom-client";
import type { MethodTally } from "./tally.js";

/** One published sample: its labels and value (and, for a histogram, `_bucket`/`_sum`/`_count`). */
export interface Sample {
  readonly labels: Record<string, string | number>;
  readonly value: number;
  readonly metricName?: string;
}

/** Where a published metric's numbers come from. */
export interface TallySource {
  samples(): Sample[];
  /** Forgets the counts (`registry.resetMetrics()`). */
  zero(): void;
}

type Values<T> = T extends { get(): Promise<infer R> } ? R : never;

/** A counter that never counts itself: its samples are the source's. */
export class TallyCounter<L extends string> extends Counter<L> {
  readonly #source: TallySource;
  constructor(config: CounterConfiguration<L>, source: TallySource) {
    super(config);
    this.#source = source;
  }

  override async get(): Promise<Values<Counter<L>>> {
    return { ...(await super.get()), values: this.#source.samples() as Values<Counter<L>>["values"] };
  }

  override reset(): void {
    super.reset();
    // prom-client's constructor calls reset() before our fields exist.
    if (#source in this) this.#source.zero();
  }
}

/** A histogram over method tallies: `{le, side, method}` buckets (cumulative), `_sum`, `_count`. */
export class TallyHistogram<L extends string> extends Histogram<L> {
  readonly #tallies: readonly MethodTally[];
  readonly #bounds: readonly number[];
  readonly #name: string;
  readonly #help: string;
  readonly #aggregator: string;
  /**
   * `config.buckets` must be the bounds the tallies count with: required here, since prom-client
   * would fill in its own defaults while the tallies counted with none.
   */
  constructor(config: HistogramConfiguration<L> & { buckets: number[] }, tallies: readonly MethodTally[]) {
    super(config);
    this.#tallies = tallies;
    this.#bounds = config.buckets;
    this.#name = config.name;
    this.#help = config.help;
    this.#aggregator = config.aggregator ?? "sum";
  }

  override async get(): Promise<Values<Histogram<L>>> {
    const values: Sample[] = [];
    for (const t of this.#tallies) {
      const labels = { side: t.side, method: t.method };
      let cumulative = 0;
      this.#bounds.forEach((le, i) => {
        cumulative += t.buckets[i] as number;
        values.push({ labels: { le, ...labels }, value: cumulative, metricName: `${this.#name}_bucket` });
      });
      values.push({ labels: { le: "+Inf", ...labels }, value: t.count, metricName: `${this.#name}_bucket` });
      values.push({ labels, value: t.sum, metricName: `${this.#name}_sum` });
      values.push({ labels, value: t.count, metricName: `${this.#name}_count` });
    }
    // Not super.get(): it reads getForPromString(), which is this.
    const metric = { name: this.#name, help: this.#help, type: "histogram", aggregator: this.#aggregator };
    return { ...metric, values } as unknown as Values<Histogram<L>>;
  }

  /** What the text exposition reads (prom-client prefers it to `get()`); the same samples. */
  getForPromString(): Promise<Values<Histogram<L>>> {
    return this.get();
  }

  override reset(): void {
    super.reset();
    if (#tallies in this) for (const t of this.#tallies) t.zeroLatency();
  }
}
