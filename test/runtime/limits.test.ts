/**
 * Server limits over in-memory channels: the decoder's accounting, the shared buffer budget, the
 * idle and unfinished-frame timeouts, and the connection table making room for new clients.
 * Timeouts are tiny (tens of ms) and every test waits for the close (or the reply) it expects.
 */
import { afterEach, describe, expect, it } from "vitest";
import { BufferBudget } from "../../packages/runtime/src/wire/budget.js";
import { BUFFER_OVERHEAD, FrameDecoder } from "../../packages/runtime/src/wire/framing.js";
import { VarlinkServer, type ServerOptions } from "../../packages/runtime/src/server/server.js";
import { deferred, rawPeerTo, serverInfo, turns, type RawPeer } from "./helpers.js";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let server: VarlinkServer | undefined;
afterEach(async () => {
  await server?.close({ timeoutMs: 1000 });
  server = undefined;
});

/** A server with `org.example.limits`: Ping, a Wait that returns after `ms`, a Gate held by the test. */
function limitsServer(options: Partial<ServerOptions>, gate = deferred()): VarlinkServer {
  server = new VarlinkServer({ ...serverInfo, ...options });
  server.addInterface({
    name: "org.example.limits",
    description: "interface org.example.limits\nmethod Ping() -> ()\n",
    methods: {
      Ping: { handler: () => ({}) },
      Wait: { handler: async (p) => void (await sleep(Number(p["ms"]))) },
      Gate: { handler: async () => void (await gate.promise) },
      Stream: {
        more: "supports",
        async *handler(p) {
          yield { i: 1 };
          await sleep(Number(p["ms"]));
          yield { i: 2 };
        },
      },
    },
  });
  return server;
}

const ping = { method: "org.example.limits.Ping" };

describe("FrameDecoder memory", () => {
  it.each([
    { chunks: 1, size: 1, capacity: 256, buffers: 1 },
    { chunks: 1000, size: 1, capacity: 1024, buffers: 1 },
    { chunks: 3, size: 1000, capacity: 4000, buffers: 1 },
    { chunks: 1, size: 5000, capacity: 5000, buffers: 1 },
    { chunks: 16, size: 65_536, capacity: 1 << 20, buffers: 16 },
    { chunks: 1, size: 200_000, capacity: 200_000, buffers: 4 },
  ])("$chunks chunk(s) of $size byte(s) cost $buffers buffer(s), $capacity bytes", (row) => {
    const decoder = new FrameDecoder();
    for (let i = 0; i < row.chunks; i++) decoder.push(Buffer.alloc(row.size, "a"), () => {});
    expect(decoder.partial).toBe(true);
    expect(decoder.bufferedBytes).toBe(row.capacity + row.buffers * BUFFER_OVERHEAD);
    const frames: string[] = [];
    decoder.push(Buffer.from("b\0"), (text) => void frames.push(text));
    expect(frames).toEqual(["a".repeat(row.chunks * row.size) + "b"]);
  });

  it("keeps nothing once the message is finished, and the capacity never passes the limit", () => {
    const decoder = new FrameDecoder(3000);
    for (let i = 0; i < 2999; i++) decoder.push(Buffer.from("a"), () => {});
    expect(decoder.bufferedBytes).toBe(3000 + BUFFER_OVERHEAD);
    const frames: string[] = [];
    decoder.push(Buffer.from("\0"), (text) => void frames.push(text));
    expect(frames).toEqual(["a".repeat(2999)]);
    expect([decoder.bufferedBytes, decoder.partial]).toEqual([0, false]);
  });
});

describe("BufferBudget", () => {
  it.each([
    { name: "under the limit", limit: 100, sizes: [30, 30, 30], evicted: [] },
    { name: "the largest pays", limit: 100, sizes: [60, 10, 40], evicted: [0] },
    { name: "the one growing pays when it is the largest", limit: 100, sizes: [10, 20, 80], evicted: [2] },
    {
      name: "on a tie, the one growing pays; as many as needed",
      limit: 50,
      sizes: [40, 40, 40],
      evicted: [1, 2],
    },
  ])("$name", ({ limit, sizes, evicted }) => {
    const budget = new BufferBudget(limit);
    const gone: number[] = [];
    const accounts = sizes.map((_, i) => budget.open(() => gone.push(i)));
    sizes.forEach((size, i) => budget.set(accounts[i]!, size));
    expect(gone).toEqual(evicted);
    expect(budget.used).toBeLessThanOrEqual(limit);
    for (const account of accounts) budget.remove(account);
    expect(budget.used).toBe(0);
  });

  it("rejects a limit that is not positive", () => {
    expect(() => new BufferBudget(0)).toThrow(RangeError);
  });
});

