/**
 * The runtime's README is what npm shows on the package page and ships in the tarball: a
 * relative link there points nowhere (the repository's files are not beside it), and it must
 * say what a TypeScript user needs besides the package.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";

const readme = readFileSync(join(repoRoot, "packages/runtime/README.md"), "utf8");

describe("packages/runtime/README.md", () => {
  it("links only to absolute URLs", () => {
    const targets = [...readme.matchAll(/\]\(([^)\s]+)/g)].map((match) => match[1]);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((target) => !/^https:\/\//.test(target ?? ""))).toEqual([]);
  });

  it("tells TypeScript users to install @types/node", () => {
    expect(readme).toMatch(/@types\/node/);
  });
});
