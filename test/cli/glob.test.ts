import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandGlob, globToRegExp, isGlob } from "../../src/cli/glob.js";
import { collectInputFiles } from "../../src/cli/input-files.js";

/** [pattern, { matches, rejects }] */
const patterns: Array<[string, { matches: string[]; rejects: string[] }]> = [
  ["*.varlink", { matches: ["a.varlink", ".varlink"], rejects: ["d/a.varlink", "a.varlinkx"] }],
  ["**/*.varlink", { matches: ["a.varlink", "d/a.varlink", "d/e/a.varlink"], rejects: ["a.txt"] }],
  ["d/**", { matches: ["d/a", "d/e/f"], rejects: ["e/a"] }],
  ["io.?.varlink", { matches: ["io.x.varlink"], rejects: ["io.xy.varlink", "io/x.varlink"] }],
  ["[ab]*.varlink", { matches: ["a1.varlink", "b.varlink"], rejects: ["c.varlink"] }],
  ["[!ab]*", { matches: ["c"], rejects: ["a"] }],
  ["{io,org}.*.varlink", { matches: ["io.a.varlink", "org.b.varlink"], rejects: ["com.c.varlink"] }],
  ["a+b(c).varlink", { matches: ["a+b(c).varlink"], rejects: ["aab(c).varlink"] }],
];

describe("globToRegExp", () => {
  it.each(patterns)("%s", (pattern, { matches, rejects }) => {
    const regexp = globToRegExp(pattern);
    for (const path of matches) expect(regexp.test(path), path).toBe(true);
    for (const path of rejects) expect(regexp.test(path), path).toBe(false);
  });

  it("detects glob syntax", () => {
    expect(["a/*.x", "a?", "[a]", "{a}"].every(isGlob)).toBe(true);
    expect(isGlob("fixtures/valid/org.example.more")).toBe(false);
  });
});

describe("input files", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "varlink-glob-"));
    for (const path of [
      "a.varlink",
      "b.txt",
      "sub/c.varlink",
      "sub/deep/d.varlink",
      "node_modules/x.varlink",
      ".hidden/y.varlink",
    ]) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), "");
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("expands ** relative to the working directory, sorted", () => {
    expect(expandGlob("**/*.varlink", dir)).toEqual(["a.varlink", "sub/c.varlink", "sub/deep/d.varlink"]);
    expect(expandGlob("sub/*.varlink", dir)).toEqual(["sub/c.varlink"]);
  });

  it("searches directories for .varlink files and keeps argument order without duplicates", () => {
    const { files, problems } = collectInputFiles(["sub", "a.varlink", "sub/c.varlink"], dir);
    expect(problems).toEqual([]);
    expect(files).toEqual(["sub/c.varlink", "sub/deep/d.varlink", "a.varlink"]);
  });

  it("reports every argument that names nothing", () => {
    mkdirSync(join(dir, "empty"), { recursive: true });
    expect(collectInputFiles(["missing", "empty", "*.nothing"], dir).problems).toEqual([
      "no such file or directory: 'missing'",
      "no .varlink files in directory 'empty'",
      "no files match '*.nothing'",
    ]);
  });
});
