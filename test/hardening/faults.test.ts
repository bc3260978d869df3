/**
 * Faults: peers that die, servers that close, handlers that throw, reject or hang, frames cut in
 * half, readers that stop reading. Nothing may hang, crash or leak, and other callers keep working.
 */
import { spawn } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ConnectionError,
  TimeoutError,
  VarlinkClient,
  VarlinkError,
} from "../../packages/runtime/src/index.js";
import { startFixtureServer, type FixtureServer } from "./fixture-server.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";
import { activeResources, leakedSince } from "./resources.js";
import { exchange, frame, rawConnect } from "./wire.js";

const PING = "org.example.hardening.Ping";

/** The fixture answers a fresh client: proof the server still serves others. */
async function stillServes(fixture: FixtureServer): Promise<void> {
  const client = await VarlinkClient.connect(fixture.address);
  try {
    expect(await client.call(PING, { ping: "still here" })).toEqual({ pong: "still here" });
  } finally {
    await client.close();
  }
}

describe("faults", () => {
  let fixture: FixtureServer;
  let before: Map<string, number>;

  beforeEach(async () => {
    before = activeResources();
    fixture = await startFixtureServer();
  });

  afterEach(async () => {
    await fixture.close();
    expect(await leakedSince(before)).toEqual([]);
  });

  it("releases a stream whose client process is killed mid-stream", async () => {
    const path = fixture.address.replace(/^unix:/, "");
    const script = `const s = require("node:net").connect(${JSON.stringify(path)});
      s.write(JSON.stringify({ method: "org.example.hardening.Count", parameters: { n: 1e9 }, more: true }) + "\\0");
      s.once("data", () => console.log("STREAMING"));`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.once("data", () => resolve());
        child.once("exit", () => reject(new Error("client exited before streaming")));
      });
      child.kill("SIGKILL");
      await exited;
      await vi.waitFor(() => expect(fixture.activity.streamsFinished).toBe(1), {
        timeout: EVENT_LIMIT_MS,
        interval: 20,
      });
      await stillServes(fixture);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("rejects every call in flight with ConnectionError when the server side dies", async () => {
    // A "server" that reads the calls and then drops the connection, as a killed process would.
    const dir = mkdtempSync(join(tmpdir(), "varlink-dying-"));
    const path = join(dir, "dying.sock");
    let received = 0;
    const sockets = new Set<Socket>();
    const dying: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on("data", (chunk) => {
        received += chunk.filter((byte) => byte === 0).length;
        if (received >= 11) socket.destroy();
      });
    });
    await new Promise<void>((resolve) => dying.listen(path, resolve));
    try {
      const client = await VarlinkClient.connect(`unix:${path}`);
      const calls = Array.from({ length: 10 }, (_, i) => client.call(PING, { ping: String(i) }));
      const stream = (async () => {
        for await (const _reply of client.callMore("org.example.hardening.Count", { n: 5 })) {
          // no reply ever comes
        }
      })();
      const outcomes = await Promise.allSettled([...calls, stream]);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe("rejected");
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConnectionError);
      }
      await expect(client.call(PING, { ping: "after" })).rejects.toBeInstanceOf(ConnectionError);
      await client.close();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => dying.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers calls in flight on a graceful close, then refuses new connections", async () => {
    const client = await VarlinkClient.connect(fixture.address);
    const inFlight = Array.from({ length: 5 }, (_, i) =>
      client.call("org.example.hardening.Slow", { ms: 20 + i }),
    );
    // Close only once the server has read the calls (their handlers started).
    await vi.waitFor(() => expect(fixture.activity.slowStarted).toBe(5), {
      timeout: EVENT_LIMIT_MS,
      interval: 5,
    });
    const closing = fixture.server.close();
    const replies = await Promise.all(inFlight);
    expect(replies).toEqual([{ ms: 20 }, { ms: 21 }, { ms: 22 }, { ms: 23 }, { ms: 24 }]);
    await closing;
    await expect(client.call(PING, { ping: "late" })).rejects.toBeInstanceOf(ConnectionError);
    await expect(VarlinkClient.connect(fixture.address)).rejects.toBeInstanceOf(ConnectionError);
    await client.close();
  });

  it.each(["throw", "reject", "string"])(
    "answers a handler that fails (%s) with an error that leaks nothing",
    async (kind) => {
      const client = await VarlinkClient.connect(fixture.address);
      try {
        const error = await client.call("org.example.hardening.Fail", { kind }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VarlinkError);
        const text = JSON.stringify({
          error: (error as VarlinkError).error,
          parameters: (error as VarlinkError).parameters,
        });
        expect(text).not.toMatch(/internal detail|secret|handler\.ts|bare string|at /);
        // The connection survives the failed call.
        expect(await client.call(PING, { ping: "next" })).toEqual({ pong: "next" });
      } finally {
        await client.close();
      }
    },
  );

  it("passes a handler's VarlinkError through with its parameters", async () => {
    const client = await VarlinkClient.connect(fixture.address);
    try {
      const error = await client
        .call("org.example.hardening.Fail", { kind: "varlink" })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        error: "org.example.hardening.Expected",
        parameters: { reason: "asked to" },
      });
    } finally {
      await client.close();
    }
  });

  it("times out a hanging handler on the client while the server keeps serving others", async () => {
    const client = await VarlinkClient.connect(fixture.address);
    await expect(client.call("org.example.hardening.Hang", {}, { timeoutMs: 50 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(fixture.activity.hanging).toBe(1);
    await stillServes(fixture);
    // Not awaited here: see the next test. The bounded server close in afterEach releases it.
    const closing = client.close();
    await fixture.server.close({ timeoutMs: 100 });
    await closing;
    expect(fixture.activity.hangsAborted).toBe(1);
  });

  it("closes a client promptly even while its call hangs on the server", async () => {
    const client = await VarlinkClient.connect(fixture.address);
    const hung = client.call("org.example.hardening.Hang", {}).catch((error: unknown) => error);
    await vi.waitFor(() => expect(fixture.activity.hanging).toBe(1), {
      timeout: EVENT_LIMIT_MS,
      interval: 10,
    });
    // Before 7ce4b3f close() waited for the server, which waits for the handler. No wall-clock
    // race here: a flush bound far beyond the test timeout means close() resolves only if it does
    // not wait for the server (its default 5 s bound would hide that); the test timeout is the bound.
    await client.close({ timeoutMs: 10 * 60_000 });
    expect(await hung).toBeInstanceOf(ConnectionError);
    await fixture.server.close({ timeoutMs: 100 }); // releases the handler (see the next test)
  });

  // Before issue 11 the server kept a connection whose client had gone (EOF) open until its calls
  // were answered, so a handler that never finished was never told. Now a half-closed peer with
  // calls pending is probed (a zero-byte write: EPIPE once the peer closed; see peer-watch.ts).
  it("aborts a hanging handler's signal when its client goes away", async () => {
    const client = await VarlinkClient.connect(fixture.address);
    void client.call("org.example.hardening.Hang", {}).catch(() => undefined);
    await vi.waitFor(() => expect(fixture.activity.hanging).toBe(1), {
      timeout: EVENT_LIMIT_MS,
      interval: 10,
    });
    await client.close();
    try {
      await vi.waitFor(() => expect(fixture.activity.hangsAborted).toBe(1), { timeout: 3000, interval: 20 });
    } finally {
      await fixture.server.close({ timeoutMs: 100 });
    }
  });

  it(
    "still answers a unix client that only half-closed, across the probes",
    { timeout: 20_000 },
    async () => {
      // 1.2 s: the call outlives the probe at EOF and the one a second later (peer-watch.ts); the
      // reply must arrive byte-exact (a probe sends nothing) and then the server closes.
      const socket = await rawConnect(fixture.address);
      let data = "";
      socket.on("data", (chunk: Buffer) => (data += chunk.toString()));
      const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
      socket.end(frame({ method: "org.example.hardening.Slow", parameters: { ms: 1200 } }));
      await closed;
      expect(data).toBe('{"parameters":{"ms":1200}}\0');
    },
  );

  it("closes a hanging handler's connection when a bounded server close runs out of time", async () => {
    const client = await VarlinkClient.connect(fixture.address);
    const hung = client.call("org.example.hardening.Hang", {}).catch((error: unknown) => error);
    await vi.waitFor(() => expect(fixture.activity.hanging).toBe(1), {
      timeout: EVENT_LIMIT_MS,
      interval: 10,
    });
    await fixture.server.close({ timeoutMs: 50 });
    expect(await hung).toBeInstanceOf(ConnectionError);
    expect(fixture.activity.hangsAborted).toBe(1);
    await client.close();
  });

  it("survives a half-written frame followed by a disconnect", async () => {
    const result = await exchange(
      fixture.address,
      '{"method":"org.example.hardening.Ping","parameters":{"pi',
      { endAfterWrite: true },
    );
    expect(result.replies).toEqual([]);
    await stillServes(fixture);
  });

  it("stops producing stream replies while the reader does not read (bounded memory)", async () => {
    const total = 300_000;
    const socket = await rawConnect(fixture.address);
    try {
      socket.pause();
      socket.write(frame({ method: "org.example.hardening.Count", parameters: { n: total }, more: true }));
      // Wait until production stalls: two equal readings 100 ms apart (bounded by vi.waitFor).
      let last = -1;
      await vi.waitFor(
        () => {
          const now = fixture.activity.produced;
          const stalled = now === last && now > 0;
          last = now;
          expect(stalled).toBe(true);
        },
        { timeout: EVENT_LIMIT_MS, interval: 100 },
      );
      // Backpressure: the generator waits for the socket instead of queueing every reply.
      expect(fixture.activity.produced).toBeLessThan(total / 3);
      await stillServes(fixture);
      // Reading again delivers every reply, in order, and ends the stream.
      let count = 0;
      let tail = "";
      await new Promise<void>((resolve, reject) => {
        socket.on("data", (chunk: Buffer) => {
          const parts = (tail + chunk.toString("utf8")).split("\0");
          tail = parts.pop() ?? "";
          for (const part of parts) {
            const reply = JSON.parse(part) as { parameters: { i: number }; continues?: boolean };
            if (reply.parameters.i !== count)
              reject(new Error(`reply ${count} carried ${reply.parameters.i}`));
            count++;
            if (reply.continues !== true) resolve();
          }
        });
        socket.once("close", () => reject(new Error(`closed after ${count} replies`)));
        socket.resume();
      });
      expect(count).toBe(total);
    } finally {
      socket.destroy();
    }
  });
});
