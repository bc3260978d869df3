/**
 * One thread's share of `generate`: take the next unclaimed batch of inputs (`claim`), load them
 * (lex, parse, check) and generate their modules for every target, until none is left. Runs on the main
 * thread and in each worker (`produce-worker.ts`); the threads claim inputs from one shared
 * counter, so a thread that starts late (a worker boots and loads the generator first, a few
 * hundred ms on a busy machine) simply takes fewer. What it returns is plain data that crosses a
 * `postMessage`: diagnostics and interfaces point at their input by index, not by object.
 * Loads the front end (chevrotain) and the generator: import it lazily.
 */
import { hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { SourceFile } from "../../diagnostics/source-file.js";
import type { Span } from "../../model/model.js";
import { generateModules, type GeneratedFile, type GenerateOptions } from "../../generator/index.js";
import { loadInterface } from "../../model/index.js";
import { prettierConfigFor } from "./prettier-config.js";
import type { Claim } from "./claim.js";
import type { Target } from "./targets.js";

/** An input as read from disk: its shown name and its text. */
export interface SourceText {
  readonly name: string;
  readonly text: string;
}

/** A diagnostic whose `file` is the index of its input. */
export type PortableDiagnostic = Omit<Diagnostic, "file"> & { readonly file: number };

/** What one input produced. */
export interface ProducedInput {
  /** The input's index. */
  readonly index: number;
  /** Everything loading it found. */
  readonly diagnostics: readonly PortableDiagnostic[];
  /** What the duplicate-name check (VL301) needs, when it loaded. */
  readonly interface?: { readonly name: string; readonly nameSpan: Span };
  /** Per target (same order), its module; empty when it did not load or has errors. */
  readonly modules: readonly GeneratedFile[];
}

/** Produces inputs of `sources` for each of `targets` while `claim` hands out batches. */
export async function produceShare(
  sources: readonly SourceText[],
  targets: readonly Target[],
  claim: () => Claim | undefined,
): Promise<ProducedInput[]> {
  const options = await Promise.all(targets.map(generatorOptions));
  const produced: ProducedInput[] = [];
  for (let batch = claim(); batch !== undefined; batch = claim()) {
    const loaded = [];
    for (let index = batch.start; index < batch.end; index++) loaded.push(loadOne(sources[index]!, index));
    const ok = loaded.filter((l) => l.iface !== undefined && !hasErrors(l.diagnostics));
    const modules = await Promise.all(
      options.map((o) =>
        generateModules(
          ok.map((l) => l.iface!),
          o,
        ),
      ),
    );
    for (const l of loaded) {
      const at = ok.indexOf(l);
      produced.push({
        index: l.index,
        diagnostics: l.diagnostics,
        ...(l.iface && { interface: { name: l.iface.name, nameSpan: l.iface.nameSpan } }),
        modules: at < 0 ? [] : modules.map((m) => m[at]!),
      });
    }
  }
  return produced;
}

/** Loads one input; its diagnostics point at it by `index`. */
function loadOne(source: SourceText, index: number) {
  const file = new SourceFile(source.name, source.text);
  const loaded = loadInterface(file);
  const diagnostics = loaded.diagnostics.map((d): PortableDiagnostic => {
    if (d.file !== file) throw new Error(`a diagnostic of ${file.name} points at ${d.file.name}`);
    return { ...d, file: index };
  });
  return { index, iface: loaded.value, diagnostics };
}

/** A target's generator options, with the user's prettier config for its folder under `--format prettier`. */
async function generatorOptions(target: Target): Promise<GenerateOptions> {
  const { options } = target;
  return options.format === "prettier"
    ? { ...options, prettier: await prettierConfigFor(target.outDir) }
    : options;
}
