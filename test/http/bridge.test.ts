/**
 * UAPI.20's HTTP transport through our bridge (serveHttp + addressBackends) to a service on a
 * unix socket: every route and status of the spec's tables with raw requests, JSON-SEQ
 * streaming, and WebSocket mode with frames split across and joined between messages.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as net from "node:net";
import { join } from "node:path";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { addressBackends } from "../../packages/runtime/src/http/backends.js";
import { type HttpListener, serveHttp } from "../../packages/runtime/src/http/listen.js";
import { Opcode } from "../../packages/runtime/src/transports/websocket/frame.js";
import { RawWebSocket, clientFrame, request, startService } from "./helpers.js";

let service: Awaited<ReturnType<typeof startService>>;
let bridge: HttpListener;
let base: string;
let port: number;

beforeAll(async () => {
  service = await startService();
  bridge = await serveHttp({
    address: "tcp:127.0.0.1:0",
    backends: addressBackends({
      "org.example.http": service.address,
      "org.example.gone": `unix:${join(service.dir, "nobody-listens")}`,
    }),
    allowedOrigins: ["https://app.example"],
  });
  base = bridge.url;
  port = Number(new URL(base).port);
});

afterAll(async () => {
  await bridge.close();
  await service.stop();
});

const json = { "Content-Type": "application/json", Accept: "application/json" };

describe("simple mode", () => {
  it.each([
    ["success, unwrapped", "call/org.example.http.Ping", '{"text":"hi"}', 200, { text: "hi" }],
    [
      "empty body is {}",
      "call/org.varlink.service.GetInterfaceDescription?service=org.example.http",
      "",
      400,
      { error: "org.varlink.service.InvalidParameter", parameters: { parameter: "interface" } },
    ],
    ["explicit service", "call/org.example.http/org.varlink.service.GetInfo", "{}", 200, undefined],
    [
      "?service= for a cross-interface call",
      "call/org.varlink.service.GetInfo?service=org.example.http",
      "{}",
      200,
      undefined,
    ],
    [
      "other error: 500",
      "call/org.example.http.Fail",
      "{}",
      500,
      { error: "org.example.http.Failed", parameters: { reason: "because" } },
    ],
    [
      "PermissionDenied: 403",
      "call/org.example.http.Denied",
      "{}",
      403,
      { error: "org.varlink.service.PermissionDenied", parameters: {} },
    ],
    [
      "MethodNotFound: 404",
      "call/org.example.http.Nope",
      "{}",
      404,
      { error: "org.varlink.service.MethodNotFound", parameters: { method: "org.example.http.Nope" } },
    ],
    [
      "InterfaceNotFound: 404",
      "call/org.example.http/org.example.other.Ping",
      "{}",
      404,
      { error: "org.varlink.service.InterfaceNotFound", parameters: { interface: "org.example.other" } },
    ],
    [
      "MethodNotImplemented: 501",
      "call/org.example.http.Unimplemented",
      "{}",
      501,
      {
        error: "org.varlink.service.MethodNotImplemented",
        parameters: { method: "org.example.http.Unimplemented" },
      },
    ],
    [
      "ExpectedUpgrade: 400",
      "call/org.example.http.Upgrade",
      "{}",
      400,
      { error: "org.varlink.service.ExpectedUpgrade", parameters: {} },
    ],
    ["invalid JSON body: 400", "call/org.example.http.Ping", "{nope", 400, undefined],
    ["non-object body: 400", "call/org.example.http.Ping", "[1]", 400, undefined],
    ["unknown service: 404", "call/org.example.none.Ping", "{}", 404, undefined],
    ["unreachable service: 502", "call/org.example.gone.Ping", "{}", 502, undefined],
    ["not a method name: 400", "call/Ping", "{}", 400, undefined],
  ])("%s", async (_name, path, body, status, expected) => {
    const res = await request(base + path, "POST", body, json);
    expect(res.status).toBe(status);
    expect(res.headers["content-type"]).toBe("application/json");
    const parsed = JSON.parse(res.body) as Record<string, unknown>;
    if (expected !== undefined) expect(parsed).toEqual(expected);
    // The front's own failures say why in {"message"}; Varlink errors carry error + parameters.
    if (status >= 400 && expected === undefined) expect(typeof parsed["message"]).toBe("string");
  });

  it("keeps integers beyond 2^53 exact", async () => {
    const res = await request(`${base}call/org.example.http.Big`, "POST", "{}", json);
    expect(res.body).toBe(`{"n":${2n ** 63n - 1n}}`);
  });

  it("answers a oneway call 204 with an empty body", async () => {
    const res = await request(`${base}call/org.example.http.Ping?oneway=true`, "POST", '{"text":"x"}', json);
    expect(res.status).toBe(204);
    expect(res.body).toBe("");
  });

  it("streams more replies as an RFC 7464 sequence", async () => {
    const res = await request(`${base}call/org.example.http.Count`, "POST", '{"n":3}', {
      ...json,
      Accept: "application/json-seq",
    });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json-seq");
    expect(res.body).toBe('\x1e{"i":1}\n\x1e{"i":2}\n\x1e{"i":3}\n');
  });

  it("ends a sequence with an error record", async () => {
    const res = await request(`${base}call/org.example.http.Fail`, "POST", "{}", {
      ...json,
      Accept: "application/json-seq",
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('\x1e{"error":"org.example.http.Failed","parameters":{"reason":"because"}}\n');
  });

  it("refuses a body over the limit with 413", async () => {
    const res = await request(
      `${base}call/org.example.http.Ping`,
      "POST",
      `{"text":"${"x".repeat(2 << 20)}"}`,
      json,
    );
    expect(res.status).toBe(413);
  });

  it.each([
    ["GET on call", "GET", "call/org.example.http.Ping", 405],
    ["POST on services", "POST", "services", 405],
    ["unknown route", "GET", "nope", 404],
    ["ws route without upgrade", "GET", "ws/services/org.example.http", 426],
  ])("%s", async (_name, method, path, status) => {
    expect((await request(base + path, method, undefined, json)).status).toBe(status);
  });
});

describe("introspection and health", () => {
  it("lists the services", async () => {
    const res = await request(`${base}services`, "GET", undefined, json);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ services: ["org.example.gone", "org.example.http"] });
  });

  it("returns GetInfo of a service", async () => {
    const res = await request(`${base}services/org.example.http`, "GET", undefined, json);
    expect(JSON.parse(res.body)).toEqual({
      vendor: "Test Vendor",
      product: "test",
      version: "1",
      url: "https://example.org",
      interfaces: ["org.varlink.service", "org.example.http"],
    });
  });

  it("returns the method names of an interface", async () => {
    const res = await request(`${base}services/org.example.http/org.example.http`, "GET", undefined, json);
    expect(JSON.parse(res.body)).toEqual({
      methods: ["Ping", "Count", "Fail", "Denied", "Big", "Upgrade", "Unimplemented"],
    });
  });

  it.each([
    ["unknown service", "services/org.example.none", 404],
    ["unknown interface", "services/org.example.http/org.example.none", 400],
    ["unreachable service", "services/org.example.gone", 502],
  ])("%s", async (_name, path, status) => {
    expect((await request(base + path, "GET", undefined, json)).status).toBe(status);
  });

  it("answers /health", async () => {
    expect((await request(`${base}health`, "GET")).status).toBe(200);
  });
});

describe("Origin and CORS", () => {
  it("refuses an Origin not in the list", async () => {
    const res = await request(`${base}health`, "GET", undefined, { Origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });

  it("answers an allowed Origin with CORS headers", async () => {
    const res = await request(`${base}call/org.example.http.Ping`, "POST", '{"text":"a"}', {
      ...json,
      Origin: "https://app.example",
    });
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe("https://app.example");
  });

  it("answers a preflight", async () => {
    const res = await request(`${base}call/org.example.http.Ping`, "OPTIONS", undefined, {
      Origin: "https://app.example",
      "Access-Control-Request-Method": "POST",
    });
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-methods"]).toContain("POST");
  });
});

describe("WebSocket mode", () => {
  const ping = (text: string): string =>
    `{"method":"org.example.http.Ping","parameters":{"text":"${text}"}}\0`;

  it("tunnels calls split across frames and joined in one frame, re-framed one message per frame", async () => {
    const ws = await RawWebSocket.open(port, "/ws/services/org.example.http");
    const calls = ping("a") + ping("b") + ping("c");
    // "a" split across three frames (one of them a text frame), "b" and "c" joined in one.
    const cut1 = 5;
    const cut2 = ping("a").length - 2;
    ws.send(clientFrame(Opcode.Binary, calls.slice(0, cut1)));
    ws.send(
      Buffer.concat([
        clientFrame(Opcode.Text, calls.slice(cut1, cut2)),
        clientFrame(Opcode.Binary, calls.slice(cut2)),
      ]),
    );
    await ws.until(() => ws.messages.length >= 3);
    expect(ws.messages).toEqual([
      { parameters: { text: "a" } },
      { parameters: { text: "b" } },
      { parameters: { text: "c" } },
    ]);
    const data = ws.frames.filter((f) => f.opcode === Opcode.Binary);
    expect(data.map((f) => f.payload.toString())).toEqual([
      '{"parameters":{"text":"a"}}\0',
      '{"parameters":{"text":"b"}}\0',
      '{"parameters":{"text":"c"}}\0',
    ]);
    ws.socket.destroy();
  });

  it("accepts fragmented messages (continuation frames) and answers ping with pong", async () => {
    const ws = await RawWebSocket.open(port, "/ws/services/org.example.http");
    const call = ping("frag");
    ws.send(clientFrame(Opcode.Binary, call.slice(0, 10), false));
    ws.send(clientFrame(Opcode.Ping, "hello"));
    ws.send(clientFrame(Opcode.Continuation, call.slice(10), true));
    await ws.until(() => ws.messages.length >= 1);
    expect(ws.messages).toEqual([{ parameters: { text: "frag" } }]);
    const pong = ws.frames.find((f) => f.opcode === Opcode.Pong);
    expect(pong?.payload.toString()).toBe("hello");
    ws.socket.destroy();
  });

  it("streams more replies and forwards an upgrade verbatim", async () => {
    const ws = await RawWebSocket.open(port, "/ws/services/org.example.http");
    ws.send(
      clientFrame(Opcode.Binary, '{"method":"org.example.http.Count","parameters":{"n":2},"more":true}\0'),
    );
    ws.send(clientFrame(Opcode.Binary, '{"method":"org.example.http.Upgrade","upgrade":true}\0'));
    await ws.until(() => ws.messages.length >= 3);
    expect(ws.messages).toEqual([
      { parameters: { i: 1 }, continues: true },
      { parameters: { i: 2 } },
      { parameters: {} },
    ]);
    const before = ws.frames.length;
    // Raw bytes with NULs inside: after the confirmation nothing is re-framed or parsed.
    const raw = Buffer.from("raw\0bytes\0\0and more");
    ws.send(clientFrame(Opcode.Binary, raw));
    await ws.until(() => Buffer.concat(ws.frames.slice(before).map((f) => f.payload)).length >= raw.length);
    expect(Buffer.concat(ws.frames.slice(before).map((f) => f.payload))).toEqual(raw);
    ws.socket.destroy();
  });

  it.each([
    ["an unmasked client frame", Buffer.from([0x82, 0x01, 0x41]), 1002],
    [
      "reserved bits",
      Buffer.concat([Buffer.from([0xc2]), clientFrame(Opcode.Binary, "x").subarray(1)]),
      1002,
    ],
    ["a continuation without a message", clientFrame(Opcode.Continuation, "x"), 1002],
    ["a fragmented ping", clientFrame(Opcode.Ping, "x", false), 1002],
  ])("closes on %s with close code %s", async (_name, bytes, code) => {
    const ws = await RawWebSocket.open(port, "/ws/services/org.example.http");
    ws.send(bytes);
    await ws.until(() => ws.closed);
    const close = ws.frames.find((f) => f.opcode === Opcode.Close);
    expect(close?.payload.readUInt16BE(0)).toBe(code);
  });

  it("answers the closing handshake", async () => {
    const ws = await RawWebSocket.open(port, "/ws/services/org.example.http");
    const payload = Buffer.from([0x03, 0xe8]);
    ws.send(clientFrame(Opcode.Close, payload));
    await ws.until(() => ws.closed);
    expect(ws.frames.find((f) => f.opcode === Opcode.Close)?.payload.readUInt16BE(0)).toBe(1000);
  });

  it.each([
    ["an unknown service", "/ws/services/org.example.none", /404/],
    ["an unreachable service", "/ws/services/org.example.gone", /502 Bad Gateway/],
  ])("refuses the upgrade for %s", async (_name, path, status) => {
    await expect(RawWebSocket.open(port, path)).rejects.toThrow(status);
  });

  it("serves VarlinkClient over ws:// (pipelining, more, oneway)", async () => {
    const client = await VarlinkClient.connect(`ws://127.0.0.1:${port}/ws/services/org.example.http`);
    const [a, b] = await Promise.all([
      client.call("org.example.http.Ping", { text: "a" }),
      client.call("org.example.http.Ping", { text: "b" }),
    ]);
    expect([a, b]).toEqual([{ text: "a" }, { text: "b" }]);
    const seen: unknown[] = [];
    for await (const reply of client.callMore("org.example.http.Count", { n: 3 })) seen.push(reply);
    expect(seen).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
    await client.callOneway("org.example.http.Ping", { text: "c" });
    expect(await client.call("org.example.http.Ping", { text: "d" })).toEqual({ text: "d" });
    await client.close();
  });
});

describe("WebSocket tunnel keepalive", () => {
  // With a call owed the idle timer is off: TCP keepalive notices a peer gone without a FIN.
  it("turns TCP keepalive on for the upgraded socket", async () => {
    const enabled: number[] = [];
    const setKeepAlive = net.Socket.prototype.setKeepAlive;
    const spy = vi.spyOn(net.Socket.prototype, "setKeepAlive").mockImplementation(function (
      this: net.Socket,
      enable?: boolean,
      delay?: number,
    ) {
      if (enable === true) enabled.push(this.localPort ?? -1);
      return setKeepAlive.call(this, enable, delay);
    });
    try {
      const ws = await RawWebSocket.open(port, "/ws/services/org.example.http");
      ws.socket.destroy();
      // The bridge's side of the connection is the one whose local port is the bridge's.
      expect(enabled).toContain(port);
    } finally {
      spy.mockRestore();
    }
  });
});
