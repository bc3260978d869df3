/**
 * Timing helpers for the benchmarks: warm-up, repeated samples, median. Every figure the bench
 * prints is a ratio of two medians taken in the same run, because the machine is shared and noisy.
 */

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** How many untimed runs and timed samples to take. */
export interface Repetitions {
  readonly warmup: number;
  readonly reps: number;
}

/**
 * Runs `task` `warmup` times untimed, then `reps` times timed, and returns the median rate
 * (`ops` per second, where `task` performs `ops` operations).
 */
export async function medianRate(
  task: () => Promise<void>,
  ops: number,
  repetitions: Repetitions,
): Promise<number> {
  for (let i = 0; i < repetitions.warmup; i++) await task();
  const rates: number[] = [];
  for (let i = 0; i < repetitions.reps; i++) {
    const start = process.hrtime.bigint();
    await task();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(ops / seconds);
  }
  return median(rates);
}

/** Like {@link medianRate} but returns the median duration in milliseconds (for one-shot tasks). */
export async function medianMs(task: () => Promise<void>, repetitions: Repetitions): Promise<number> {
  for (let i = 0; i < repetitions.warmup; i++) await task();
  const durations: number[] = [];
  for (let i = 0; i < repetitions.reps; i++) {
    const start = process.hrtime.bigint();
    await task();
    durations.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(durations);
}

/**
 * Median rates of two tasks measured in alternating rounds (ours, baseline, baseline, ours, ...),
 * so a change in machine load during the run hits both sides alike.
 */
export async function interleavedRates(
  ours: () => Promise<void>,
  baseline: () => Promise<void>,
  ops: number,
  repetitions: Repetitions,
): Promise<{ ours: number; baseline: number }> {
  for (let i = 0; i < repetitions.warmup; i++) {
    await ours();
    await baseline();
  }
  const rates = { ours: [] as number[], baseline: [] as number[] };
  const tasks = { ours, baseline };
  for (let round = 0; round < repetitions.reps; round++) {
    const order = round % 2 === 0 ? (["ours", "baseline"] as const) : (["baseline", "ours"] as const);
    for (const side of order) {
      const start = process.hrtime.bigint();
      await tasks[side]();
      rates[side].push(ops / (Number(process.hrtime.bigint() - start) / 1e9));
    }
  }
  return { ours: median(rates.ours), baseline: median(rates.baseline) };
}
