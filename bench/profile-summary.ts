/**
 * `npx tsx bench/profile-summary.ts FILE.cpuprofile [TOP] [--by-package]`: the functions (or, with
 * `--by-package`, the npm packages / source folders) with the most self time in a
 * `node --cpu-prof` profile, in percent of samples, to find the hot path.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: `node_modules/<package>`, a source folder, or node's internals. */
function packageOf(url: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  if (url === "") return "(native / vm)";
  if (url.startsWith("node:")) return "(node internals)";
  return url.split("/").slice(-2, -1)[0] ?? url;
}

/** Self time per function (or per package) in µs, heaviest first. */
export function selfTimes(profile: Profile, byPackage = false): Array<{ name: string; micros: number }> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return;
    const file = frame.url.split("/").slice(-2).join("/");
    const name = byPackage
      ? packageOf(frame.url)
      : `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...totals].map(([name, micros]) => ({ name, micros })).sort((a, b) => b.micros - a.micros);
}

const byPackage = process.argv.includes("--by-package");
const [file, top] = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
if (file === undefined) {
  console.error("usage: profile-summary.ts FILE.cpuprofile [TOP] [--by-package]");
  process.exit(2);
}
const rows = selfTimes(JSON.parse(readFileSync(file, "utf8")) as Profile, byPackage);
const total = rows.reduce((sum, row) => sum + row.micros, 0);
for (const row of rows.slice(0, Number(top ?? 25))) {
  console.log(`${((row.micros / total) * 100).toFixed(1).padStart(5)}%  ${row.name}`);
}
