/**
 * The heavy half of `generate`: load the interfaces with the front end (chevrotain) and run the
 * generator for every target, on `jobs` threads. Only ever loaded with a dynamic `import()`,
 * after the manifest said there is work to do, so a no-op run never pays for it.
 *
 * With more than one job the inputs are cut into contiguous chunks of about equal size: the
 * workers start first (each loads the front end and the generator itself, in parallel with the
 * main thread doing the same), the main thread produces the first chunk, and the results are put
 * back together in input order. Every module depends only on its own interface, so the output is
 * byte for byte what one thread produces (test/cli/generate-jobs.test.ts); the only check across
 * interfaces, duplicate names (VL301), runs here on what the chunks report.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { hasErrors, type Diagnostic, type Result } from "../../diagnostics/diagnostic.js";
import type { SourceFile } from "../../diagnostics/source-file.js";
import type { GeneratedFile } from "../../generator/index.js";
import { duplicateInterfaces } from "../../generator/duplicates.js";
import type { ChunkResult, SourceText } from "./produce-chunk.js";
import type { Target } from "./targets.js";

/**
 * Inputs a thread must have to be worth starting: a worker costs ~40 ms to boot and loads the
 * front end and generator again (~100 ms, on its own core); one input costs ~5 ms to generate.
 */
const INPUTS_PER_THREAD = 16;
/** More threads than this load more copies of the generator than they save. */
const MAX_JOBS = 8;

/** The default `--jobs`: one thread per core, but no more than the inputs keep busy. */
export function defaultJobs(inputs: number): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_JOBS, Math.floor(inputs / INPUTS_PER_THREAD)));
}

/** What `generate` got: loading diagnostics, and per target (in order) its files or why not. */
export interface Produced {
  readonly loadDiagnostics: readonly Diagnostic[];
  /** Empty when loading found errors (nothing is generated then). */
  readonly results: readonly Result<GeneratedFile[]>[];
}

/** Loads `sources` and generates every target's files, on up to `jobs` threads. */
export async function produceTargets(
  sources: readonly SourceFile[],
  targets: readonly Target[],
  jobs: number,
): Promise<Produced> {
  const chunks = splitEvenly(sources, Math.max(1, Math.min(jobs, sources.length)));
  const plain = (files: readonly SourceFile[]): SourceText[] =>
    files.map((f) => ({ name: f.name, text: f.text }));
  // Workers first, so that they boot while this thread loads the generator and works.
  const workers = chunks.slice(1).map((chunk) => inWorker(plain(chunk.files), targets));
  const { produceChunk } = await import("./produce-chunk.js");
  const results = [await produceChunk(plain(chunks[0]!.files), targets), ...(await Promise.all(workers))];

  const loadDiagnostics = results.flatMap((r, k) =>
    r.diagnostics.map((d) => ({ ...d, file: sources[chunks[k]!.offset + d.file]! })),
  );
  if (hasErrors(loadDiagnostics)) return { loadDiagnostics, results: [] };
  const duplicates = duplicateInterfaces(
    results.flatMap((r, k) =>
      r.interfaces.map((i) => ({
        name: i.name,
        source: sources[chunks[k]!.offset + i.file]!,
        nameSpan: i.nameSpan,
      })),
    ),
  );
  if (duplicates.length > 0)
    return { loadDiagnostics, results: targets.map(() => ({ value: [], diagnostics: duplicates })) };
  const { generateRuntime } = await import("../../generator/index.js");
  const produced: Result<GeneratedFile[]>[] = [];
  for (const [t, target] of targets.entries()) {
    const modules = results.flatMap((r) => r.modules[t]!);
    produced.push({ value: [...modules, ...(await generateRuntime(target.options))], diagnostics: [] });
  }
  return { loadDiagnostics, results: produced };
}

/** `files` cut into `count` contiguous chunks of about equal total text length. */
function splitEvenly(
  files: readonly SourceFile[],
  count: number,
): { offset: number; files: readonly SourceFile[] }[] {
  const total = files.reduce((sum, f) => sum + f.text.length, 0);
  const chunks: { offset: number; files: readonly SourceFile[] }[] = [];
  let start = 0;
  let done = 0;
  for (let k = 1; k <= count; k++) {
    let end = start;
    // Each chunk gets at least one file and leaves at least one for every chunk after it.
    while (end < files.length - (count - k) && (end === start || done < (total * k) / count))
      done += files[end++]!.text.length;
    if (k === count) end = files.length;
    chunks.push({ offset: start, files: files.slice(start, end) });
    start = end;
  }
  return chunks;
}

/** Produces one chunk on a new worker thread. */
function inWorker(sources: readonly SourceText[], targets: readonly Target[]): Promise<ChunkResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./produce-worker.js", import.meta.url), {
      workerData: { sources, targets },
    });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) =>
      reject(new Error(`a generate worker exited (code ${code}) without a result`)),
    );
  });
}
