/**
 * A WebSocket tunnel's socket has TCP keepalive on (finding 13): with a call owed the idle
 * timer is off, and keepalive is what notices a peer that vanished without a FIN.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as net from "node:net";
import { addressBackends } from "../../packages/runtime/src/http/backends.js";
import { type HttpListener, serveHttp } from "../../packages/runtime/src/http/listen.js";
import { RawWebSocket, startService } from "./helpers.js";

let service: Awaited<ReturnType<typeof startService>>;
let bridge: HttpListener;

beforeAll(async () => {
  service = await startService();
  bridge = await serveHttp({
    address: "tcp:127.0.0.1:0",
    backends: addressBackends({ "org.example.http": service.address }),
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await bridge.close();
  await service.stop();
});

describe("WebSocket tunnel", () => {
  it("turns TCP keepalive on for the upgraded socket", async () => {
    const enabled: number[] = [];
    const setKeepAlive = net.Socket.prototype.setKeepAlive;
    vi.spyOn(net.Socket.prototype, "setKeepAlive").mockImplementation(function (
      this: net.Socket,
      enable?: boolean,
      delay?: number,
    ) {
      if (enable === true) enabled.push(this.localPort ?? -1);
      return setKeepAlive.call(this, enable, delay);
    });
    const ws = await RawWebSocket.open(Number(new URL(bridge.url).port), "/ws/services/org.example.http");
    try {
      // The bridge's side of the connection is the one whose local port is the bridge's.
      expect(enabled).toContain(Number(new URL(bridge.url).port));
    } finally {
      ws.socket.destroy();
    }
  });
});
