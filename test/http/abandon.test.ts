/**
 * A simple-mode call whose HTTP client goes away while the bridge is still opening the
 * backend connection: the bridge must close that backend connection, even for a call that
 * would never end (finding 9).
 */
import { afterEach, describe, expect, it } from "vitest";
import * as net from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addressBackends, type VarlinkBackends } from "../../packages/runtime/src/http/backends.js";
import { type HttpListener, serveHttp } from "../../packages/runtime/src/http/listen.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A backend that accepts calls and never answers; resolves `closed` when a connection ends. */
async function silentBackend(): Promise<{ address: string; opened: Promise<void>; closed: Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "abandon-"));
  const path = join(dir, "backend.sock");
  let onOpen!: () => void;
  let onClose!: () => void;
  const opened = new Promise<void>((resolve) => (onOpen = resolve));
  const closed = new Promise<void>((resolve) => (onClose = resolve));
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    onOpen();
    socket.on("error", () => {});
    socket.on("close", () => onClose());
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });
  return { address: `unix:${path}`, opened, closed };
}

describe("a client that leaves while the backend is being opened", () => {
  it.each([
    ["a call that never ends (json-seq, more)", "call/org.example.never.Stream", "application/json-seq"],
    ["a plain call", "call/org.example.never.Wait", "application/json"],
  ])(
    "%s: the backend connection is closed",
    async (_name, path, accept) => {
      const backend = await silentBackend();
      const real = addressBackends({ "org.example.never": backend.address });
      const peer: { client?: net.Socket } = {};
      // Opening the backend waits until the bridge has seen the client go (its abort signal),
      // then connects anyway: exactly the window where the client's `close` was missed.
      const backends: VarlinkBackends = {
        services: () => real.services(),
        async open(service, signal) {
          peer.client?.destroy();
          if (signal !== undefined && !signal.aborted)
            await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
          return real.open(service);
        },
      };
      const bridge: HttpListener = await serveHttp({ address: "tcp:127.0.0.1:0", backends });
      cleanups.push(() => bridge.close());
      const port = Number(new URL(bridge.url).port);
      const client = net.connect(port, "127.0.0.1");
      peer.client = client;
      client.on("error", () => {});
      client.write(
        `POST /${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAccept: ${accept}\r\n` +
          "Content-Length: 2\r\n\r\n{}",
      );
      await backend.opened;
      await expect(backend.closed).resolves.toBeUndefined();
    },
    20_000,
  );
});
