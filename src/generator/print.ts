/**
 * Printing and formatting, the only place that loads ts-morph and prettier (lazily, so `--help`
 * and library users who never generate do not pay for them). Structures are printed with
 * `printStructure` (no Project, no re-parsing); prettier then runs once per file, all files
 * concurrently, with options the caller resolved once.
 */
import { createRequire } from "node:module";
import type * as TsMorph from "ts-morph";
import type { ModuleStructure } from "./emit-module.js";

/**
 * Prints module structures to TypeScript text, in order. ts-morph is CommonJS: loading it with
 * `require` skips the ESM named-export scan of its large bundle (a noticeable part of a cold run).
 */
export async function printModules(modules: readonly ModuleStructure[]): Promise<string[]> {
  const { printStructure } = createRequire(import.meta.url)("ts-morph") as typeof TsMorph;
  return modules.map((m) => printStructure(m.structure, { indentNumberOfSpaces: 2 }));
}

/**
 * Formats TypeScript sources with prettier, concurrently. The parser is forced to `babel-ts`:
 * same printer, same output on what we generate (the goldens check it), about twice as fast
 * as the `typescript` parser, which matters for a cold CLI run.
 */
export async function formatSources(
  sources: readonly string[],
  options: Readonly<Record<string, unknown>>,
): Promise<string[]> {
  const prettier = await import("prettier");
  return Promise.all(sources.map((text) => prettier.format(text, { ...options, parser: "babel-ts" })));
}
