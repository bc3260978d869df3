/**
 * Start-up cost of the CLI: `varlink-codegen --version` and a no-op `breaking` (an interface
 * against itself: parse, compare, "no changes") against `node -e 0`, each a fresh process.
 * Runs the built CLI (bin/ -> dist/, built once per run).
 */
import type { BenchContext } from "../lib/context.js";
import { reasonOf } from "../lib/context.js";
import { timedRun } from "../lib/child.js";
import { builtCli } from "../lib/dist.js";
import { unavailable, type Row } from "../lib/report.js";
import { medianMs } from "../lib/stats.js";
import { timedRow } from "../lib/timed-row.js";

const GROUP = "no-op run";
const AGAINST = "node -e 0";
const CERTIFICATION = "fixtures/valid/org.varlink.certification/input.varlink";

/** Runs the start-up rows. */
export async function noopVsNode(context: BenchContext): Promise<Row[]> {
  const cases = [
    { scenario: "varlink-codegen --version", args: ["--version"] },
    {
      scenario: "varlink-codegen breaking X X (no changes)",
      args: ["breaking", CERTIFICATION, CERTIFICATION],
    },
  ];
  let bin: string;
  try {
    bin = await builtCli(context);
  } catch (error) {
    return cases.map((c) =>
      unavailable(GROUP, c.scenario, AGAINST, `npm run build: ${reasonOf(error)}`, "ms", "lower"),
    );
  }
  const repetitions = { warmup: 2, reps: context.quick ? 5 : 11 };
  const baseline = await medianMs(
    async () => void (await timedRun(process.execPath, ["-e", "0"])),
    repetitions,
  );
  const rows: Row[] = [];
  for (const c of cases) {
    context.log(`no-op: ${c.scenario}`);
    const run = (): Promise<number> => timedRun(process.execPath, [bin, ...c.args], { cwd: context.root });
    rows.push(
      await timedRow({ group: GROUP, scenario: c.scenario, against: AGAINST }, run, baseline, repetitions),
    );
  }
  return rows;
}
