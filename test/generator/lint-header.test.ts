/**
 * Generated modules and the bundled runtime copy carry a header lint tools honour: a user's
 * eslint over `src/` (typescript-eslint's recommended rules plus rules that fire on almost any
 * file) reports nothing in a generated output dir, runtime/ included.
 */
import { readFile, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { ESLint, type Linter } from "eslint";
import tseslint from "typescript-eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeGenerated } from "../helpers/generated-project.js";

let dir: string;
beforeAll(async () => {
  dir = await writeGenerated("lint-", ["io.example.user", "org.example.all-types"]);
}, 120_000);
afterAll(async () => dir && rm(dir, { recursive: true, force: true }));

/** A user's config: recommended rules, and some that nearly every file breaks. */
const userConfig = tseslint.config(...tseslint.configs.recommended, {
  rules: {
    "max-lines": ["error", 20],
    "no-console": "error",
    "capitalized-comments": "error",
    "@typescript-eslint/no-unused-vars": "error",
  },
});

describe("lint header", () => {
  it("eslint reports nothing in generated modules or the bundled runtime", async () => {
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: userConfig as Linter.Config[],
    });
    const results = await eslint.lintFiles(["**/*.ts"]);
    expect(results.some((r) => r.filePath.includes(`${join("runtime", "server")}`))).toBe(true);
    const problems = results.flatMap((r) =>
      r.messages.map((m) => `${r.filePath.slice(dir.length + 1)}: ${m.ruleId ?? ""} ${m.message}`),
    );
    expect(problems).toEqual([]);
  }, 120_000);

  it("every bundled runtime file starts with the header, biome's lines before any code", async () => {
    const names = (await readdir(join(dir, "runtime"), { recursive: true })).filter((n) => n.endsWith(".ts"));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const text = await readFile(join(dir, "runtime", name), "utf8");
      expect(text.split("\n").slice(1, 4), name).toEqual([
        "/* eslint-disable */",
        "// biome-ignore-all lint: generated code (regenerate instead of fixing)",
        "// biome-ignore-all assist: generated code (regenerate instead of fixing)",
      ]);
    }
  });
});