describe("server buffer budget", () => {
  it("closes the connection holding the most when the total passes maxBufferedBytes", async () => {
    limitsServer({ maxBufferedBytes: 64 * 1024 });
    const [a, b, c] = [rawPeerTo(server!), rawPeerTo(server!), rawPeerTo(server!)];
    // The padding rides in a vendor extension: an unknown unprefixed member would be malformed.
    const partial = (n: number): string =>
      '{"method":"org.example.limits.Ping","org.example.pad":{"x":"' + "a".repeat(n);
    a.send(partial(40_000));
    b.send(partial(5_000));
    c.send(partial(30_000));
    await a.waitClosed();
    b.send('"}}\0');
    expect(await b.waitFrames(1)).toEqual([{ parameters: {} }]);
    expect([b.closed, c.closed]).toEqual([false, false]);
  });
});

describe("server timeouts", () => {
  it("closes a connection whose message is not finished in frameTimeoutMs, however slow the drip", async () => {
    limitsServer({ frameTimeoutMs: 50, idleTimeoutMs: 0 });
    const peer = rawPeerTo(server!);
    const text = JSON.stringify(ping);
    // One byte every few ms: never idle, never finished. Bounded by the text's length.
    for (let i = 0; i < text.length && !peer.closed; i++) {
      peer.send(text[i]!);
      await sleep(5);
    }
    await peer.waitClosed();
    expect(peer.frames).toEqual([]);
  });

  it("closes a connection that sends nothing for idleTimeoutMs", async () => {
    limitsServer({ idleTimeoutMs: 30 });
    const peer = rawPeerTo(server!);
    peer.sendMessage(ping);
    expect(await peer.waitFrames(1)).toEqual([{ parameters: {} }]);
    await peer.waitClosed();
  });

  it.each([
    {
      what: "a handler runs",
      call: { method: "org.example.limits.Wait", parameters: { ms: 150 } },
      replies: 1,
    },
    {
      what: "a `more` stream is open",
      call: { method: "org.example.limits.Stream", parameters: { ms: 150 }, more: true },
      replies: 2,
    },
  ])("does not close an idle-looking connection while $what", async ({ call, replies }) => {
    limitsServer({ idleTimeoutMs: 30 });
    const peer = rawPeerTo(server!);
    peer.sendMessage(call);
    await peer.waitFrames(replies);
    expect(peer.frames).toHaveLength(replies);
    await peer.waitClosed();
  });

  it.each([
    { name: "0", value: 0 },
    { name: "Infinity", value: Infinity },
  ])("idleTimeoutMs $name disables the idle clock", async ({ value }) => {
    limitsServer({ idleTimeoutMs: value, frameTimeoutMs: 30 });
    const peer = rawPeerTo(server!);
    // The frame clock fires; the idle one must not have closed the connection first.
    peer.send("{");
    await peer.waitClosed();
    const quiet = rawPeerTo(server!);
    await sleep(60);
    quiet.sendMessage(ping);
    expect(await quiet.waitFrames(1)).toEqual([{ parameters: {} }]);
  });

  it.each([-1, Number.NaN, "5"])("rejects the timeout %s", (value) => {
    expect(() => new VarlinkServer({ ...serverInfo, idleTimeoutMs: value as number })).toThrow(RangeError);
  });
});

describe("connection table", () => {
  it("closes the longest-idle connection to serve a new one at maxConnections", async () => {
    limitsServer({ maxConnections: 2 });
    const a = rawPeerTo(server!);
    const b = rawPeerTo(server!);
    b.sendMessage(ping);
    await b.waitFrames(1);
    const c = rawPeerTo(server!);
    c.sendMessage(ping);
    expect(await c.waitFrames(1)).toEqual([{ parameters: {} }]);
    await a.waitClosed();
    expect(b.closed).toBe(false);
    expect(server!.connectionCount).toBe(2);
  });

  it("refuses a new connection when every one has a call in progress", async () => {
    const gate = deferred();
    limitsServer({ maxConnections: 2 }, gate);
    const busy: RawPeer[] = [rawPeerTo(server!), rawPeerTo(server!)];
    for (const peer of busy) peer.sendMessage({ method: "org.example.limits.Gate" });
    await turns();
    const c = rawPeerTo(server!);
    await c.waitClosed();
    expect(busy.map((peer) => peer.closed)).toEqual([false, false]);
    gate.resolve();
    for (const peer of busy) expect(await peer.waitFrames(1)).toEqual([{ parameters: {} }]);
  });
});
