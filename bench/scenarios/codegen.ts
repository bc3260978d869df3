/**
 * Code generation, cold (a fresh process per run, start-up included): `varlink-codegen generate`
 * (the built CLI) against varlink-go-interface-generator, on the certification interface
 * and on a synthetic corpus of 200 interfaces. The Go generator takes one file per run, so the
 * corpus baseline is 200 runs in one shell loop; ours is one run over all 200 files. The corpus is
 * also generated with `--format prettier`, to show what prettier costs.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchContext } from "../lib/context.js";
import { reasonOf, size } from "../lib/context.js";
import { builtCli } from "../lib/dist.js";
import { timedRun } from "../lib/child.js";
import { writeCorpus } from "../lib/corpus.js";
import { unavailable, type Row } from "../lib/report.js";
import { timedRow } from "../lib/timed-row.js";

const GROUP = "codegen";
const AGAINST = "varlink-go-interface-generator";
const CERTIFICATION = "fixtures/valid/org.varlink.certification/input.varlink";

/** Runs the code generation rows. */
export async function codegenVsGo(context: BenchContext): Promise<Row[]> {
  const corpusSize = size(context, 200, 200);
  const scenarios = [
    "cold generate, certification interface",
    `cold generate, ${corpusSize}-interface corpus`,
    `cold generate, ${corpusSize}-interface corpus, --format prettier`,
  ];
  const na = (reason: string): Row[] =>
    scenarios.map((s) => unavailable(GROUP, s, AGAINST, reason, "ms", "lower"));
  if (!context.go.ok) return na(context.go.reason);
  const generator = context.go.peers.generator;
  let cli: string;
  try {
    cli = await builtCli(context);
  } catch (error) {
    return na(`npm run build: ${reasonOf(error)}`);
  }
  // --force: every run regenerates (the manifest would make repeated runs no-ops, see noop.ts).
  const generate = (out: string, inputs: readonly string[], ...flags: string[]): Promise<number> =>
    timedRun(process.execPath, [cli, "generate", "--force", ...flags, "-o", out, ...inputs], {
      cwd: context.root,
    });
  const work = mkdtempSync(join(tmpdir(), "varlink-bench-codegen-"));
  try {
    const corpus = writeCorpus(join(work, "corpus"), corpusSize);
    const goDir = join(work, "go");
    cpSync(join(context.root, CERTIFICATION), join(goDir, "org.varlink.certification.varlink"));
    cpSync(join(work, "corpus"), join(goDir, "corpus"), { recursive: true });
    const repetitions = { warmup: 1, reps: context.quick ? 3 : 5 };
    const goCorpus = (): Promise<number> =>
      timedRun("sh", [
        "-c",
        'for f in "$@"; do "$0" "$f" || exit 1; done',
        generator,
        ...corpus.map((file) => file.replace(join(work, "corpus"), join(goDir, "corpus"))),
      ]);
    const cases = [
      {
        scenario: scenarios[0]!,
        ours: () => generate(join(work, "out-cert"), [CERTIFICATION]),
        go: () => timedRun(generator, [join(goDir, "org.varlink.certification.varlink")]),
      },
      {
        scenario: scenarios[1]!,
        ours: () => generate(join(work, "out-corpus"), corpus),
        go: goCorpus,
      },
      {
        scenario: scenarios[2]!,
        ours: () => generate(join(work, "out-prettier"), corpus, "--format", "prettier"),
        go: goCorpus,
      },
    ];
    const rows: Row[] = [];
    for (const c of cases) {
      context.log(`codegen: ${c.scenario}`);
      rows.push(
        await timedRow({ group: GROUP, scenario: c.scenario, against: AGAINST }, c.ours, c.go, repetitions),
      );
    }
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
