/**
 * The front's handling of `Upgrade:` requests over raw loopback sockets: a refused WebSocket
 * upgrade closes the connection even when the client keeps its side open; upgrades other than
 * WebSocket (`h2c` from curl --http2) are plain requests; WebSocket needs GET and version 13.
 */
import * as http from "node:http";
import { type AddressInfo, type Socket, connect } from "node:net";
import { once } from "node:events";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addressBackends } from "../../packages/runtime/src/http/backends.js";
import { type HttpFrontOptions, createHttpFront } from "../../packages/runtime/src/http/front.js";
import { request, startService } from "./helpers.js";

let service: Awaited<ReturnType<typeof startService>>;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service.stop();
});

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
  const front = createHttpFront({
    backends: addressBackends({ "org.example.http": service.address }),
    ...options,
  });
  const server = http.createServer(front.request);
  server.on("upgrade", front.upgrade);
  servers.push(server);
  const accepted = once(server, "connection").then(([s]) => s as Socket);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: (server.address() as AddressInfo).port, accepted };
}

const upgradeRequest =
  "GET /ws/services/org.example.http HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n" +
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

/** The status line and headers of the server's answer to `head` (raw request bytes). */
async function rawAnswer(port: number, head: string): Promise<string> {
  const client = connect(port, "127.0.0.1");
  sockets.push(client);
  const chunks: Buffer[] = [];
  client.on("data", (c: Buffer) => chunks.push(c));
  client.write(head);
  await once(client, "close");
  return Buffer.concat(chunks).toString();
}

const h2c = {
  Connection: "Upgrade, HTTP2-Settings",
  Upgrade: "h2c",
  "HTTP2-Settings": "AAMAAABkAAQAoAAAAAIAAAAA",
};

describe("Upgrade: headers", () => {
  it("serves a call with 'Upgrade: h2c' (curl --http2) as a plain request", async () => {
    const { port } = await mount();
    const res = await request(
      `http://127.0.0.1:${port}/call/org.example.http.Ping`,
      "POST",
      '{"text":"hi"}',
      { ...h2c, "Content-Type": "application/json" },
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ text: "hi" });
  });

  it("serves /health with 'Upgrade: h2c'", async () => {
    const { port } = await mount();
    const res = await request(`http://127.0.0.1:${port}/health`, "GET", undefined, h2c);
    expect(res.status).toBe(200);
  });

  it("refuses a WebSocket upgrade that is not a GET with 405", { timeout: 30_000 }, async () => {
    const { port } = await mount();
    const answer = await rawAnswer(port, upgradeRequest.replace(/^GET/, "POST"));
    expect(answer).toMatch(/^HTTP\/1\.1 405 /);
  });

  it("answers another WebSocket version with 426 and the version it speaks", async () => {
    const { port } = await mount();
    const answer = await rawAnswer(port, upgradeRequest.replace("Version: 13", "Version: 8"));
    expect(answer).toMatch(/^HTTP\/1\.1 426 /);
    expect(answer).toMatch(/\r\nSec-WebSocket-Version: 13\r\n/i);
  });
});
