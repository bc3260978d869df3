/**
 * Starting the benchmark servers (ours in a child Node process, varlink/go's) and running the Go
 * benchmark client, so every client/server pairing runs as two processes.
 */
import { join } from "node:path";
import type { GoPeers } from "../go/go-peers.js";
import { median } from "./stats.js";
import { runJson, startPeer, type Peer } from "./child.js";
import { bundleScript } from "./bundle.js";
import type { Workload } from "../peers/node-client.js";

/**
 * Starts our org.varlink.bench server (packages/runtime/src, bundled to plain JS once per run) in a child
 * process. `nodeArgs` go to node itself (e.g. `--cpu-prof`).
 */
export async function startNodeServer(
  root: string,
  address: string,
  options: { maxConnections?: number; nodeArgs?: readonly string[] } = {},
): Promise<Peer> {
  const script = await bundleScript("peers/node-server.ts", "node-server");
  const args = [
    ...(options.nodeArgs ?? []),
    script,
    "--varlink",
    address,
    "--max-connections",
    String(options.maxConnections ?? 10_000),
    "--idl",
    join(root, "bench", "org.varlink.bench.varlink"),
  ];
  return startPeer(process.execPath, args, { cwd: root });
}

/** Starts varlink/go's org.varlink.bench server. */
export function startGoServer(peers: GoPeers, address: string): Promise<Peer> {
  return startPeer(peers.server, ["--varlink", address]);
}

interface GoClientResult {
  readonly samples: ReadonlyArray<{ readonly ops: number; readonly seconds: number }>;
}

/** Runs the Go benchmark client against `address`; returns the median rate in operations/s. */
export async function goClientRate(
  peers: GoPeers,
  address: string,
  workload: Workload,
  options: { reps: number; warmup: number },
): Promise<number> {
  const result = await runJson<GoClientResult>(peers.client, [
    "--varlink",
    address,
    "--scenario",
    workload.scenario,
    "--count",
    String(workload.count),
    "--depth",
    String(workload.depth),
    "--size",
    String(workload.payload.length),
    "--reps",
    String(options.reps),
    "--warmup",
    String(options.warmup),
  ]);
  return median(result.samples.map((sample) => sample.ops / sample.seconds));
}
