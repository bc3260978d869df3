/**
 * `--help` must not load the heavy dependencies: follow the static imports from the CLI entry
 * point (dynamic `import()` is not followed) and check that none reaches them. Chevrotain is
 * loaded by `src/parser/chevrotain.ts` (from its bundle, with a top-level `import()`), so
 * reaching that module counts as reaching chevrotain.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const src = new URL("../../src/", import.meta.url).pathname;
const heavy = ["chevrotain", "ts-morph", "prettier"];
const chevrotainLoader = join(src, "parser/chevrotain.ts");

/** Static import specifiers of a module (`import ... from "x"`, `export ... from "x"`, `import "x"`). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(
    /^\s*(?:import|export)\s+(?!type\b)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm,
  )) {
    found.push(match[1]!);
  }
  return found;
}

function reachable(entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith(".")) visit(join(dirname(file), spec).replace(/\.js$/, ".ts"));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { modules, packages };
}

describe("CLI start-up imports", () => {
  it("main.ts (the entry, answering `--version`) statically loads only its own small modules", () => {
    const { modules, packages } = reachable(join(src, "cli/main.ts"));
    // The no-op check (planning, fingerprints, config) is imported only for a `generate` line.
    expect([...modules].map((m) => m.slice(src.length)).sort()).toEqual([
      "cli/exit-code.ts",
      "cli/main.ts",
      "cli/output.ts",
      "cli/version.ts",
    ]);
    expect([...packages].filter((p) => !p.startsWith("node:"))).toEqual([]);
  });

  it("the no-op fast path reaches neither commander, the program nor a heavy package", () => {
    const { modules, packages } = reachable(join(src, "cli/generate/fast-noop.ts"));
    expect(modules.has(join(src, "cli/program.ts"))).toBe(false);
    expect([...packages].filter((p) => !p.startsWith("node:"))).toEqual([]);
    expect(modules.has(chevrotainLoader)).toBe(false);
  });

  it("program.ts loads the command modules lazily: `breaking` does not load the other commands", () => {
    const { modules } = reachable(join(src, "cli/program.ts"));
    expect(modules.has(join(src, "cli/commands/index.ts"))).toBe(false);
    expect(modules.has(join(src, "cli/commands/validate.ts"))).toBe(false);
  });

  it("the command registry reaches commander but not chevrotain, ts-morph or prettier", () => {
    const { modules, packages } = reachable(join(src, "cli/commands/index.ts"));
    expect(modules.has(join(src, "cli/commands/validate.ts"))).toBe(true);
    expect(packages.has("commander")).toBe(true);
    for (const name of heavy)
      expect([...packages].filter((p) => p === name || p.startsWith(`${name}/`))).toEqual([]);
    expect(modules.has(chevrotainLoader)).toBe(false);
  });

  it("the front end itself does import chevrotain (the check can fail)", () => {
    expect(reachable(join(src, "model/index.ts")).modules.has(chevrotainLoader)).toBe(true);
  });
});
