/**
 * The entry of a `generate` worker thread (started by `produce.ts`): produce inputs claimed from
 * the shared counter in `workerData` and post what they produced back. Nothing else runs here; a
 * throw ends the worker with an `error` event that the main thread turns into its own rejection.
 */
import { parentPort, workerData } from "node:worker_threads";
import { claimer } from "./claim.js";
import type { WorkerInput } from "./produce.js";
import { produceShare } from "./produce-share.js";

const { sources, targets, next } = workerData as WorkerInput;
parentPort!.postMessage(await produceShare(sources, targets, claimer(next, sources.length)));
