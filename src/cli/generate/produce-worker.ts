/**
 * The entry of a `generate` worker thread (started by `produce.ts`): produce the chunk in
 * `workerData` and post the result back. Nothing else runs here; a throw ends the worker with an
 * `error` event that the main thread turns into its own rejection.
 */
import { parentPort, workerData } from "node:worker_threads";
import { produceChunk, type SourceText } from "./produce-chunk.js";
import type { Target } from "./targets.js";

const { sources, targets } = workerData as { sources: SourceText[]; targets: Target[] };
parentPort!.postMessage(await produceChunk(sources, targets));
