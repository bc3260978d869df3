/**
 * Memory of our server against the Go server, measured from /proc in a child process:
 * RSS while holding 1,000 idle connections, and RSS growth while a slow reader takes a 100,000-reply
 * `more` stream (bounded growth means backpressure works: the handler waits for the socket).
 */
import type { Socket } from "node:net";
import type { BenchContext } from "../lib/context.js";
import { reasonOf, size } from "../lib/context.js";
import { memoryKiB, type Peer } from "../lib/child.js";
import { startGoServer, startNodeServer } from "../lib/peers.js";
import { callOnce, connectUnix, slowStream } from "../lib/raw-socket.js";
import { unavailable, type Row } from "../lib/report.js";

const GROUP = "memory";
const PING = { method: "org.varlink.bench.Ping", parameters: { ping: "ping" } };

type ServerKind = "node" | "go";

function start(context: BenchContext, kind: ServerKind, address: string): Promise<Peer> {
  if (kind === "node") return startNodeServer(context.root, address);
  if (!context.go.ok) throw new Error(context.go.reason);
  return startGoServer(context.go.peers, address);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens `count` connections (in batches, the accept backlog is finite), each answering one Ping. */
async function idleRssMiB(context: BenchContext, kind: ServerKind, count: number): Promise<number> {
  const address = context.sockets.address(`idle-${kind}.sock`);
  const server = await start(context, kind, address);
  const sockets: Socket[] = [];
  try {
    for (let opened = 0; opened < count; opened += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, count - opened) }, () => connectUnix(address)),
      );
      sockets.push(...batch);
      await Promise.all(batch.map((socket) => callOnce(socket, PING)));
    }
    await sleep(200);
    return memoryKiB(server.pid).rss / 1024;
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.stop();
  }
}

/** Peak RSS growth of the server (sampled every 20 ms) while a slow reader drains a stream. */
async function streamGrowthMiB(context: BenchContext, kind: ServerKind, replies: number): Promise<number> {
  const address = context.sockets.address(`stream-${kind}.sock`);
  const server = await start(context, kind, address);
  const socket = await connectUnix(address);
  try {
    await callOnce(socket, PING);
    await sleep(100);
    const before = memoryKiB(server.pid).rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryKiB(server.pid).rss)), 20);
    try {
      const received = await slowStream(
        socket,
        { method: "org.varlink.bench.Stream", parameters: { n: replies }, more: true },
        1000,
        5,
      );
      if (received !== replies) throw new Error(`received ${received} of ${replies} replies`);
    } finally {
      clearInterval(sampler);
    }
    return (peak - before) / 1024;
  } finally {
    socket.destroy();
    await server.stop();
  }
}

async function compare(
  measure: (kind: ServerKind) => Promise<number>,
  scenario: string,
  unit: string,
  context: BenchContext,
): Promise<Row> {
  context.log(`memory: ${scenario}`);
  let ours: number;
  try {
    ours = await measure("node");
  } catch (error) {
    return unavailable(GROUP, scenario, "Go server", `our server: ${reasonOf(error)}`, unit, "lower");
  }
  try {
    const baseline = await measure("go");
    return { group: GROUP, scenario, against: "Go server", ours, baseline, unit, better: "lower" };
  } catch (error) {
    return {
      group: GROUP,
      scenario,
      against: "Go server",
      ours,
      unit,
      better: "lower",
      note: reasonOf(error),
    };
  }
}

/** Runs the memory rows. */
export async function memory(context: BenchContext): Promise<Row[]> {
  const connections = size(context, 1000, 1000);
  const replies = size(context, 100_000, 100_000);
  return [
    await compare(
      (kind) => idleRssMiB(context, kind, connections),
      `RSS, ${connections.toLocaleString("en-US")} idle connections`,
      "MiB",
      context,
    ),
    await compare(
      (kind) => streamGrowthMiB(context, kind, replies),
      `peak RSS growth, ${replies.toLocaleString("en-US")}-reply stream to a slow reader`,
      "MiB",
      context,
    ),
  ];
}
