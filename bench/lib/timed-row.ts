/**
 * One "lower is better" row from wall times: the median duration of `ours` against a baseline
 * (a figure measured once, or a task measured here), or an n/a row with the reason it failed.
 */
import { reasonOf } from "./context.js";
import { unavailable, type Row } from "./report.js";
import { medianMs, type Repetitions } from "./stats.js";

/** Which row: group, scenario label and what the baseline is. */
export interface RowLabel {
  readonly group: string;
  readonly scenario: string;
  readonly against: string;
}

/** Measures `ours` (and `baseline` when it is a task) and returns the row in ms. */
export async function timedRow(
  label: RowLabel,
  ours: () => Promise<unknown>,
  baseline: number | (() => Promise<unknown>),
  repetitions: Repetitions,
): Promise<Row> {
  try {
    const base =
      typeof baseline === "number"
        ? baseline
        : await medianMs(async () => void (await baseline()), repetitions);
    const mine = await medianMs(async () => void (await ours()), repetitions);
    return { ...label, ours: mine, baseline: base, unit: "ms", better: "lower" };
  } catch (error) {
    return unavailable(label.group, label.scenario, label.against, reasonOf(error), "ms", "lower");
  }
}
