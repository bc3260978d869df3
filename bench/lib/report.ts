/**
 * The benchmark report: one row per comparison, rendered as a markdown table or JSON.
 */

/** Which direction of the ratio is good. */
export type Better = "higher" | "lower";

/** One comparison, `ours` against `baseline`, measured in the same run. */
export interface Row {
  readonly group: string;
  readonly scenario: string;
  /** Our figure, or undefined when the row could not be measured. */
  readonly ours?: number;
  /** The baseline's figure in the same unit. */
  readonly baseline?: number;
  /** What ours and baseline are compared against, e.g. "raw node:net" or "Go client -> Go server". */
  readonly against: string;
  readonly unit: string;
  readonly better: Better;
  /** Target ratio from the issue, if any (e.g. 0.85). */
  readonly target?: number;
  /** Why the row is n/a, or a remark. */
  readonly note?: string;
}

/** ours / baseline, or undefined when either side is missing. */
export function ratioOf(row: Row): number | undefined {
  if (row.ours === undefined || row.baseline === undefined || row.baseline === 0) return undefined;
  return row.ours / row.baseline;
}

/** A row that could not be measured, with the reason printed as "n/a (reason)". */
export function unavailable(
  group: string,
  scenario: string,
  against: string,
  reason: string,
  unit = "",
  better: Better = "higher",
): Row {
  return { group, scenario, against, unit, better, note: reason };
}

function figure(value: number | undefined): string {
  if (value === undefined) return "n/a";
  if (value >= 100) return Math.round(value).toLocaleString("en-US");
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function targetText(row: Row, ratio: number | undefined): string {
  if (row.target === undefined) return "";
  const comparison = row.better === "higher" ? ">=" : "<=";
  if (ratio === undefined) return `${comparison} ${row.target}`;
  const met = row.better === "higher" ? ratio >= row.target : ratio <= row.target;
  return `${comparison} ${row.target} ${met ? "met" : "MISSED"}`;
}

/** Renders the rows as a GitHub markdown table. */
export function toMarkdown(rows: readonly Row[]): string {
  const lines = [
    "| group | scenario | against | ours | baseline | unit | ratio ours/baseline | better | target |",
    "|---|---|---|---:|---:|---|---:|---|---|",
  ];
  for (const row of rows) {
    const ratio = ratioOf(row);
    const ratioCell = ratio === undefined ? `n/a (${row.note ?? "not measured"})` : ratio.toFixed(2);
    const unitCell = row.note !== undefined && ratio !== undefined ? `${row.unit} (${row.note})` : row.unit;
    lines.push(
      `| ${row.group} | ${row.scenario} | ${row.against} | ${figure(row.ours)} | ${figure(row.baseline)} | ${unitCell} | ${ratioCell} | ${row.better} | ${targetText(row, ratio)} |`,
    );
  }
  return lines.join("\n");
}

/** Machine-readable form: every row with its ratio. */
export function toJson(rows: readonly Row[], meta: Record<string, unknown>): string {
  return JSON.stringify(
    { ...meta, rows: rows.map((row) => ({ ...row, ratio: ratioOf(row) ?? null })) },
    null,
    2,
  );
}
