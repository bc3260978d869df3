/**
 * Start-up cost of the CLI against `node -e 0`, each a fresh process: the no-op `generate` (inputs,
 * options and version unchanged since the last run, so its manifest says there is nothing to do;
 * the path a CI or watch loop hits most), `--version`, and a no-op `breaking` (an interface against
 * itself), plus one cold `generate --force` of the certification interface (the cold target is a
 * ratio to `node -e 0` too). Runs the built CLI (bin/ -> dist/, built once per run); cwd is a temp folder holding a
 * copy of every valid fixture, generated once before timing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchContext } from "../lib/context.js";
import { reasonOf } from "../lib/context.js";
import { timedRun } from "../lib/child.js";
import { copyValidFixtures } from "../lib/corpus.js";
import { builtCli } from "../lib/dist.js";
import { unavailable, type Row } from "../lib/report.js";
import { medianMs } from "../lib/stats.js";
import { timedRow } from "../lib/timed-row.js";

const GROUP = "no-op run";
const AGAINST = "node -e 0";

/** Runs the start-up rows. */
export async function noopVsNode(context: BenchContext): Promise<Row[]> {
  const cases = [
    { scenario: "varlink-codegen generate, nothing changed", args: ["generate", "idl", "-o", "gen"] },
    { scenario: "varlink-codegen --version", args: ["--version"] },
    { scenario: "varlink-codegen breaking X X (no changes)", args: ["breaking", "idl", "idl"] },
    // Not a no-op: the cold-generate target of issue 13 is a ratio to `node -e 0`, measured here.
    {
      scenario: "varlink-codegen generate --force, certification interface (cold)",
      args: ["generate", "--force", "idl/org.varlink.certification.varlink", "-o", "cold"],
    },
  ];
  const na = (reason: string): Row[] =>
    cases.map((c) => unavailable(GROUP, c.scenario, AGAINST, reason, "ms", "lower"));
  let bin: string;
  try {
    bin = await builtCli(context);
  } catch (error) {
    return na(`npm run build: ${reasonOf(error)}`);
  }
  const dir = mkdtempSync(join(tmpdir(), "varlink-bench-noop-"));
  try {
    copyValidFixtures(context.root, join(dir, "idl"));
    const cli = (args: readonly string[]) => (): Promise<number> =>
      timedRun(process.execPath, [bin, ...args], { cwd: dir });
    try {
      await cli(cases[0]!.args)(); // the first run generates and writes the manifest
    } catch (error) {
      return na(`first generate: ${reasonOf(error)}`);
    }
    const repetitions = { warmup: 2, reps: context.quick ? 5 : 11 };
    const baseline = await medianMs(
      async () => void (await timedRun(process.execPath, ["-e", "0"])),
      repetitions,
    );
    const rows: Row[] = [];
    for (const c of cases) {
      context.log(`no-op: ${c.scenario}`);
      rows.push(
        await timedRow(
          { group: GROUP, scenario: c.scenario, against: AGAINST },
          cli(c.args),
          baseline,
          repetitions,
        ),
      );
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
