/**
 * On a `tls:` listener, connections still in the TLS handshake count against
 * maxConnectionsPerPeer and maxConnections: one IP cannot hold more sockets open by never
 * finishing its handshake (a long handshakeTimeoutMs here, so only the limit can close them).
 */
import { type Socket, connect } from "node:net";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { VarlinkServer, type ServerOptions } from "../../packages/runtime/src/server/server.js";
import { parseAddress } from "../../packages/runtime/src/transports/address.js";
import { type TestCerts, makeCerts } from "../helpers/certs.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";
import { serverInfo } from "./helpers.js";

let certs: TestCerts;
beforeAll(() => {
  certs = makeCerts();
}, EVENT_LIMIT_MS);
afterAll(() => certs?.rm());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A tcp connection that never starts its handshake; `closed` resolves when the server drops it. */
async function silent(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise((resolve) => socket.once("connect", resolve));
  cleanups.push(async () => void socket.destroy());
  return { socket, closed };
}

it.each<[string, Partial<ServerOptions>]>([
  ["maxConnectionsPerPeer", { maxConnectionsPerPeer: 2 }],
  ["maxConnections", { maxConnections: 2 }],
])("%s counts connections still in the handshake", async (_name, limits) => {
  const server = new VarlinkServer({ ...serverInfo, ...limits });
  const tls = { cert: certs.server.cert, key: certs.server.key, handshakeTimeoutMs: 600_000 };
  const listener = await server.listen("tls:127.0.0.1:0", { tls });
  cleanups.push(() => server.close({ timeoutMs: 1000 }));
  const { port } = parseAddress(listener.address) as { port: number };
  const kept = [await silent(port), await silent(port)];
  const third = await silent(port);
  await third.closed;
  expect(kept.map(({ socket }) => socket.destroyed)).toEqual([false, false]);
});
