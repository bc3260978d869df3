/**
 * Runtime against the Go reference (varlink/go), every pairing in two processes:
 * our client -> our server and the Go client -> our server, our client -> the Go server, each
 * against the Go client -> Go server baseline of the same workload.
 */
import type { BenchContext } from "../lib/context.js";
import { reasonOf } from "../lib/context.js";
import type { Peer } from "../lib/child.js";
import { goClientRate, startGoServer, startNodeServer } from "../lib/peers.js";
import { unavailable, type Row } from "../lib/report.js";
import { medianRate } from "../lib/stats.js";
import { runtimeWorkloads, type LabelledWorkload } from "./workloads.js";

const GROUP = "runtime vs Go";
const PAIRINGS = [
  { against: "our client+server / Go client+server", client: "node", server: "node", target: undefined },
  { against: "Go client -> our server / -> Go server", client: "go", server: "node", target: 1 },
  {
    against: "our client -> Go server / Go client -> Go server",
    client: "node",
    server: "go",
    target: undefined,
  },
] as const;

async function nodeClientRate(
  address: string,
  workload: LabelledWorkload,
  context: BenchContext,
): Promise<number> {
  const { VarlinkClient } = await import("../../packages/runtime/src/index.js");
  const { drive } = await import("../peers/node-client.js");
  const client = await VarlinkClient.connect(address);
  try {
    const warmup: LabelledWorkload = { ...workload, count: Math.max(1, Math.ceil(workload.count / 5)) };
    await drive(client, warmup);
    return await medianRate(() => drive(client, workload), workload.count, {
      warmup: 0,
      reps: context.repetitions.reps,
    });
  } finally {
    await client.close();
  }
}

/** Runs the Go comparison rows. */
export async function runtimeVsGo(context: BenchContext): Promise<Row[]> {
  const workloads = runtimeWorkloads(context);
  const na = (reason: string): Row[] =>
    workloads.flatMap((w) => PAIRINGS.map((p) => unavailable(GROUP, w.label, p.against, reason, w.unit)));
  if (!context.go.ok) return na(context.go.reason);
  const peers = context.go.peers;
  const goAddress = context.sockets.address("go.sock");
  const nodeAddress = context.sockets.address("node.sock");
  let goServer: Peer | undefined;
  let nodeServer: Peer | undefined;
  try {
    goServer = await startGoServer(peers, goAddress);
    try {
      nodeServer = await startNodeServer(context.root, nodeAddress, { nodeArgs: context.serverNodeArgs });
    } catch (error) {
      return [unavailable(GROUP, "(all)", "-", `our server: ${reasonOf(error)}`)];
    }
    const rows: Row[] = [];
    for (const workload of workloads) {
      context.log(`runtime vs Go: ${workload.label}`);
      const goOptions = {
        reps: context.repetitions.reps,
        warmup: Math.max(1, Math.ceil(workload.count / 5)),
      };
      const rate = async (client: "node" | "go", server: "node" | "go"): Promise<number> => {
        const address = server === "go" ? goAddress : nodeAddress;
        return client === "go"
          ? goClientRate(peers, address, workload, goOptions)
          : nodeClientRate(address, workload, context);
      };
      let baseline: number;
      try {
        baseline = await rate("go", "go");
      } catch (error) {
        rows.push(
          ...PAIRINGS.map((p) =>
            unavailable(GROUP, workload.label, p.against, reasonOf(error), workload.unit),
          ),
        );
        continue;
      }
      for (const pairing of PAIRINGS) {
        try {
          const ours = await rate(pairing.client, pairing.server);
          rows.push({
            group: GROUP,
            scenario: workload.label,
            against: pairing.against,
            ours,
            baseline,
            unit: workload.unit,
            better: "higher",
            ...(pairing.target === undefined ? {} : { target: pairing.target }),
          });
        } catch (error) {
          rows.push(unavailable(GROUP, workload.label, pairing.against, reasonOf(error), workload.unit));
        }
      }
    }
    return rows;
  } catch (error) {
    return na(reasonOf(error));
  } finally {
    await nodeServer?.stop();
    await goServer?.stop();
  }
}
