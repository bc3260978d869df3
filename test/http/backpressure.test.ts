/**
 * Simple mode's JSON-SEQ stream honours backpressure (finding 5): a backend streaming many MB
 * to an HTTP client that does not read is paused once the response backs up, so the bridge
 * holds a bounded amount; when the client reads, every record arrives.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import * as http from "node:http";
import * as net from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addressBackends, type VarlinkBackends } from "../../packages/runtime/src/http/backends.js";
import { serveHttp } from "../../packages/runtime/src/http/listen.js";

const RECORD = 64 * 1024;
const RECORDS = 512; // 32 MiB: far more than the socket buffers on the way hold.
const BOUND = 4 * 1024 * 1024;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A backend answering any call with RECORDS big `continues` replies, writing only as fast as its socket drains. */
async function floodingBackend(): Promise<{ address: string; done: Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "backpressure-"));
  const path = join(dir, "backend.sock");
  let onDone!: () => void;
  const done = new Promise<void>((resolve) => (onDone = resolve));
  const sockets = new Set<net.Socket>();
  const reply = `{"parameters":{"s":"${"x".repeat(RECORD)}"},"continues":true}\0`;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.once("data", () => {
      let sent = 0;
      const pump = (): void => {
        while (sent < RECORDS) {
          sent++;
          if (!socket.write(reply)) {
            socket.once("drain", pump);
            return;
          }
        }
        socket.write('{"parameters":{"s":""}}\0', () => onDone());
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });
  return { address: `unix:${path}`, done };
}

describe("a json-seq stream to a client that does not read", () => {
  it("pauses the backend; the bridge holds a bounded amount; reading drains it all", async () => {
    const backend = await floodingBackend();
    const real = addressBackends({ "org.example.flood": backend.address });
    let onPaused!: () => void;
    const paused = new Promise<void>((resolve) => (onPaused = resolve));
    const backends: VarlinkBackends = {
      services: () => real.services(),
      async open(service, signal) {
        const channel = await real.open(service, signal);
        if (channel === undefined) return undefined;
        const pause = channel.pause.bind(channel);
        channel.pause = () => {
          onPaused();
          pause();
        };
        return channel;
      },
    };
    let held = 0;
    const write = http.ServerResponse.prototype.write;
    vi.spyOn(http.ServerResponse.prototype, "write").mockImplementation(function (
      this: http.ServerResponse,
      ...args: unknown[]
    ) {
      const result = (write as (...a: unknown[]) => boolean).apply(this, args);
      held = Math.max(held, this.writableLength);
      return result;
    });
    const bridge = await serveHttp({ address: "tcp:127.0.0.1:0", backends });
    cleanups.push(() => bridge.close());
    const client = net.connect(Number(new URL(bridge.url).port), "127.0.0.1");
    client.pause();
    let text = "";
    client.setEncoding("latin1");
    client.on("data", (chunk: string) => (text += chunk));
    const ended = new Promise<void>((resolve) => client.on("end", resolve));
    client.write(
      "POST /call/org.example.flood.Stream HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
        "Accept: application/json-seq\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
    );
    // The client starts reading once the bridge paused the backend or (without backpressure)
    // once the backend has pushed everything out.
    await Promise.race([paused, backend.done]);
    expect(held).toBeLessThan(BOUND);
    client.resume();
    await ended;
    expect(text.split("\x1e").length - 1).toBe(RECORDS + 1);
  }, 60_000);
});
