/**
 * Issue 11's client rows: the pooled ServiceClient against a single VarlinkClient connection
 * (sequential, 16 concurrent callers, 16 concurrent with `pipelining`), and the cost of 1 and 5
 * no-op client interceptors against none. The server is ours in a child process (bench/lib/peers),
 * so client and server do not share an event loop; both sides of a row alternate rounds.
 */
import type { BenchContext } from "../lib/context.js";
import { reasonOf, size } from "../lib/context.js";
import { startNodeServer } from "../lib/peers.js";
import { unavailable, type Row } from "../lib/report.js";
import { interleavedRates } from "../lib/stats.js";
import type { ClientInterceptor, VarlinkCaller } from "../../packages/runtime/src/index.js";

const GROUP = "client: pool and interceptors";
const PING = "org.varlink.bench.Ping";
const STREAM = "org.varlink.bench.Stream";

/** `callers` concurrent loops of sequential calls, `perCaller` calls each. */
function load(caller: VarlinkCaller, callers: number, perCaller: number): () => Promise<void> {
  return async () => {
    await Promise.all(
      Array.from({ length: callers }, async () => {
        for (let i = 0; i < perCaller; i++) await caller.call(PING, { ping: "x" });
      }),
    );
  };
}

/** `streams` sequential `more` calls of `replies` replies each, every reply read. */
function streams(caller: VarlinkCaller, streams: number, replies: number): () => Promise<void> {
  return async () => {
    for (let s = 0; s < streams; s++) {
      for await (const reply of caller.callMore(STREAM, { n: replies })) void reply;
    }
  };
}

/** Runs the pool and interceptor rows against one child-process server. */
export async function clientPool(context: BenchContext): Promise<Row[]> {
  const { ServiceClient, VarlinkClient } = await import("../../packages/runtime/src/index.js");
  const address = context.sockets.address("client-pool.sock");
  let server;
  try {
    server = await startNodeServer(context.root, address, { nodeArgs: context.serverNodeArgs });
  } catch (error) {
    return [unavailable(GROUP, "(all)", "-", reasonOf(error))];
  }
  const noop: ClientInterceptor = (next) => (request) => next(request);
  const opened: VarlinkCaller[] = [];
  const open = async <T extends VarlinkCaller>(caller: Promise<T>): Promise<T> => {
    const c = await caller;
    opened.push(c);
    return c;
  };
  try {
    const single = await open(VarlinkClient.connect(address));
    const pooled = await open(ServiceClient.connect(address));
    const pooledPipelining = await open(ServiceClient.connect(address, { pipelining: true }));
    const one = await open(VarlinkClient.connect(address, { interceptors: [noop] }));
    const five = await open(VarlinkClient.connect(address, { interceptors: [noop, noop, noop, noop, noop] }));
    const sequential = size(context, 5000, 1000);
    const perCaller = size(context, 500, 100);
    const longStream = size(context, 20_000, 4000);
    const shortStreams = size(context, 2000, 400);
    const cases: ReadonlyArray<[string, string, () => Promise<void>, () => Promise<void>, number]> = [
      [
        "pooled, sequential",
        "one connection",
        load(pooled, 1, sequential),
        load(single, 1, sequential),
        sequential,
      ],
      [
        "pooled, 16 concurrent callers",
        "one pipelined connection",
        load(pooled, 16, perCaller),
        load(single, 16, perCaller),
        16 * perCaller,
      ],
      [
        "pooled + pipelining, 16 concurrent callers",
        "one pipelined connection",
        load(pooledPipelining, 16, perCaller),
        load(single, 16, perCaller),
        16 * perCaller,
      ],
      [
        "pooled, more: one stream, replies/s",
        "one connection",
        streams(pooled, 1, longStream),
        streams(single, 1, longStream),
        longStream,
      ],
      [
        "pooled, more: streams of 3 replies, sequential",
        "one connection",
        streams(pooled, shortStreams, 3),
        streams(single, shortStreams, 3),
        shortStreams,
      ],
      [
        "1 no-op interceptor, sequential",
        "no interceptor",
        load(one, 1, sequential),
        load(single, 1, sequential),
        sequential,
      ],
      [
        "5 no-op interceptors, sequential",
        "no interceptor",
        load(five, 1, sequential),
        load(single, 1, sequential),
        sequential,
      ],
    ];
    const rows: Row[] = [];
    for (const [scenario, against, ours, baseline, ops] of cases) {
      context.log(`client: ${scenario}`);
      try {
        const rates = await interleavedRates(ours, baseline, ops, context.repetitions);
        rows.push({ group: GROUP, scenario, against, ...rates, unit: "calls/s", better: "higher" });
      } catch (error) {
        rows.push(unavailable(GROUP, scenario, against, reasonOf(error)));
      }
    }
    return rows;
  } finally {
    await Promise.all(opened.map((c) => c.close()));
    await server.stop();
  }
}
