/**
 * The heavy half of `generate`: load the interfaces with the front end (chevrotain) and run the
 * generator for every target, on `jobs` threads. Only ever loaded with a dynamic `import()`,
 * after the manifest said there is work to do, so a no-op run never pays for it.
 *
 * With more than one job the workers start first (each loads the front end and the generator
 * itself, in parallel with the main thread doing the same); then every thread takes the next
 * unclaimed batch of inputs from one shared counter (claim.ts) until none is left, so a worker
 * that is ready late takes fewer, and the results are put back in input order. Every module depends only on its
 * own interface, so the output is byte for byte what one thread produces
 * (test/cli/generate-jobs.test.ts); the only check across interfaces, duplicate names (VL301),
 * runs here on what the threads report.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { hasErrors, type Diagnostic, type Result } from "../../diagnostics/diagnostic.js";
import type { SourceFile } from "../../diagnostics/source-file.js";
import type { GeneratedFile } from "../../generator/index.js";
import { duplicateInterfaces } from "../../generator/duplicates.js";
import { claimer, newClaimCounter } from "./claim.js";
import type { ProducedInput, SourceText } from "./produce-share.js";
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
  const texts: SourceText[] = sources.map((f) => ({ name: f.name, text: f.text }));
  const next = newClaimCounter();
  // Workers first, so that they boot while this thread loads the generator and works.
  const workers = Array.from({ length: Math.max(0, Math.min(jobs, texts.length) - 1) }, () =>
    inWorker({ sources: texts, targets, next }),
  );
  const { produceShare } = await import("./produce-share.js");
  const mine = await produceShare(texts, targets, claimer(next, texts.length));
  const produced = [...mine, ...(await Promise.all(workers)).flat()].sort((a, b) => a.index - b.index);

  const loadDiagnostics = produced.flatMap((p) =>
    p.diagnostics.map((d) => ({ ...d, file: sources[d.file]! })),
  );
  if (hasErrors(loadDiagnostics)) return { loadDiagnostics, results: [] };
  const duplicates = duplicateInterfaces(
    produced.flatMap((p) =>
      p.interface === undefined ? [] : [{ ...p.interface, source: sources[p.index]! }],
    ),
  );
  if (duplicates.length > 0)
    return { loadDiagnostics, results: targets.map(() => ({ value: [], diagnostics: duplicates })) };
  const { generateRuntime } = await import("../../generator/index.js");
  const results: Result<GeneratedFile[]>[] = [];
  for (const [t, target] of targets.entries()) {
    const modules = produced.map((p) => p.modules[t]!);
    results.push({ value: [...modules, ...(await generateRuntime(target.options))], diagnostics: [] });
  }
  return { loadDiagnostics, results };
}

/** What a worker is started with (its `workerData`). */
export interface WorkerInput {
  readonly sources: readonly SourceText[];
  readonly targets: readonly Target[];
  /** The shared next-input counter. */
  readonly next: Int32Array;
}

/** Runs a share of the inputs on a new worker thread. */
function inWorker(input: WorkerInput): Promise<ProducedInput[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./produce-worker.js", import.meta.url), { workerData: input });
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) =>
      reject(new Error(`a generate worker exited (code ${code}) without a result`)),
    );
  });
}
