/**
 * Our client driving org.varlink.bench: the same four scenarios as bench/go/client/main.go
 * (sequential ping, pipelined ping with a window of `depth`, one `more` stream, echo of a payload),
 * each checking its replies so a fast wrong answer cannot pass for speed.
 */
import type { VarlinkClient } from "../../packages/runtime/src/index.js";
import { BenchMethods } from "./bench-service.js";

/** Scenario names shared with the Go client's `--scenario` flag. */
export type Scenario = "ping" | "pipeline" | "stream" | "echo";

/** Parameters of one scenario run. */
export interface Workload {
  readonly scenario: Scenario;
  /** Calls, or stream replies. */
  readonly count: number;
  /** Calls in flight (pipeline). */
  readonly depth: number;
  /** Payload (echo). */
  readonly payload: string;
}

async function ping(client: VarlinkClient, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const reply = await client.call(BenchMethods.Ping, { ping: "ping" });
    if (reply["pong"] !== "ping") throw new Error(`Ping returned ${JSON.stringify(reply)}`);
  }
}

async function pipeline(client: VarlinkClient, count: number, depth: number): Promise<void> {
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < count) {
      sent++;
      const reply = await client.call(BenchMethods.Ping, { ping: "ping" });
      if (reply["pong"] !== "ping") throw new Error(`Ping returned ${JSON.stringify(reply)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(depth, count) }, worker));
}

async function stream(client: VarlinkClient, count: number): Promise<void> {
  let expected = 0;
  for await (const reply of client.callMore(BenchMethods.Stream, { n: count })) {
    if (reply["i"] !== expected) throw new Error(`Stream reply ${expected} carried ${JSON.stringify(reply)}`);
    expected++;
  }
  if (expected !== count) throw new Error(`Stream ended after ${expected} of ${count} replies`);
}

async function echo(client: VarlinkClient, count: number, payload: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const reply = await client.call(BenchMethods.Echo, { data: payload });
    const data = reply["data"];
    if (typeof data !== "string" || data.length !== payload.length)
      throw new Error("Echo returned other data");
  }
}

/** Runs one workload on a connected client. */
export function drive(client: VarlinkClient, workload: Workload): Promise<void> {
  switch (workload.scenario) {
    case "ping":
      return ping(client, workload.count);
    case "pipeline":
      return pipeline(client, workload.count, workload.depth);
    case "stream":
      return stream(client, workload.count);
    case "echo":
      return echo(client, workload.count, workload.payload);
  }
}
