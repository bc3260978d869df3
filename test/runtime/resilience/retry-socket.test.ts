/**
 * retryInterceptor over real unix sockets: a fresh VarlinkClient per attempt (a hand-made
 * `Invoke`, independent of the pooled clients), a server that drops the first connection after
 * reading the call, or is not listening yet. Real timers with a 1 ms backoff ceiling; the test
 * waits for events only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../../packages/runtime/src/client/client.js";
import type { ClientRequest, Invoke } from "../../../packages/runtime/src/client/interceptor.js";
import { retryInterceptor } from "../../../packages/runtime/src/client/resilience/retry.js";
import { ConnectionError } from "../../../packages/runtime/src/errors.js";
import { VarlinkServer } from "../../../packages/runtime/src/server/server.js";
import { SocketChannel } from "../../../packages/runtime/src/transports/node-socket.js";
import { EVENT_LIMIT_MS } from "../../helpers/time-limits.js";
import { serverInfo } from "../helpers.js";
import { clientRequest } from "./request.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A Varlink server with `org.example.retry.Get`, counting the calls it handled. */
function varlinkServer(): { server: VarlinkServer; handled: () => number } {
  let handled = 0;
  const server = new VarlinkServer(serverInfo);
  server.addInterface({
    name: "org.example.retry",
    description: "interface org.example.retry\nmethod Get() -> (ok: bool)\n",
    methods: { Get: { handler: () => (handled++, { ok: true }) } },
  });
  return { server, handled: () => handled };
}

/**
 * Listens on a fresh unix socket: the first `drop` connections are closed as soon as a whole
 * call (up to its NUL) has arrived, the others are served by a real VarlinkServer.
 */
async function flakyServer(drop: number): Promise<{ address: string; path: string; handled: () => number }> {
  const dir = mkdtempSync(join(tmpdir(), "vlc-retry-"));
  const path = join(dir, "s");
  const { server, handled } = varlinkServer();
  let connections = 0;
  const listener = net.createServer((socket) => {
    if (connections++ >= drop) return server.serveChannel(new SocketChannel(socket, "test peer"));
    socket.on("data", (chunk) => {
      if (chunk.includes(0)) socket.destroy();
    });
  });
  await new Promise<void>((resolve) => listener.listen(path, resolve));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(async () => {
    await server.close({ timeoutMs: 0 });
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  });
  return { address: `unix:${path}`, path, handled };
}

/** One attempt = one fresh connection, closed after the reply. */
function freshClientPerAttempt(address: () => string, attempts: { n: number }): Invoke {
  return async (request) => {
    attempts.n++;
    const client = await VarlinkClient.connect(address());
    try {
      const parameters = await client.call(request.method, request.parameters);
      return { kind: "call", parameters, peer: address() };
    } finally {
      await client.close();
    }
  };
}

function get(address: string, idempotent: boolean): ClientRequest {
  return clientRequest({ method: "org.example.retry.Get", idempotent, target: address });
}

const retry = retryInterceptor({ backoff: { baseMs: 1, maxMs: 1 } });

describe("retryInterceptor over a real socket", () => {
  it(
    "the server drops the connection after the call was written: an idempotent call succeeds on attempt 2",
    async () => {
      const { address, handled } = await flakyServer(1);
      const attempts = { n: 0 };
      const call = retry(freshClientPerAttempt(() => address, attempts));
      await expect(call(get(address, true))).resolves.toMatchObject({ parameters: { ok: true } });
      expect(attempts.n).toBe(2);
      expect(handled()).toBe(1);
    },
    EVENT_LIMIT_MS,
  );

  it(
    "the same loss is not retried for a method not declared safe to retry (the server may have acted)",
    async () => {
      const { address, handled } = await flakyServer(1);
      const attempts = { n: 0 };
      const call = retry(freshClientPerAttempt(() => address, attempts));
      const error: unknown = await call(get(address, false)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ written: true, transient: true });
      expect(attempts.n).toBe(1);
      expect(handled()).toBe(0);
    },
    EVENT_LIMIT_MS,
  );

  it(
    "connection refused (nothing listening yet) is retried for any method: nothing was sent",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "vlc-retry-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const address = `unix:${join(dir, "s")}`;
      const { server, handled } = varlinkServer();
      cleanups.push(() => server.close({ timeoutMs: 0 }));
      const attempts = { n: 0 };
      const refusedOnce: Invoke = async (request) => {
        try {
          return await freshClientPerAttempt(() => address, attempts)(request);
        } catch (error) {
          // The service comes up right after the first refusal (an event, not a delay).
          if (attempts.n === 1) await server.listen(address);
          throw error;
        }
      };
      await expect(retry(refusedOnce)(get(address, false))).resolves.toMatchObject({
        parameters: { ok: true },
      });
      expect(attempts.n).toBe(2);
      expect(handled()).toBe(1);
    },
    EVENT_LIMIT_MS,
  );
});
