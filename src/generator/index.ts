/**
 * `generate()`: interfaces in, files out. Pure in the sense the CLI relies on: it reads only the
 * generator's own assets, writes nothing, and returns the same bytes for the same input (source
 * order, no timestamps, no absolute paths). The CLI (or `--check`) decides what to do with them.
 */
import type { Result } from "../diagnostics/diagnostic.js";
import type { Interface } from "../model/model.js";
import { loadAssets } from "./assets.js";
import { duplicateInterfaces } from "./duplicates.js";
import { emitModule } from "./emit-module.js";
import { resolveOptions, type GenerateOptions } from "./options.js";
import { formatSources, printModule } from "./print.js";
import { runtimeFiles } from "./runtime-files.js";

export { duplicateInterfaces, type InterfaceIdentity } from "./duplicates.js";
export type { Formatter, GenerateOptions, ImportExtension, IntMode } from "./options.js";

/** One output file: a path relative to the output directory (always `/`-separated) and its text. */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

/** Input of `generate()`. */
export interface GenerateInput {
  /** Checked interfaces (from `loadInterface`), in the order their modules should be listed. */
  readonly interfaces: readonly Interface[];
  readonly options?: GenerateOptions;
}

/**
 * Generates one module per interface (types, validators, errors, client, service) plus, with the
 * default `runtime: "bundled"`, the runtime sources under `runtime/`. Two interfaces with the same
 * name would write the same file: that is diagnostic VL301 and nothing is generated.
 */
export async function generate(input: GenerateInput): Promise<Result<GeneratedFile[]>> {
  const diagnostics = duplicateInterfaces(input.interfaces);
  if (diagnostics.length > 0) return { value: [], diagnostics };
  const options = input.options ?? {};
  const [modules, runtime] = await Promise.all([
    generateModules(input.interfaces, options),
    generateRuntime(options),
  ]);
  return { value: [...modules, ...runtime], diagnostics: [] };
}

/**
 * The modules half of {@link generate}, one file per interface in input order, without the
 * VL301 check: for callers that split the interfaces (the CLI's threads) and check the whole set
 * with {@link duplicateInterfaces} themselves. Each module depends only on its own interface.
 */
export async function generateModules(
  interfaces: readonly Interface[],
  options: GenerateOptions,
): Promise<GeneratedFile[]> {
  const assets = await loadAssets();
  const resolved = resolveOptions(options, assets.version);
  // One module at a time, emitted and printed before the next is emitted: its structures become
  // garbage while still young, instead of all of them surviving (and being copied by) every
  // scavenge until the last module is printed (a third of the GC time on a 200-file corpus).
  const printed = interfaces.map((iface) => {
    const module = emitModule(iface, resolved, assets.banner);
    return { path: module.path, text: printModule(module) };
  });
  if (resolved.format !== "prettier") return printed;
  const texts = await formatSources(
    printed.map((m) => m.text),
    resolved.prettier,
  );
  return printed.map((m, i) => ({ path: m.path, text: texts[i]! }));
}

/** The runtime half of {@link generate}: the bundled runtime's files, none for a `runtime` specifier. */
export async function generateRuntime(options: GenerateOptions): Promise<GeneratedFile[]> {
  const assets = await loadAssets();
  const resolved = resolveOptions(options, assets.version);
  return resolved.runtime === "bundled" ? runtimeFiles(assets.runtime, resolved.importExtension) : [];
}
