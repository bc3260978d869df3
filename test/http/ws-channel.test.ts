/**
 * The server side of a WebSocket channel against hostile raw clients over loopback: a client
 * that pings without reading, one that stops reading before our close frame is written, and
 * one that breaks the protocol and keeps sending.
 */
import { type AddressInfo, type Server, type Socket, createServer, connect } from "node:net";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import type { ChannelHandlers } from "../../packages/runtime/src/transports/transport.js";
import { WebSocketChannel } from "../../packages/runtime/src/transports/websocket/channel.js";
import { Opcode, encodeFrame } from "../../packages/runtime/src/transports/websocket/frame.js";
import { EventWait } from "../helpers/event-wait.js";
import { clientFrame } from "./helpers.js";

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) s.close();
});

/** A connected loopback pair: the raw client socket and the server's channel over the other end. */
async function pair(
  closeTimeoutMs?: number,
  handlers: Partial<ChannelHandlers> = {},
): Promise<{ client: Socket; server: Socket; channel: WebSocketChannel }> {
  const listener = createServer();
  servers.push(listener);
  listener.listen(0, "127.0.0.1");
  await once(listener, "listening");
  const client = connect((listener.address() as AddressInfo).port, "127.0.0.1");
  const [server] = (await once(listener, "connection")) as [Socket];
  sockets.push(client, server);
  const channel = new WebSocketChannel(server, "server", "test peer", undefined, {
    ...(closeTimeoutMs === undefined ? {} : { closeTimeoutMs }),
  });
  channel.attach({ data: () => {}, drain: () => {}, close: () => {}, ...handlers });
  return { client, server, channel };
}

describe("a WebSocket channel against a hostile client", () => {
  it("keeps its write queue bounded when a client floods pings and never reads", async () => {
    const { client, server } = await pair();
    client.pause();
    const ping = clientFrame(Opcode.Ping, Buffer.alloc(125, 0x70));
    const flood = Buffer.concat(Array.from({ length: 1024 }, () => ping));
    const total = 256 * flood.length; // 32 MiB of pings: far beyond what loopback buffers hold
    for (let i = 0; i < 256; i++) client.write(flood);
    let most = 0;
    const events = new EventWait("ping flood");
    server.on("data", () => {
      most = Math.max(most, server.writableLength);
      events.wake();
    });
    // Either it read everything (and queued a pong for each) or it stopped reading.
    await events.until(() => server.bytesRead >= total || server.readableFlowing === false);
    most = Math.max(most, server.writableLength);
    expect(most).toBeLessThan(1 << 20);
  }, 60_000);

  it("destroys the socket after the close timeout when the client stops reading", async () => {
    const { client, server, channel } = await pair(50);
    client.pause();
    const chunk = Buffer.alloc(1 << 20, 0x61);
    // Far more than loopback buffers hold, so the close frame behind it is never written.
    for (let i = 0; i < 32; i++) channel.write(chunk);
    const closed = once(server, "close");
    channel.close(1000);
    await closed;
    expect(server.destroyed).toBe(true);
  }, 60_000);

  it("stops reading after a protocol error", async () => {
    const { client, server } = await pair();
    let flowing: boolean | null = null;
    // Registered after the channel's listener: sees the state the channel left for this chunk.
    server.on("data", () => (flowing ??= server.readableFlowing));
    client.write(
      Buffer.concat([encodeFrame(Opcode.Binary, Buffer.from("unmasked"), false), Buffer.alloc(64)]),
    );
    await new EventWait("data").until(() => flowing !== null);
    expect(flowing).toBe(false);
  });
});

describe("after the peer's close frame", () => {
  it("delivers no data frame that follows it", async () => {
    const got: Uint8Array[] = [];
    const { client, server } = await pair(undefined, { data: (chunk) => got.push(chunk) });
    const closed = once(server, "close");
    client.write(
      Buffer.concat([
        clientFrame(Opcode.Binary, "before"),
        clientFrame(Opcode.Close, Buffer.from([0x03, 0xe8])),
        clientFrame(Opcode.Binary, "after"),
      ]),
    );
    await closed;
    expect(Buffer.concat(got).toString()).toBe("before");
  });
});

describe("a paused channel", () => {
  it("delivers the frames it held before it reports the close", async () => {
    const events: string[] = [];
    const late: { channel?: WebSocketChannel } = {};
    const reported = new EventWait("close reported");
    const { client, server, channel } = await pair(undefined, {
      data: (chunk) => {
        events.push(`data ${Buffer.from(chunk).toString()}`);
        late.channel?.pause();
      },
      close: () => {
        events.push("close");
        reported.wake();
      },
    });
    late.channel = channel;
    const closed = once(server, "close");
    // Both data frames and the close frame in one chunk: "b" is held while paused.
    client.write(
      Buffer.concat([
        clientFrame(Opcode.Binary, "a"),
        clientFrame(Opcode.Binary, "b"),
        clientFrame(Opcode.Close, Buffer.from([0x03, 0xe8])),
      ]),
    );
    await closed;
    channel.resume();
    await reported.until(() => events.includes("close"));
    expect(events).toEqual(["data a", "data b", "close"]);
  });
});
