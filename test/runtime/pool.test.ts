/**
 * Connections (issue 11): one slow call must not delay another, a timed-out call's connection is
 * set aside until its late reply, bounds reject with a typed error, and the same client recovers
 * after the server restarts. Real sockets (unix and tcp loopback); waits for events, not time.
 */
import { describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { ConnectionPool } from "../../packages/runtime/src/client/pool.js";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import {
  ConnectionError,
  PoolExhaustedError,
  TimeoutError,
  isVarlinkError,
} from "../../packages/runtime/src/errors.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";
import { gateServer, perTest, unixAddress } from "./pool-helpers.js";
import { turns } from "./helpers.js";

const TEST_LIMIT = EVENT_LIMIT_MS * 2;
const { defer, unixGate } = perTest();

/** Tracks whether a promise settled, without letting a rejection go unhandled. */
function track<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let settled = false;
  const watched = promise.finally(() => (settled = true));
  watched.catch(() => {});
  return { settled: () => settled, promise: watched };
}

/** A round trip on a connection of its own: everything the server had read before is handled. */
async function roundTrip(address: string): Promise<void> {
  const probe = await VarlinkClient.connect(address);
  await probe.call("org.varlink.service.GetInfo");
  await probe.close();
}

describe("one connection (the finding of issue 11)", () => {
  it(
    "serialises a fast call behind a slow one",
    async () => {
      const gate = await unixGate();
      const client = await VarlinkClient.connect(gate.address);
      defer(() => client.close());
      const slow = track(client.call("org.example.gate.Slow"));
      await gate.slowEntered();
      const fast = track(client.call("org.example.gate.Echo", { n: 1 }));
      await roundTrip(gate.address);
      await turns(20);
      expect(fast.settled()).toBe(false); // held behind Slow: replies come in order
      gate.release();
      await slow.promise;
      await fast.promise;
    },
    TEST_LIMIT,
  );
});

describe("ServiceClient connections", () => {
  it(
    "completes 100 calls while a slow call is in flight",
    async () => {
      const gate = await unixGate();
      const client = new ServiceClient(gate.address);
      defer(() => client.close());
      const slow = track(client.call("org.example.gate.Slow"));
      await gate.slowEntered();
      const replies = await Promise.all(
        Array.from({ length: 100 }, (_, i) => client.call("org.example.gate.Echo", { i })),
      );
      expect(replies.map((r) => r["i"])).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(slow.settled()).toBe(false); // the slow handler is still blocked on the gate
      gate.release();
      expect(await slow.promise).toEqual({ slow: true });
    },
    TEST_LIMIT,
  );

  it(
    "does not let a timed-out call delay the next",
    async () => {
      const gate = await unixGate();
      const client = new ServiceClient(gate.address);
      defer(() => client.close());
      const timedOut = client.call("org.example.gate.Slow", {}, { timeoutMs: 50 });
      await expect(timedOut).rejects.toBeInstanceOf(TimeoutError);
      expect(await client.call("org.example.gate.Echo", { after: true })).toEqual({ after: true });
      gate.release();
    },
    TEST_LIMIT,
  );
});

