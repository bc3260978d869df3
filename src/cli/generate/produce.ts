/**
 * The heavy half of `generate`: load the interfaces with the front end (chevrotain) and run the
 * generator (ts-morph, prettier). Only ever loaded with a dynamic `import()`, after the manifest
 * said there is work to do, so a no-op run never pays for these modules.
 */
import { join } from "node:path";
import type { Diagnostic, Result } from "../../diagnostics/diagnostic.js";
import type { SourceFile } from "../../diagnostics/source-file.js";
import { generate, type GeneratedFile } from "../../generator/index.js";
import { loadInterface } from "../../model/index.js";
import type { Interface } from "../../model/model.js";
import type { Target } from "./targets.js";

/** Loads every file; the interfaces that loaded and all diagnostics. */
export function loadAll(files: readonly SourceFile[]): {
  interfaces: Interface[];
  diagnostics: Diagnostic[];
} {
  const interfaces: Interface[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const loaded = loadInterface(file);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.value !== undefined) interfaces.push(loaded.value);
  }
  return { interfaces, diagnostics };
}

/** Generates one target's files in memory, with the user's prettier config for its output folder. */
export async function produce(
  interfaces: readonly Interface[],
  target: Target,
): Promise<Result<GeneratedFile[]>> {
  const { options } = target;
  const prettier = options.format
    ? (((await (await import("prettier")).resolveConfig(join(target.outDir, "index.ts"))) ?? {}) as Record<
        string,
        unknown
      >)
    : {};
  return generate({ interfaces, options: { ...options, prettier } });
}
