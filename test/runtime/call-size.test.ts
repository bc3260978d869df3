/**
 * A call larger than the peer accepts is refused locally, before anything is written, and the
 * connection stays usable. Before, it was sent: the server (maxMessageSize) dropped the
 * connection, failing every other call on it and every later one (a shared client does not
 * reconnect). Over a real unix socket.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { VarlinkClient, type ClientOptions } from "../../packages/runtime/src/client/client.js";
import { FrameTooLargeError } from "../../packages/runtime/src/wire/framing.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serverInfo } from "./helpers.js";

const LIMIT = 1000;
let dir: string;
let server: VarlinkServer;
let address: string;
const clients: VarlinkClient[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "varlink-size-"));
  server = new VarlinkServer({ ...serverInfo, maxMessageSize: LIMIT });
  server.addInterface({
    name: "org.example.size",
    description: "interface org.example.size\nmethod Echo(s: string) -> (s: string)\n",
    methods: {
      Echo: { handler: (p) => ({ s: p["s"] }), more: "supports" },
    },
  });
  address = (await server.listen(`unix:${join(dir, "size.sock")}`)).address;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function connect(options: ClientOptions): Promise<VarlinkClient> {
  const client = await VarlinkClient.connect(address, options);
  clients.push(client);
  return client;
}

// `{"method":"org.example.size.Echo","parameters":{"s":"…"}}` is 56 bytes around the string.
const FRAME_OVERHEAD = 56;

it.each([
  ["the peer's limit, configured", { peerMaxMessageSize: LIMIT }],
  ["our own maxMessageSize when the peer's is not configured", { maxMessageSize: LIMIT }],
])("a call over %s is refused before it is written; the connection stays usable", async (_what, options) => {
  const client = await connect(options);
  const ascii = "x".repeat(LIMIT);
  // 400 UTF-16 units but 1,200 UTF-8 bytes: the limit is in bytes.
  const euros = "€".repeat(400);
  for (const s of [ascii, euros]) {
    const refused = await client.call("org.example.size.Echo", { s }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FrameTooLargeError);
    expect((refused as Error).message).toMatch(
      /^org\.example\.size\.Echo: the call is \d+ bytes, larger than the peer's maximum message size of 1000 bytes; not sent$/,
    );
  }
  await expect(client.callOneway("org.example.size.Echo", { s: ascii })).rejects.toBeInstanceOf(
    FrameTooLargeError,
  );
  const stream = client.callMore("org.example.size.Echo", { s: ascii });
  await expect(
    (async () => {
      for await (const _ of stream) void _;
    })(),
  ).rejects.toBeInstanceOf(FrameTooLargeError);
  // Exactly at the limit still goes, and the connection was never dropped.
  const fits = "y".repeat(LIMIT - FRAME_OVERHEAD);
  expect(await client.call("org.example.size.Echo", { s: fits })).toEqual({ s: fits });
  expect(client.closed).toBe(false);
  expect(server.connectionCount).toBe(1);
});
