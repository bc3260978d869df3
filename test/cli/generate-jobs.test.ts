/**
 * `generate --jobs N`: the inputs are cut into chunks produced on worker threads
 * (src/cli/generate/produce.ts). Whatever the number of threads, a run must write the same
 * bytes, print the same diagnostics in the same order, and find the same duplicate interfaces
 * (VL301, the one check across inputs) as a run on one thread. Spawns the built binary.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { syntheticInterface } from "../../bench/lib/corpus.js";
import { runCli, tempDir } from "../helpers/cli.js";

const temps: ReturnType<typeof tempDir>[] = [];
function folder(): ReturnType<typeof tempDir> {
  const t = tempDir("vlc-jobs-");
  temps.push(t);
  return t;
}
afterEach(() => {
  for (const t of temps.splice(0)) t.remove();
});

/** Every file under `dir` (recursively) with its text, by relative path. */
function tree(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return new Map(
    files
      .map((e) => join(e.parentPath, e.name))
      .sort()
      .map((path) => [path.slice(dir.length + 1), readFileSync(path, "utf8")]),
  );
}

/** A folder of `count` corpus interfaces, plus `extra` files (name → text) placed among them. */
function inputs(count: number, extra: Record<string, string> = {}): string {
  const t = folder();
  for (let i = 0; i < count; i++)
    t.write(`in/corpus${String(i).padStart(3, "0")}.varlink`, syntheticInterface(i));
  for (const [name, text] of Object.entries(extra)) t.write(`in/${name}`, text);
  return join(t.dir, "in");
}

describe("generate --jobs", () => {
  it.each([2, 3, 7])("writes byte for byte what one thread writes, with %i threads", (jobs) => {
    const input = inputs(24);
    const one = join(folder().dir, "out");
    const many = join(folder().dir, "out");
    const a = runCli(["generate", "--jobs", "1", "-o", one, input, "fixtures/valid"], process.cwd());
    const b = runCli(
      ["generate", "--jobs", String(jobs), "-o", many, input, "fixtures/valid"],
      process.cwd(),
    );
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    expect({ code: b.code, stderr: b.stderr }).toEqual({ code: 0, stderr: "" });
    // The CLI shows output folders relative to its cwd (which may be a sibling of the temp folders).
    const shown = (stdout: string, dir: string): string =>
      stdout.replaceAll(relative(process.cwd(), dir), "OUT");
    expect(shown(b.stdout, many)).toBe(shown(a.stdout, one));
    const written = tree(one);
    expect(written.size).toBeGreaterThan(24 + 8);
    expect(tree(many)).toEqual(written);
  });

  it("prints the same diagnostics in input order when inputs in several chunks are wrong", () => {
    const broken = "interface org.example.broken\nmethod Get() -> (x: Missing)\n";
    const input = inputs(12, {
      "corpus002b.varlink": broken,
      "corpus010b.varlink": broken.replace("broken", "broken2").replace("Missing", "Absent"),
    });
    const runs = [1, 4].map((jobs) =>
      runCli(["generate", "--jobs", String(jobs), "-o", join(folder().dir, "o"), input], process.cwd()),
    );
    expect(runs[0]!.code).toBe(1);
    expect(runs[0]!.stderr).toMatch(/corpus002b\.varlink:2:\d+.*\n[^]*corpus010b\.varlink:2:\d+/);
    expect(runs[1]).toEqual(runs[0]);
  });

  it("finds an interface defined twice when the two files are in different chunks (VL301)", () => {
    const input = inputs(12, { "zz-again.varlink": syntheticInterface(0) });
    const runs = [1, 3].map((jobs) =>
      runCli(["generate", "--jobs", String(jobs), "-o", join(folder().dir, "o"), input], process.cwd()),
    );
    expect(runs[0]!.code).toBe(1);
    expect(runs[0]!.stderr).toContain("VL301");
    expect(runs[0]!.stderr).toContain("zz-again.varlink");
    expect(runs[1]).toEqual(runs[0]);
  });

  it.each(["0", "-1", "two", "1.5"])("refuses --jobs %s as a usage error", (value) => {
    const r = runCli(
      ["generate", `--jobs=${value}`, "-o", join(folder().dir, "o"), "fixtures/valid"],
      process.cwd(),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--jobs");
  });
});
