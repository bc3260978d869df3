/**
 * A one-shot `generate` ends with `process.exit()` once its output is flushed (src/cli/prompt-exit.ts),
 * skipping the heap teardown of a normal exit. Nothing it prints may be lost on the way, through
 * a pipe read asynchronously, and its exit code must stay what the run decided. Spawns the built binary.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { syntheticInterface } from "../../bench/lib/corpus.js";
import { runCliAsync, tempDir } from "../helpers/cli.js";

const temps: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.remove();
});

function inputs(count: number, broken = false): { dir: string; files: string[] } {
  const t = tempDir("vlc-exit-");
  temps.push(t);
  const files: string[] = [];
  for (let i = 0; i < count; i++) files.push(t.write(`in/corpus${i}.varlink`, syntheticInterface(i)));
  if (broken) files.push(t.write("in/broken.varlink", "interface org.example.broken\nmethod Get( -> ()\n"));
  return { dir: t.dir, files };
}

describe("generate exits promptly", () => {
  it("prints every line through a pipe and exits 0", { timeout: 120_000 }, async () => {
    const { dir, files } = inputs(40);
    const run = await runCliAsync(["generate", "--force", "-o", join(dir, "out"), ...files], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/: \d+ files written$/);
    expect(lines.filter((l) => /org\.example\.corpus\d+\.ts$/.test(l))).toHaveLength(40);
    expect(lines.at(-1)).toMatch(/runtime\/ \(\d+ files, the bundled runtime\)$/);
  });

  it("keeps a failed run's exit code and its diagnostics", { timeout: 120_000 }, async () => {
    const { dir, files } = inputs(3, true);
    const run = await runCliAsync(["generate", "--force", "-o", join(dir, "out"), ...files], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/broken\.varlink:2:\d+/);
  });
});