describe("ConnectionPool", () => {
  it(
    "never writes a call behind a timed-out call's owed reply: at maxConnections it closes that connection for it",
    async () => {
      const gate = await unixGate();
      const pool = new ConnectionPool(gate.address, { maxConnections: 1 });
      defer(() => pool.close());
      await expect(pool.call("org.example.gate.Slow", {}, { timeoutMs: 50 })).rejects.toBeInstanceOf(
        TimeoutError,
      );
      // Slow is never released: written behind its owed reply, Echo would never be answered.
      expect(await pool.call("org.example.gate.Echo", { next: 1 })).toEqual({ next: 1 });
      expect(gate.echoes).toBe(1);
      expect(pool.size).toBe(1);
    },
    TEST_LIMIT,
  );

  it(
    "rejects calls beyond maxPendingCalls with PoolExhaustedError (nothing sent)",
    async () => {
      const gate = await unixGate();
      const pool = new ConnectionPool(gate.address, { maxConnections: 1, maxPendingCalls: 2 });
      defer(() => pool.close());
      const slow = pool.call("org.example.gate.Slow");
      await gate.slowEntered();
      const queued = [
        pool.call("org.example.gate.Echo", { q: 1 }),
        pool.call("org.example.gate.Echo", { q: 2 }),
      ];
      const error: unknown = await pool.call("org.example.gate.Echo", { q: 3 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PoolExhaustedError);
      expect(error).toMatchObject({
        name: "PoolExhaustedError",
        kind: "pool-exhausted",
        error: "org.varlink.codegen.PoolExhausted",
        written: false,
        transient: true,
      });
      expect(isVarlinkError(error)).toBe(true);
      expect(pool.outstanding).toBe(3);
      gate.release();
      await slow;
      expect(await Promise.all(queued)).toEqual([{ q: 1 }, { q: 2 }]);
      expect(gate.echoes).toBe(2);
    },
    TEST_LIMIT,
  );

  it(
    "drops a waiting call that is aborted: it rejects with the reason and is never sent",
    async () => {
      const gate = await unixGate();
      const pool = new ConnectionPool(gate.address, { maxConnections: 1, maxPendingCalls: 1 });
      defer(() => pool.close());
      const slow = pool.call("org.example.gate.Slow");
      await gate.slowEntered();
      const controller = new AbortController();
      const waiting = pool.call("org.example.gate.Echo", { aborted: 1 }, { signal: controller.signal });
      expect(pool.outstanding).toBe(2);
      const reason = new Error("caller gave up");
      controller.abort(reason);
      await expect(waiting).rejects.toBe(reason);
      expect(pool.outstanding).toBe(1);
      const queued = pool.call("org.example.gate.Echo", { after: 1 }); // the aborted one left its place
      gate.release();
      await slow;
      expect(await queued).toEqual({ after: 1 });
      expect(gate.echoes).toBe(1); // only the later call reached the server
    },
    TEST_LIMIT,
  );

  it(
    "opens at most maxConnections, then pipelines only when asked to",
    async () => {
      const gate = await unixGate();
      const pool = new ConnectionPool(gate.address, { maxConnections: 2, pipelining: true });
      defer(() => pool.close());
      const slow = [pool.call("org.example.gate.Slow"), pool.call("org.example.gate.Slow")];
      await gate.slowEntered(2);
      const piped = track(pool.call("org.example.gate.Echo", { p: 1 }));
      await roundTrip(gate.address);
      await turns(20);
      expect(pool.size).toBe(2);
      expect(piped.settled()).toBe(false); // behind a slow call, as pipelining means
      gate.release();
      await Promise.all(slow);
      expect(await piped.promise).toEqual({ p: 1 });
    },
    TEST_LIMIT,
  );

  it(
    "fails a waiting call with TimeoutError (not written) when no connection frees in time",
    async () => {
      const gate = await unixGate();
      const pool = new ConnectionPool(gate.address, { maxConnections: 1 });
      defer(() => pool.close());
      const slow = pool.call("org.example.gate.Slow");
      await gate.slowEntered();
      const error: unknown = await pool
        .call("org.example.gate.Echo", {}, { timeoutMs: 30 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ kind: "timeout", written: false });
      gate.release();
      await slow;
    },
    TEST_LIMIT,
  );

  it(
    "holds a connection for a more stream until it ends, and closes it when left early",
    async () => {
      const gate = await unixGate();
      // Idle connections never time out here: only leaving the stream early may close one.
      const pool = new ConnectionPool(gate.address, {
        maxConnections: 4,
        idleTimeoutMs: 10 * EVENT_LIMIT_MS,
      });
      defer(() => pool.close());
      const seen: unknown[] = [];
      for await (const reply of pool.callMore("org.example.gate.Count", { n: 3 })) seen.push(reply);
      expect(seen).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
      expect(pool.outstanding).toBe(0);
      expect(pool.size).toBe(1);
      for await (const reply of pool.callMore("org.example.gate.Count", { n: 100_000 })) {
        expect(reply).toEqual({ i: 0 });
        // The stream holds its connection: a call meanwhile gets another one.
        expect(await pool.call("org.example.gate.Echo", { during: 1 })).toEqual({ during: 1 });
        expect(pool.size).toBe(2);
        break;
      }
      // Left early while the server streams: that connection is closed, not reused.
      const deadline = Date.now() + EVENT_LIMIT_MS;
      while (pool.size !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(pool.size).toBe(1);
      expect(await pool.call("org.example.gate.Echo", { x: 1 })).toEqual({ x: 1 });
    },
    TEST_LIMIT,
  );
});

describe("idle connections", () => {
  it(
    "close beyond keepIdle after idleTimeoutMs",
    async () => {
      const gate = await unixGate();
      const pool = new ConnectionPool(gate.address, { idleTimeoutMs: 20, keepIdle: 1 });
      defer(() => pool.close());
      const slow = [1, 2, 3].map(() => pool.call("org.example.gate.Slow"));
      await gate.slowEntered(3);
      expect(pool.size).toBe(3);
      gate.release();
      await Promise.all(slow);
      const deadline = Date.now() + EVENT_LIMIT_MS;
      while (pool.size > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(pool.size).toBe(1); // the one kept stays open and serves the next call
      expect(await pool.call("org.example.gate.Echo", { kept: 1 })).toEqual({ kept: 1 });
      expect(pool.size).toBe(1);
    },
    TEST_LIMIT,
  );
});

describe("reconnect", () => {
  for (const transport of ["unix", "tcp"] as const) {
    it(
      `the same client recovers after the server restarts (${transport})`,
      async () => {
        const gate = transport === "unix" ? await unixGate() : await gateServer("tcp:127.0.0.1:0");
        if (transport === "tcp") defer(async () => gate.stop());
        const client = new ServiceClient(gate.address, { reconnect: { baseMs: 1, maxMs: 20 } });
        defer(() => client.close());
        expect(await client.call("org.example.gate.Echo", { up: 1 })).toEqual({ up: 1 });

        const inFlight = client.call("org.example.gate.Slow").catch((e: unknown) => e);
        await gate.slowEntered();
        await gate.stop();
        const lost = await inFlight;
        expect(lost).toBeInstanceOf(ConnectionError);
        expect(lost).toMatchObject({ kind: "connection", written: true, transient: true });

        // Down: calls fail with ConnectionError, never written.
        const down: unknown = await client.call("org.example.gate.Echo").catch((e: unknown) => e);
        expect(down).toBeInstanceOf(ConnectionError);
        expect(down).toMatchObject({ written: false });

        await gate.restart();
        const deadline = Date.now() + EVENT_LIMIT_MS;
        for (;;) {
          const outcome = await client.call("org.example.gate.Echo", { back: 1 }).catch((e: unknown) => e);
          if (!(outcome instanceof Error)) {
            expect(outcome).toEqual({ back: 1 });
            break;
          }
          // Backing off (ConnectionError), or the breaker opened after repeated failures
          // (CircuitOpenError): both fail fast, transient, never written.
          expect(outcome).toMatchObject({ transient: true, written: false });
          if (Date.now() > deadline) throw new Error("no recovery");
          await new Promise((r) => setTimeout(r, 5));
        }
      },
      TEST_LIMIT,
    );
  }

  it(
    "fails fast while backing off, then tries again",
    async () => {
      const { address, cleanup } = unixAddress();
      defer(cleanup);
      let now = 1000;
      const pool = new ConnectionPool(address, {
        reconnect: { baseMs: 100, maxMs: 100 },
        random: () => 0.5,
        now: () => now,
      });
      defer(() => pool.close());
      await expect(pool.call("org.example.gate.Echo")).rejects.toMatchObject({
        kind: "connection",
        written: false,
      });
      expect(pool.backingOff).toBe(true);
      const fast: unknown = await pool.call("org.example.gate.Echo").catch((e: unknown) => e);
      expect(fast).toBeInstanceOf(ConnectionError);
      expect((fast as Error).message).toMatch(/next attempt in 50 ms/);
      const gate = await gateServer(address);
      defer(() => gate.stop());
      now += 50;
      expect(pool.backingOff).toBe(false);
      expect(await pool.call("org.example.gate.Echo", { ok: 1 })).toEqual({ ok: 1 });
    },
    TEST_LIMIT,
  );
});
