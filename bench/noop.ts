/**
 * Wall time of a no-op `varlink-codegen generate` (inputs, options and version unchanged, so the
 * manifest says there is nothing to do) next to bare `node -e 0`, each a new process, runs
 * interleaved so all see the same machine load. `varlink-codegen --version` is the full CLI's
 * start-up (node + commander + command registration), which the no-op skips since its fast path
 * answers before commander loads; a `--force` run is shown for scale.
 *
 *   npm run build && npx tsx bench/noop.ts [runs=21]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { copyValidFixtures } from "./lib/corpus.js";
import { median } from "./lib/stats.js";

const root = new URL("../", import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 21);
const bin = join(root, "bin/varlink-codegen.js");

function time(args: readonly string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${result.stderr}`);
  return ms;
}

const dir = mkdtempSync(join(tmpdir(), "vlc-noop-"));
try {
  copyValidFixtures(root, join(dir, "idl"));
  const generate = [bin, "generate", "idl", "-o", "gen"];
  time(generate, dir); // the first run generates and writes the manifest
  const node: number[] = [];
  const version: number[] = [];
  const noop: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(time(["-e", "0"], dir));
    version.push(time([bin, "--version"], dir));
    noop.push(time(generate, dir));
  }
  const force = [0, 1, 2].map(() => time([...generate, "--force"], dir));
  const n = median(node);
  const g = median(noop);
  console.log(`inputs: ${readdirSync(join(dir, "idl")).length} fixtures; ${runs} runs each, medians`);
  const v = median(version);
  console.log(`node -e 0                         ${n.toFixed(1)} ms`);
  console.log(`varlink-codegen --version         ${v.toFixed(1)} ms  (${(v / n).toFixed(2)}x node)`);
  console.log(
    `varlink-codegen generate (no-op)  ${g.toFixed(1)} ms  (${(g / n).toFixed(2)}x node, +${(g - n).toFixed(1)} ms)`,
  );
  console.log(`varlink-codegen generate --force  ${median(force).toFixed(1)} ms  (for scale)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
