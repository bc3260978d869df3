/**
 * Wall time of a cold `varlink-codegen generate` (a new node process each run, dist/ build) for
 * org.varlink.certification and for every valid fixture at once, side by side with
 * `varlink-go-interface-generator` (Debian varlink-go) on the same files in the same run.
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

const root = new URL("../", import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 7);
const fixtures = readdirSync(join(root, "fixtures/valid")).sort();
const inputOf = (name: string) => join(root, "fixtures/valid", name, "input.varlink");

/** Runs `command` and returns its wall time in ms (throws when it fails). */
function time(command: string, args: readonly string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return ms;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
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
    const ours: number[] = [];
    const go: number[] = [];
    const goSame: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate the tools within each round so load on the machine hits both alike.
      ours.push(
        time(
          process.execPath,
          [join(root, "bin/varlink-codegen.js"), "generate", ...names.map(inputOf), "-o", join(work, "out")],
          root,
        ),
      );
      go.push(
        accepted.reduce((sum, n) => sum + time("varlink-go-interface-generator", [`${n}.varlink`], work), 0),
      );
      goSame.push(
        time(
          process.execPath,
          [
            join(root, "bin/varlink-codegen.js"),
            "generate",
            ...accepted.map(inputOf),
            "-o",
            join(work, "out2"),
          ],
          root,
        ),
      );
    }
    const row = (name: string, values: number[]) =>
      `  ${name.padEnd(44)} median ${median(values).toFixed(0).padStart(5)} ms  (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
    console.log(`${label} — ${runs} cold runs each`);
    console.log(row(`varlink-codegen generate (${names.length} files)`, ours));
    console.log(row(`varlink-codegen generate (${accepted.length} files Go accepts)`, goSame));
    console.log(row(`varlink-go-interface-generator (${accepted.length} files)`, go));
    console.log(`  ratio ours/go on the same files: ${(median(goSame) / median(go)).toFixed(1)}x`);
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
