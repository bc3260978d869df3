/**
 * Printing and formatting. Structures are printed by our own printer (printer/), already
 * formatted; prettier, the only dependency loaded here (lazily, so a default run never pays for
 * it), runs only with `format: "prettier"`, once per file, all files concurrently, with options
 * the caller resolved once.
 */
import type { ModuleStructure } from "./emit-module.js";
import { printSourceFile } from "./printer/print-structures.js";

/** Prints a module's structures to formatted TypeScript text. */
export function printModule(module: ModuleStructure): string {
  return printSourceFile(module.structure);
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
