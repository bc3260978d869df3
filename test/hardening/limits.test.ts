/**
 * Resource limits over real sockets: a table full of silent connections still admits a client,
 * slow-drip connections are closed by the unfinished-frame clock, half-sent large frames are
 * bounded by the server's buffer budget, and one tcp host cannot take more than its share.
 * Every wait is for an event (a close, a reply), bounded; timeouts are small and configurable.
 */
import type { Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConnectionError, VarlinkClient, VarlinkServer } from "../../packages/runtime/src/index.js";
import { startFixtureServer, type FixtureServer } from "./fixture-server.js";
import { activeResources, leakedSince } from "./resources.js";
import { openMany } from "../../bench/lib/abuse.js";

const PING = { method: "org.example.hardening.Ping", parameters: { ping: "still served" } };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` (checked every 10 ms), at most `ms`; returns whether it happened. */
async function until(done: () => boolean, ms = 10_000): Promise<boolean> {
  for (let waited = 0; !done() && waited < ms; waited += 10) await sleep(10);
  return done();
}

const closedCount = (sockets: readonly Socket[]): number => sockets.filter((s) => s.destroyed).length;

/** Destroys a socket when the server closes it, so `destroyed` tells the tests. */
function watchClose(sockets: readonly Socket[]): void {
  for (const socket of sockets) socket.on("close", () => socket.destroy()).on("end", () => socket.destroy());
}

async function pingOnce(address: string): Promise<unknown> {
  const client = await VarlinkClient.connect(address);
  try {
    return await client.call(PING.method, PING.parameters);
  } finally {
    await client.close();
  }
}

describe("limits", () => {
  let fixture: FixtureServer | undefined;
  let sockets: Socket[] = [];
  let before: Map<string, number>;

  beforeEach(() => {
    before = activeResources();
  });

  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    sockets = [];
    await fixture?.close();
    fixture = undefined;
    expect(await leakedSince(before)).toEqual([]);
  });

  it("serves a new client when the table is full of silent connections", { timeout: 30_000 }, async () => {
    fixture = await startFixtureServer({ maxConnections: 200 });
    sockets = await openMany(fixture.address, 200);
    watchClose(sockets);
    expect(await until(() => fixture?.server.connectionCount === 200)).toBe(true);
    expect(await pingOnce(fixture.address)).toEqual({ pong: "still served" });
    // The newcomer took the slot of the longest-idle connection.
    expect(await until(() => closedCount(sockets) >= 1)).toBe(true);
  });

  it(
    "closes 200 slow-drip connections on the frame clock and keeps serving",
    { timeout: 30_000 },
    async () => {
      fixture = await startFixtureServer({ frameTimeoutMs: 200 });
      sockets = await openMany(fixture.address, 200);
      watchClose(sockets);
      const text = Buffer.from(
        JSON.stringify({ method: "org.example.hardening.Echo", parameters: { data: "" } }),
      );
      const body = Buffer.alloc(4000, "a");
      const drip = Buffer.concat([text.subarray(0, text.length - 3), body]);
      // One byte per write on every connection, a round every few ms; bounded by the drip's length.
      for (let i = 0; i < drip.length && closedCount(sockets) < sockets.length; i++) {
        for (const socket of sockets) if (!socket.destroyed) socket.write(drip.subarray(i, i + 1));
        await sleep(2);
      }
      expect(await until(() => closedCount(sockets) === sockets.length)).toBe(true);
      expect(await pingOnce(fixture.address)).toEqual({ pong: "still served" });
    },
  );

  it("bounds half-sent 1 MiB frames by maxBufferedBytes", { timeout: 30_000 }, async () => {
    fixture = await startFixtureServer({ maxBufferedBytes: 4 << 20 });
    sockets = await openMany(fixture.address, 20);
    watchClose(sockets);
    const half = Buffer.concat([
      Buffer.from('{"method":"org.example.hardening.Echo","parameters":{"data":"'),
      Buffer.alloc(1 << 20, "a"),
    ]);
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            socket.once("close", () => resolve());
            socket.write(half, () => resolve());
          }),
      ),
    );
    // At most four 1 MiB buffers fit in 4 MiB: the others were closed.
    expect(await until(() => closedCount(sockets) >= 16)).toBe(true);
    expect(await pingOnce(fixture.address)).toEqual({ pong: "still served" });
  });
});

describe("per-peer limit (tcp)", () => {
  let server: VarlinkServer | undefined;
  let before: Map<string, number>;

  beforeEach(() => {
    before = activeResources();
  });

  afterEach(async () => {
    await server?.close({ timeoutMs: 2000 });
    server = undefined;
    expect(await leakedSince(before)).toEqual([]);
  });

  it("closes a host's connections beyond maxConnectionsPerPeer, and admits it again below", async () => {
    server = new VarlinkServer({
      vendor: "v",
      product: "p",
      version: "1",
      url: "u",
      maxConnectionsPerPeer: 3,
    });
    const address = (await server.listen("tcp:127.0.0.1:0")).address;
    const clients = await Promise.all([1, 2, 3].map(() => VarlinkClient.connect(address)));
    for (const client of clients) await client.call("org.varlink.service.GetInfo");
    const extra = await VarlinkClient.connect(address);
    await expect(extra.call("org.varlink.service.GetInfo")).rejects.toBeInstanceOf(ConnectionError);
    await extra.close();
    await clients[0]?.close();
    expect(await until(() => server?.connectionCount === 2)).toBe(true);
    const again = await VarlinkClient.connect(address);
    await expect(again.call("org.varlink.service.GetInfo")).resolves.toMatchObject({ product: "p" });
    for (const client of [again, ...clients.slice(1)]) await client.close();
  });
});
