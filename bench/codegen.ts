/**
 * Wall time of a cold `varlink-codegen generate` (a new node process each run, dist/ build) for
 * org.varlink.certification and for every valid fixture at once, side by side with
 * `varlink-go-interface-generator` (Debian varlink-go) on the same files and bare `node -e 0`
 * (the floor of any node CLI) in the same run; ratios are against both.
 * The Go generator takes one file per process, so "all fixtures" is one process per file, and
 * it rejects some UAPI.20 fixtures (hyphenated names, upper-case fields): those are listed.
 *
 *   npm run build && npx tsx bench/codegen.ts [runs=7]
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { median } from "./lib/stats.js";

const root = new URL("../", import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 7);
const fixtures = readdirSync(join(root, "fixtures/valid")).sort();
const inputOf = (name: string) => join(root, "fixtures/valid", name, "input.varlink");

/** Wall and CPU (user + sys) time in ms of one run, which may be several processes. */
interface Sample {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Runs each command under bash's `time` and sums wall and CPU time (throws when one fails). CPU
 * time depends less on the load of a shared machine than wall time, so both are reported.
 */
function run(commands: readonly (readonly string[])[], cwd: string): Sample {
  let wall = 0;
  let cpu = 0;
  for (const argv of commands) {
    const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
    const start = performance.now();
    const result = spawnSync("bash", ["-c", `TIMEFORMAT='%U %S'; time ${quoted} >/dev/null`], {
      cwd,
      encoding: "utf8",
    });
    wall += performance.now() - start;
    if (result.status !== 0) throw new Error(`${argv.join(" ")} failed: ${result.stderr}`);
    const [user, sys] = result.stderr.trim().split("\n").at(-1)!.split(" ").map(Number);
    cpu += (user! + sys!) * 1000;
  }
  return { wall, cpu };
}

/** Fixtures the Go generator accepts, each copied to `<dir>/<name>.varlink`. */
function goInputs(dir: string, names: readonly string[]): { accepted: string[]; rejected: string[] } {
  const accepted: string[] = [];
  const rejected: string[] = [];
  for (const name of names) {
    const file = join(dir, `${name}.varlink`);
    copyFileSync(inputOf(name), file);
    const probe = spawnSync("varlink-go-interface-generator", [file], { encoding: "utf8" });
    (probe.status === 0 ? accepted : rejected).push(name);
  }
  return { accepted, rejected };
}

function measure(label: string, names: readonly string[]): void {
  const work = mkdtempSync(join(tmpdir(), "varlink-bench-"));
  try {
    const { accepted, rejected } = goInputs(work, names);
    const ours = (files: readonly string[], ...flags: string[]) => [
      [
        process.execPath,
        join(root, "bin/varlink-codegen.js"),
        "generate",
        ...files.map(inputOf),
        "-o",
        join(work, "out"),
        // Every run regenerates: without it the manifest would turn repeated runs into no-ops.
        "--force",
        ...flags,
      ],
    ];
    const tools: [string, (readonly string[])[]][] = [
      [`varlink-codegen generate (${names.length} files)`, ours(names)],
      [`varlink-codegen generate (${accepted.length} Go accepts)`, ours(accepted)],
      [`  same, --format prettier`, ours(accepted, "--format", "prettier")],
      [
        `varlink-go-interface-generator (${accepted.length})`,
        accepted.map((n) => ["varlink-go-interface-generator", `${n}.varlink`]),
      ],
      ["node -e 0", [[process.execPath, "-e", "0"]]],
    ];
    const samples = tools.map((): Sample[] => []);
    // Alternate the tools within each round so the machine's load hits them alike.
    for (let i = 0; i < runs; i++) tools.forEach(([, commands], t) => samples[t]!.push(run(commands, work)));
    console.log(`${label}: ${runs} cold runs each, median (min-max) in ms`);
    tools.forEach(([name], t) => {
      const wall = samples[t]!.map((s) => s.wall);
      const cpu = samples[t]!.map((s) => s.cpu);
      console.log(
        `  ${name.padEnd(46)} wall ${median(wall).toFixed(0).padStart(5)} (${Math.min(...wall).toFixed(0)}-${Math.max(...wall).toFixed(0)})  cpu ${median(cpu).toFixed(0).padStart(5)}`,
      );
    });
    const wallOf = (t: number) => median(samples[t]!.map((s) => s.wall));
    const [go, node] = [wallOf(3), wallOf(4)];
    console.log(
      `  wall ratio ours/go on the same files: ${(wallOf(1) / go).toFixed(0)}x (--format prettier ${(wallOf(2) / go).toFixed(0)}x)`,
    );
    console.log(
      `  wall ratio ours/(node -e 0) on the same files: ${(wallOf(1) / node).toFixed(1)}x (--format prettier ${(wallOf(2) / node).toFixed(1)}x)`,
    );
    if (rejected.length > 0) console.log(`  rejected by the Go generator: ${rejected.join(", ")}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Wall times on a shared machine depend on its load; print it so figures can be read fairly.
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${cpus().length} cpus`,
);
measure("org.varlink.certification", ["org.varlink.certification"]);
measure("all valid fixtures", fixtures);
