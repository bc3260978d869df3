/**
 * What the CLI loads for commands that need little: `--version` and `--help` load no heavy
 * package (and `--version` not even commander), `breaking` only the parser (no generator, no
 * prettier, no runtime), a default `generate` neither ts-morph nor prettier.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runCli, tempDir } from "../helpers/cli.js";
import { heavyLoaded, moduleTrace } from "../helpers/module-trace.js";
import { spawningTestTimeout } from "../helpers/time-limits.js";

const idl = `${repoRoot}fixtures/valid/org.varlink.certification/input.varlink`;
const temp = tempDir();
afterAll(() => temp.remove());

/** The repo's own modules a run loaded, as paths under dist/ or packages/. */
function ours(urls: readonly string[]): string[] {
  return urls.filter((u) => u.includes("/dist/") && !u.includes("/node_modules/"));
}

describe("lazy loading", () => {
  it.each<[string, string[], string[], RegExp | undefined]>([
    ["--version", ["--version"], [], /\/node_modules\/commander\//],
    ["--help", ["--help"], [], undefined],
    ["breaking X X", ["breaking", idl, idl], ["chevrotain"], /\/packages\/runtime\/|\/dist\/generator\//],
    ["generate (default formatter)", ["generate", idl, "-o", "out", "--force"], ["chevrotain"], undefined],
  ])(
    "%s loads only what it needs",
    (_name, args, heavy, absent) => {
      const trace = moduleTrace();
      const r = runCli(args, temp.dir, trace.env, trace.nodeArgs);
      expect(r.code).toBe(0);
      expect(heavyLoaded(trace.urls())).toEqual(heavy);
      if (absent !== undefined) expect(trace.urls().filter((u) => absent.test(u))).toEqual([]);
      expect(ours(trace.urls()).length).toBeGreaterThan(0);
    },
    spawningTestTimeout(1),
  );

  it("--version and -V print the package version, as commander does", () => {
    const { version } = JSON.parse(readFileSync(`${repoRoot}package.json`, "utf8")) as { version: string };
    for (const flag of ["--version", "-V"])
      expect(runCli([flag], temp.dir)).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});
