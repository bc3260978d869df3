/**
 * What every scenario receives: the run size, the Go peers (or why they are missing), a socket
 * folder, and a progress logger (stderr, so stdout stays a clean table or JSON document).
 */
import type { GoBuild } from "../go/go-peers.js";
import type { Repetitions } from "./stats.js";
import type { SocketDir } from "./child.js";
import type { Row } from "./report.js";

/** Shared state of one `npm run bench` run. */
export interface BenchContext {
  /** `--quick`: fewer operations and repetitions. */
  readonly quick: boolean;
  /** Warm-up and sample counts for this run. */
  readonly repetitions: Repetitions;
  readonly go: GoBuild;
  readonly sockets: SocketDir;
  /** Absolute path of the repository root (cwd for child processes). */
  readonly root: string;
  /** Extra node flags for our server child processes (`--cpu-prof DIR` adds profiling). */
  readonly serverNodeArgs: readonly string[];
  log(message: string): void;
}

/** A scenario group: returns rows, or n/a rows; never throws for a missing dependency. */
export type Scenario = (context: BenchContext) => Promise<Row[]>;

/** `full` in a full run, `quick` with `--quick`. */
export function size(context: BenchContext, full: number, quick: number): number {
  return context.quick ? quick : full;
}

/** Message of anything thrown, for an "n/a (reason)" cell (first line only). */
export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? text).slice(0, 160);
}
