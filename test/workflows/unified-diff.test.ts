import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffLines, unifiedDiff } from "../../src/cli/generate/unified-diff.js";

/** Applies a unified diff's edits (ignoring hunk headers) to check it reproduces the new text. */
function apply(a: readonly string[], b: readonly string[]): { old: string[]; new: string[] } {
  const edits = diffLines(a, b);
  return {
    old: edits.filter((e) => e.op !== "+").map((e) => e.line),
    new: edits.filter((e) => e.op !== "-").map((e) => e.line),
  };
}

describe("diffLines", () => {
  it("keeps every old line and produces every new line, for any inputs", () => {
    const line = fc.constantFrom("a", "b", "c", "d");
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.array(line, { maxLength: 12 }), (a, b) => {
        expect(apply(a, b)).toEqual({ old: a, new: b });
      }),
    );
  });

  it("finds a shortest edit script", () => {
    const edits = diffLines(["a", "b", "c", "a", "b", "b", "a"], ["c", "b", "a", "b", "a", "c"]);
    expect(edits.filter((e) => e.op !== " ")).toHaveLength(5); // Myers' paper example: D = 5
  });
});

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => expect(unifiedDiff("a", "b", "x\n", "x\n")).toBe(""));

  it("prints hunks with context and merges nearby changes", () => {
    const old = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const next = old
      .replace("line 2\n", "line two\n")
      .replace("line 5\n", "")
      .replace("line 18\n", "line 18\nextra\n");
    expect(unifiedDiff("a/f", "b/f", old, next)).toBe(
      [
        "--- a/f",
        "+++ b/f",
        "@@ -1,8 +1,7 @@",
        " line 1",
        "-line 2",
        "+line two",
        " line 3",
        " line 4",
        "-line 5",
        " line 6",
        " line 7",
        " line 8",
        "@@ -16,5 +15,6 @@",
        " line 16",
        " line 17",
        " line 18",
        "+extra",
        " line 19",
        " line 20",
        "",
      ].join("\n"),
    );
  });

  it("agrees with GNU diff -u on the hunks, for a missing file and a missing final newline", () => {
    const dir = mkdtempSync(join(tmpdir(), "vlc-diff-"));
    try {
      for (const [a, b] of [
        ["", "new\nfile\n"],
        ["x\ny", "x\ny\n"],
        ["1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n"],
      ] as const) {
        writeFileSync(join(dir, "a"), a);
        writeFileSync(join(dir, "b"), b);
        const gnu = spawnSync("diff", ["-u", "a", "b"], { cwd: dir, encoding: "utf8" }).stdout;
        const body = (s: string): string => s.split("\n").slice(2).join("\n");
        expect(body(unifiedDiff("a", "b", a, b))).toBe(body(gnu));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
