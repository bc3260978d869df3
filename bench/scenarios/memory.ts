/**
 * Memory of our server against the Go server, measured from /proc in a child process:
 * RSS while holding 1,000 idle connections, RSS growth while a slow reader takes a 100,000-reply
 * `more` stream (bounded growth means backpressure works: the handler waits for the socket), and
 * RSS under hostile peers: 1,000 connections dripping an unfinished frame one byte per write, and
 * 300 connections each leaving a 15 MiB frame unfinished (peak, and after they closed).
 */
import type { Socket } from "node:net";
import type { BenchContext } from "../lib/context.js";
import { reasonOf, size } from "../lib/context.js";
import { memoryKiB, type Peer } from "../lib/child.js";
import { startGoServer, startNodeServer } from "../lib/peers.js";
import { callOnce, connectUnix, slowStream } from "../lib/raw-socket.js";
import type { Row } from "../lib/report.js";
import { halfFrames, openMany, slowDrip, stillOpen } from "../lib/abuse.js";

const GROUP = "memory";
const PING = { method: "org.varlink.bench.Ping", parameters: { ping: "ping" } };

type ServerKind = "node" | "go";

function start(context: BenchContext, kind: ServerKind, address: string): Promise<Peer> {
  if (kind === "node") return startNodeServer(context.root, address, { nodeArgs: context.serverNodeArgs });
  if (!context.go.ok) throw new Error(context.go.reason);
  return startGoServer(context.go.peers, address);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** RSS figures of a server before and while holding idle connections. */
interface IdleMemory {
  /** RSS with 1,000 idle connections, MiB. */
  readonly rssMiB: number;
  /** (RSS with them - RSS without) / count, KiB. */
  readonly perConnectionKiB: number;
}

/** Opens `count` connections (in batches, the accept backlog is finite), each answering one Ping. */
async function idleMemory(context: BenchContext, kind: ServerKind, count: number): Promise<IdleMemory> {
  const address = context.sockets.address(`idle-${kind}.sock`);
  const server = await start(context, kind, address);
  const sockets: Socket[] = [];
  try {
    const warm = await connectUnix(address);
    sockets.push(warm);
    await callOnce(warm, PING);
    await sleep(200);
    const base = memoryKiB(server.pid).rss;
    for (let opened = 1; opened < count + 1; opened += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, count + 1 - opened) }, () => connectUnix(address)),
      );
      sockets.push(...batch);
      await Promise.all(batch.map((socket) => callOnce(socket, PING)));
    }
    await sleep(200);
    const loaded = memoryKiB(server.pid).rss;
    return { rssMiB: loaded / 1024, perConnectionKiB: (loaded - base) / count };
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

/** RSS of a server under hostile peers, and how many of their connections it kept. */
interface AbuseMemory {
  /** Peak RSS (VmHWM) while the peers sent, MiB. */
  readonly peakMiB: number;
  /** RSS once the peers closed their connections, MiB. */
  readonly afterMiB: number;
  /** Connections the server still held when the peers were done sending. */
  readonly kept: number;
}

/** Runs `send` on `count` fresh connections, then closes them; RSS from the server's /proc. */
async function abuseMemory(
  context: BenchContext,
  kind: ServerKind,
  name: string,
  count: number,
  send: (sockets: readonly Socket[]) => Promise<void>,
): Promise<AbuseMemory> {
  const address = context.sockets.address(`${name}-${kind}.sock`);
  const server = await start(context, kind, address);
  let sockets: Socket[] = [];
  try {
    sockets = await openMany(address, count);
    await send(sockets);
    await sleep(200);
    const kept = stillOpen(sockets);
    const peakMiB = memoryKiB(server.pid).peak / 1024;
    for (const socket of sockets) socket.destroy();
    await sleep(1000);
    return { peakMiB, afterMiB: memoryKiB(server.pid).rss / 1024, kept };
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.stop();
  }
}

async function compare<T>(
  measure: (kind: ServerKind) => Promise<T>,
  figures: ReadonlyArray<{ scenario: string; unit: string; pick: (value: T) => number }>,
  context: BenchContext,
): Promise<Row[]> {
  context.log(`memory: ${figures[0]?.scenario ?? ""}`);
  const row = (figure: (typeof figures)[number], extra: Partial<Row>): Row => ({
    group: GROUP,
    scenario: figure.scenario,
    against: "Go server",
    unit: figure.unit,
    better: "lower",
    ...extra,
  });
  let ours: T;
  try {
    ours = await measure("node");
  } catch (error) {
    return figures.map((figure) => row(figure, { note: `our server: ${reasonOf(error)}` }));
  }
  try {
    const baseline = await measure("go");
    return figures.map((figure) => row(figure, { ours: figure.pick(ours), baseline: figure.pick(baseline) }));
  } catch (error) {
    return figures.map((figure) => row(figure, { ours: figure.pick(ours), note: reasonOf(error) }));
  }
}

/** Runs the memory rows. */
export async function memory(context: BenchContext): Promise<Row[]> {
  const connections = size(context, 1000, 1000);
  const replies = size(context, 100_000, 100_000);
  const n = (value: number): string => value.toLocaleString("en-US");
  const drippers = size(context, 1000, 1000);
  const dripBytes = size(context, 1000, 300);
  const halves = size(context, 300, 300);
  const halfMiB = size(context, 15, 1);
  const kept = (what: string, count: number) => ({
    scenario: `${what}: connections the server kept (of ${n(count)})`,
    unit: "connections",
    pick: (m: AbuseMemory) => m.kept,
  });
  return [
    ...(await compare(
      (kind) => idleMemory(context, kind, connections),
      [
        { scenario: `RSS, ${n(connections)} idle connections`, unit: "MiB", pick: (m) => m.rssMiB },
        { scenario: "RSS per idle connection", unit: "KiB", pick: (m) => m.perConnectionKiB },
      ],
      context,
    )),
    ...(await compare(
      (kind) => streamGrowthMiB(context, kind, replies),
      [
        {
          scenario: `peak RSS growth, ${n(replies)}-reply stream to a slow reader`,
          unit: "MiB",
          pick: (m) => m,
        },
      ],
      context,
    )),
    ...(await compare(
      (kind) => abuseMemory(context, kind, "drip", drippers, (s) => slowDrip(s, dripBytes)),
      [
        {
          scenario: `peak RSS, ${n(drippers)} connections dripping ${n(dripBytes)} bytes of a frame, 1 byte per write`,
          unit: "MiB",
          pick: (m) => m.peakMiB,
        },
        kept("slow drip", drippers),
      ],
      context,
    )),
    ...(await compare(
      (kind) => abuseMemory(context, kind, "half", halves, (s) => halfFrames(s, halfMiB << 20)),
      [
        {
          scenario: `peak RSS, ${n(halves)} connections x ${halfMiB} MiB unfinished frames`,
          unit: "MiB",
          pick: (m) => m.peakMiB,
        },
        {
          scenario: `RSS after those ${n(halves)} connections closed`,
          unit: "MiB",
          pick: (m) => m.afterMiB,
        },
        kept("half frames", halves),
      ],
      context,
    )),
  ];
}
