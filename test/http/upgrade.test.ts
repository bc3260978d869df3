/**
 * The front's handling of `Upgrade:` requests over raw loopback sockets: a refused WebSocket
 * upgrade closes the connection even when the client keeps its side open.
 */
import * as http from "node:http";
import { type AddressInfo, type Socket, connect } from "node:net";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { addressBackends } from "../../packages/runtime/src/http/backends.js";
import { type HttpFrontOptions, createHttpFront } from "../../packages/runtime/src/http/front.js";

const servers: http.Server[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) s.close();
});

/** A node:http server with the front mounted; resolves with its port and the next server-side socket. */
async function mount(
  options: Partial<HttpFrontOptions> = {},
): Promise<{ port: number; accepted: Promise<Socket> }> {
  const front = createHttpFront({ backends: addressBackends({}), ...options });
  const server = http.createServer(front.request);
  server.on("upgrade", front.upgrade);
  servers.push(server);
  const accepted = once(server, "connection").then(([s]) => s as Socket);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: (server.address() as AddressInfo).port, accepted };
}

const upgradeRequest =
  "GET /ws/services/org.example.x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n" +
  "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n\r\n";

describe("a refused upgrade", () => {
  it("is closed by the server while the client keeps its side open", { timeout: 30_000 }, async () => {
    const { port, accepted } = await mount({
      verify: () => Promise.reject(new Error("no")),
      closeTimeoutMs: 50,
    });
    const client = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    sockets.push(client);
    const chunks: Buffer[] = [];
    client.on("data", (c: Buffer) => chunks.push(c));
    client.write(upgradeRequest);
    const ended = once(client, "end");
    const server = await accepted;
    await Promise.all([once(server, "close"), ended]);
    expect(Buffer.concat(chunks).toString()).toMatch(/^HTTP\/1\.1 401 /);
  });
});
