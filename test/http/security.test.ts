/**
 * The HTTP front's security and limits: bearer tokens (header, and `?access_token=` for
 * WebSocket mode), wss:// with mutual TLS, the WebSocket message-size limit (close 1009), the
 * WebSocket count limit (503), the idle timeout, a registry directory as backend, and an
 * `upgrade` from a Node client over ws://.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { addressBackends, registryBackends } from "../../packages/runtime/src/http/backends.js";
import {
  type HttpListener,
  type ServeHttpOptions,
  serveHttp,
} from "../../packages/runtime/src/http/listen.js";
import { Opcode } from "../../packages/runtime/src/transports/websocket/frame.js";
import { type TestCerts, makeCerts } from "../helpers/certs.js";
import { EventWait } from "../helpers/event-wait.js";
import { RawWebSocket, clientFrame, request, startService } from "./helpers.js";

let service: Awaited<ReturnType<typeof startService>>;
const listeners: HttpListener[] = [];

beforeAll(async () => {
  service = await startService();
});
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.close()));
});
afterAll(async () => {
  await service.stop();
});

async function front(options: Partial<ServeHttpOptions> = {}): Promise<{ url: string; port: number }> {
  const listener = await serveHttp({
    address: "tcp:127.0.0.1:0",
    backends: addressBackends({ "org.example.http": service.address }),
    ...options,
  });
  listeners.push(listener);
  return { url: listener.url, port: Number(new URL(listener.url).port) };
}

const ping = '{"method":"org.example.http.Ping","parameters":{"text":"hi"}}\0';

describe("bearer tokens", () => {
  const verify = async (token: string) => {
    if (token !== "good") throw new Error("refused");
    return { subject: "alice", claims: {} };
  };

  it.each([
    ["no token", {}, 401],
    ["a refused token", { Authorization: "Bearer bad" }, 401],
    ["a good token", { Authorization: "Bearer good" }, 200],
  ])("simple mode with %s", async (_name, headers, status) => {
    const { url } = await front({ verify });
    const res = await request(`${url}call/org.example.http.Ping`, "POST", '{"text":"x"}', headers);
    expect(res.status).toBe(status);
    if (status === 401) expect(res.headers["www-authenticate"]).toBe("Bearer");
  });

  it("tells onError why a token was refused (the caller only gets 401)", async () => {
    const told: string[] = [];
    const { url } = await front({
      verify,
      onError: (error, what) => told.push(`${what}: ${(error as Error).message}`),
    });
    await request(`${url}call/org.example.http.Ping`, "POST", "{}", { Authorization: "Bearer bad" });
    expect(told).toEqual(["token refused for /call/org.example.http.Ping: refused"]);
  });

  it("leaves /health open", async () => {
    const { url } = await front({ verify });
    expect((await request(`${url}health`, "GET")).status).toBe(200);
  });

  it("takes the token from ?access_token= in WebSocket mode (browsers cannot set headers)", async () => {
    const { port } = await front({ verify });
    await expect(RawWebSocket.open(port, "/ws/services/org.example.http")).rejects.toThrow(/401/);
    await expect(RawWebSocket.open(port, "/ws/services/org.example.http?access_token=bad")).rejects.toThrow(
      /401/,
    );
    const ws = await RawWebSocket.open(port, "/ws/services/org.example.http?access_token=good");
    ws.send(clientFrame(Opcode.Binary, ping));
    await ws.until(() => ws.messages.length >= 1);
    expect(ws.messages).toEqual([{ parameters: { text: "hi" } }]);
    ws.socket.destroy();
  });

  it("lets a Node client give the token in the address", async () => {
    const { port } = await front({ verify });
    const client = await VarlinkClient.connect(
      `ws://127.0.0.1:${port}/ws/services/org.example.http?access_token=good`,
    );
    expect(await client.call("org.example.http.Ping", { text: "t" })).toEqual({ text: "t" });
    await client.close();
    await expect(
      VarlinkClient.connect(`ws://127.0.0.1:${port}/ws/services/org.example.http?access_token=bad`),
    ).rejects.toThrow(/HTTP 401 Unauthorized: missing or refused bearer token/);
  });
});

describe("wss:// with mutual TLS", () => {
  let certs: TestCerts;
  beforeAll(() => {
    certs = makeCerts();
  });
  afterAll(() => certs.rm());

  it("serves a client with a certificate and refuses one without", async () => {
    const listener = await serveHttp({
      address: "tls:127.0.0.1:0",
      backends: addressBackends({ "org.example.http": service.address }),
      tls: { ...certs.server, ca: certs.ca, requireClientCert: true },
    });
    listeners.push(listener);
    expect(listener.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const address = `${listener.url.replace("https", "wss")}ws/services/org.example.http`;
    const client = await VarlinkClient.connect(address, { tls: { ca: certs.ca, ...certs.client } });
    expect(await client.call("org.example.http.Ping", { text: "tls" })).toEqual({ text: "tls" });
    await client.close();
    await expect(VarlinkClient.connect(address, { tls: { ca: certs.ca } })).rejects.toThrow(
      /cannot connect to wss:/,
    );
  });
});

describe("limits", () => {
  it("closes a WebSocket with 1009 when a message is over maxMessageSize", async () => {
    const { port } = await front({ maxMessageSize: 64 });
    const ws = await RawWebSocket.open(port, "/ws/services/org.example.http");
    ws.send(clientFrame(Opcode.Binary, "x".repeat(100)));
    await ws.until(() => ws.closed);
    expect(ws.frames.find((f) => f.opcode === Opcode.Close)?.payload.readUInt16BE(0)).toBe(1009);
  });

  it("closes with 1009 when a Varlink message spans frames past the limit", async () => {
    const { port } = await front({ maxMessageSize: 64 });
    const ws = await RawWebSocket.open(port, "/ws/services/org.example.http");
    for (let i = 0; i < 4; i++) ws.send(clientFrame(Opcode.Binary, "y".repeat(30)));
    await ws.until(() => ws.closed);
    expect(ws.frames.find((f) => f.opcode === Opcode.Close)?.payload.readUInt16BE(0)).toBe(1009);
  });

  it("answers 503 beyond maxWebSockets", async () => {
    const { port } = await front({ maxWebSockets: 1 });
    const first = await RawWebSocket.open(port, "/ws/services/org.example.http");
    await expect(RawWebSocket.open(port, "/ws/services/org.example.http")).rejects.toThrow(/503/);
    first.socket.destroy();
  });

  it("closes an idle WebSocket with 1001", async () => {
    const { port } = await front({ idleTimeoutMs: 20 });
    const ws = await RawWebSocket.open(port, "/ws/services/org.example.http");
    await ws.until(() => ws.closed);
    expect(ws.frames.find((f) => f.opcode === Opcode.Close)?.payload.readUInt16BE(0)).toBe(1001);
  });
});

describe("a client going away", () => {
  it("closes the backend connection of a JSON-SEQ stream it stopped reading", async () => {
    const { url } = await front();
    const controller = new AbortController();
    const res = await fetch(`${url}call/org.example.http.Count`, {
      method: "POST",
      body: '{"n":1000000000}',
      headers: { Accept: "application/json-seq" },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    expect(service.server.connectionCount).toBe(1);
    controller.abort();
    await new EventWait("connections").until(() => service.server.connectionCount === 0);
  });
});

describe("backends", () => {
  it("serves every socket of a registry directory by its file name", async () => {
    await writeFile(join(service.dir, "not-a-socket"), "");
    const { url } = await front({ backends: registryBackends(service.dir) });
    expect(JSON.parse((await request(`${url}services`, "GET")).body)).toEqual({
      services: ["org.example.http"],
    });
    const res = await request(`${url}call/org.example.http.Ping`, "POST", '{"text":"r"}');
    expect(JSON.parse(res.body)).toEqual({ text: "r" });
    expect((await request(`${url}call/not-a-socket/org.example.http.Ping`, "POST", "{}")).status).toBe(404);
    expect((await request(`${url}services/..%2Fetc`, "GET")).status).toBe(404);
  });
});

describe("upgrade from a Node client over ws://", () => {
  it("hands over the raw stream after the confirming reply", async () => {
    const { port } = await front();
    const client = await VarlinkClient.connect(`ws://127.0.0.1:${port}/ws/services/org.example.http`);
    const { stream } = await client.callUpgrade("org.example.http.Upgrade");
    const echoed = new Promise<string>((resolve) => {
      let text = "";
      stream.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.length >= 9) resolve(text);
      });
    });
    stream.write("raw\0bytes");
    expect(await echoed).toBe("raw\0bytes");
    stream.destroy();
  });
});
