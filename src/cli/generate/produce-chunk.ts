/**
 * One thread's share of `generate`: load (lex, parse, check) some of the inputs and generate
 * their modules for every target. Runs on the main thread and in each worker
 * (`produce-worker.ts`), so what it returns is plain data that crosses a `postMessage`:
 * diagnostics and interfaces point at their source by index into the chunk, not by object.
 * Loads the front end (chevrotain) and the generator: import it lazily.
 */
import { hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { SourceFile } from "../../diagnostics/source-file.js";
import type { Span } from "../../model/model.js";
import { generateModules, type GeneratedFile, type GenerateOptions } from "../../generator/index.js";
import { loadSources } from "../load-sources.js";
import { prettierConfigFor } from "./prettier-config.js";
import type { Target } from "./targets.js";

/** An input as read from disk: its shown name and its text. */
export interface SourceText {
  readonly name: string;
  readonly text: string;
}

/** A diagnostic whose `file` is the index of its source in the chunk. */
export type PortableDiagnostic = Omit<Diagnostic, "file"> & { readonly file: number };

/** What the duplicate-name check (VL301) needs of a loaded interface, source by index. */
export interface PortableInterface {
  readonly name: string;
  readonly file: number;
  readonly nameSpan: Span;
}

/** The result of one chunk. */
export interface ChunkResult {
  /** Everything loading found, in input order. */
  readonly diagnostics: readonly PortableDiagnostic[];
  /** The interfaces that loaded, in input order. */
  readonly interfaces: readonly PortableInterface[];
  /** Per target (same order), the modules of those interfaces; empty when loading found errors. */
  readonly modules: readonly (readonly GeneratedFile[])[];
}

/** Loads `sources` and generates their modules for each of `targets`. */
export async function produceChunk(
  sources: readonly SourceText[],
  targets: readonly Target[],
): Promise<ChunkResult> {
  const files = sources.map((s) => new SourceFile(s.name, s.text));
  const indexOf = (file: SourceFile): number => {
    const index = files.indexOf(file);
    if (index < 0)
      throw new Error(`a diagnostic points at ${file.name}, which is not an input of this chunk`);
    return index;
  };
  const loaded = loadSources(files);
  const diagnostics = loaded.diagnostics.map((d) => ({ ...d, file: indexOf(d.file) }));
  const interfaces = loaded.interfaces.map((i) => ({
    name: i.name,
    file: indexOf(i.source),
    nameSpan: i.nameSpan,
  }));
  if (hasErrors(loaded.diagnostics)) return { diagnostics, interfaces, modules: [] };
  const modules: GeneratedFile[][] = [];
  for (const target of targets)
    modules.push(await generateModules(loaded.interfaces, await generatorOptions(target)));
  return { diagnostics, interfaces, modules };
}

/** A target's generator options, with the user's prettier config for its folder under `--format prettier`. */
export async function generatorOptions(target: Target): Promise<GenerateOptions> {
  const { options } = target;
  return options.format === "prettier"
    ? { ...options, prettier: await prettierConfigFor(target.outDir) }
    : options;
}
