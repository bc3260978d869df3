/**
 * The runtime workloads measured against every baseline: sequential ping-pong, pipelined calls
 * (depth 16), one `more` stream, 1 KiB and 1 MiB echo round trips.
 */
import type { BenchContext } from "../lib/context.js";
import { size } from "../lib/context.js";
import type { Workload } from "../peers/node-client.js";

/** A workload with its row label and unit. */
export interface LabelledWorkload extends Workload {
  readonly label: string;
  readonly unit: string;
  /** Target ratio against raw node:net from issue 7, if any. */
  readonly rawTarget?: number;
}

/** The workloads of this run (smaller with `--quick`). */
export function runtimeWorkloads(context: BenchContext): LabelledWorkload[] {
  return [
    {
      label: "sequential ping",
      unit: "calls/s",
      scenario: "ping",
      count: size(context, 5000, 1000),
      depth: 1,
      payload: "",
      rawTarget: 0.85,
    },
    {
      label: "pipelined ping (depth 16)",
      unit: "calls/s",
      scenario: "pipeline",
      count: size(context, 40_000, 8000),
      depth: 16,
      payload: "",
      rawTarget: 0.8,
    },
    {
      label: "more stream",
      unit: "replies/s",
      scenario: "stream",
      count: size(context, 100_000, 20_000),
      depth: 1,
      payload: "",
    },
    {
      label: "echo 1 KiB",
      unit: "calls/s",
      scenario: "echo",
      count: size(context, 3000, 600),
      depth: 1,
      payload: "x".repeat(1024),
    },
    {
      label: "echo 1 MiB",
      unit: "calls/s",
      scenario: "echo",
      count: size(context, 20, 4),
      depth: 1,
      payload: "x".repeat(1 << 20),
    },
  ];
}
