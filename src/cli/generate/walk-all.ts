/** Every file under a directory, dot-files included (an output directory is all ours). */
import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Files under `dir`, recursively, sorted by path. */
export function walkAll(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkAll(path));
    else out.push(path);
  }
  return out.sort();
}
