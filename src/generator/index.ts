/**
 * `generate()`: interfaces in, files out. Pure in the sense the CLI relies on: it reads only the
 * generator's own assets, writes nothing, and returns the same bytes for the same input (source
 * order, no timestamps, no absolute paths). The CLI (or `--check`) decides what to do with them.
 */
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";
import type { Interface } from "../model/model.js";
import { moduleFileName } from "../model/names.js";
import { loadAssets } from "./assets.js";
import { emitModule } from "./emit-module.js";
import { resolveOptions, type GenerateOptions } from "./options.js";
import { formatSources, printModules } from "./print.js";
import { runtimeFiles } from "./runtime-files.js";

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
  const assets = await loadAssets();
  const options = resolveOptions(input.options ?? {}, assets.version);
  const modules = input.interfaces.map((iface) => emitModule(iface, options, assets.banner));
  const printed = printModules(modules);
  const texts = options.format === "prettier" ? await formatSources(printed, options.prettier) : printed;
  const files: GeneratedFile[] = modules.map((m, i) => ({ path: m.path, text: texts[i]! }));
  if (options.runtime === "bundled") files.push(...runtimeFiles(assets.runtime, options.importExtension));
  return { value: files, diagnostics: [] };
}

function duplicateInterfaces(interfaces: readonly Interface[]): Diagnostic[] {
  const seen = new Map<string, Interface>();
  const diagnostics: Diagnostic[] = [];
  for (const iface of interfaces) {
    const first = seen.get(iface.name);
    if (first === undefined) {
      seen.set(iface.name, iface);
      continue;
    }
    diagnostics.push({
      code: "VL301",
      severity: "error",
      message: `interface '${iface.name}' is also defined in ${first.source.name}; both would generate ${moduleFileName(iface.name)}`,
      file: iface.source,
      start: iface.nameSpan.start,
      end: iface.nameSpan.end,
    });
  }
  return diagnostics;
}
