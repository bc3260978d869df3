/**
 * An endpoint that leaves discovery drains: it gets no new calls, its calls in flight (and those
 * already queued for one of its connections) finish, then its pool closes; `drainTimeoutMs`
 * bounds the wait. Real unix sockets.
 */
import { describe, expect, it } from "vitest";
import type { EndpointSource } from "../../packages/runtime/src/client/endpoints.js";
import { ConnectionPool } from "../../packages/runtime/src/client/pool.js";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import { ConnectionError } from "../../packages/runtime/src/errors.js";
import { EVENT_LIMIT_MS, scaled } from "../helpers/time-limits.js";
import { type GateServer, perTest } from "./pool-helpers.js";

const TEST_LIMIT = EVENT_LIMIT_MS * 2;
const { defer, unixGate: server } = perTest();

/** A source whose list the test changes. */
function movingSource(initial: readonly string[]): { source: EndpointSource; set: (list: string[]) => void } {
  let onChange: ((addresses: readonly string[]) => void) | undefined;
  return {
    source: {
      subscribe(change) {
        onChange = change;
        change(initial);
        return () => (onChange = undefined);
      },
    },
    set: (list) => onChange?.(list),
  };
}

/** Resolves once `gate`'s server has no connection left (checked as connections close). */
async function noConnections(gate: GateServer): Promise<void> {
  while (gate.server.connectionCount > 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("an endpoint leaving discovery", () => {
  it(
    "finishes its calls in flight, takes no new ones, then closes its connections",
    async () => {
      const [a, b] = [await server(), await server()];
      const { source, set } = movingSource([a.address]);
      const client = new ServiceClient("moving", { endpoints: source, retry: false });
      defer(() => client.close());
      const inFlight = client.call("org.example.gate.Slow", {}).catch((e: unknown) => e);
      await a.slowEntered(1);
      set([b.address]);
      expect(client.addresses).toEqual([b.address]);
      expect(await client.call("org.example.gate.Echo", { to: "b" })).toEqual({ to: "b" });
      expect([a.echoes, b.echoes]).toEqual([0, 1]);
      a.release();
      expect(await inFlight).toEqual({ slow: true });
      await noConnections(a);
      expect(b.server.connectionCount).toBe(1);
    },
    TEST_LIMIT,
  );

  it(
    "fails the calls still in flight after drainTimeoutMs",
    async () => {
      const [a, b] = [await server(), await server()];
      const { source, set } = movingSource([a.address]);
      // Long enough for the call to b below (a fresh unix connection) on a loaded machine.
      const drainTimeoutMs = scaled(2000);
      const client = new ServiceClient("moving", { endpoints: source, retry: false, drainTimeoutMs });
      defer(() => client.close());
      let settled = false;
      const inFlight = client.call("org.example.gate.Slow", {}).catch((e: unknown) => e);
      void inFlight.then(() => (settled = true));
      await a.slowEntered(1);
      set([b.address]);
      expect(await client.call("org.example.gate.Echo", { to: "b" })).toEqual({ to: "b" });
      expect(settled).toBe(false); // still draining
      const error: unknown = await inFlight;
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ written: true });
      await noConnections(a);
    },
    TEST_LIMIT,
  );
});

describe("ConnectionPool.drain", () => {
  it(
    "serves the calls in flight and queued, refuses new ones, and resolves once closed",
    async () => {
      const gate = await server();
      const pool = new ConnectionPool(gate.address, { maxConnections: 1 });
      defer(() => pool.close());
      const slow = pool.call("org.example.gate.Slow", {});
      await gate.slowEntered(1);
      const queued = pool.call("org.example.gate.Echo", { queued: 1 });
      const drained = pool.drain();
      const refused: unknown = await pool.call("org.example.gate.Echo", {}).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConnectionError);
      expect(refused).toMatchObject({ written: false });
      gate.release();
      expect(await Promise.all([slow, queued])).toEqual([{ slow: true }, { queued: 1 }]);
      await drained;
      expect(pool.size).toBe(0);
      await noConnections(gate);
    },
    TEST_LIMIT,
  );

  it(
    "does not wait for the reply of a call its caller gave up on",
    async () => {
      const gate = await server();
      const pool = new ConnectionPool(gate.address, { drainTimeoutMs: 3_600_000 });
      defer(() => pool.close());
      await pool.warm(); // an idle connection: the call below is written before its timeout fires
      // Times out on its connection (the server holds Slow until released): set aside.
      const late: unknown = await pool.call("org.example.gate.Slow", {}, { timeoutMs: 1 }).catch((e) => e);
      expect(late).toMatchObject({ written: true });
      await pool.drain(); // nobody waits for that reply: closed at once, not after drainTimeoutMs
      expect(pool.size).toBe(0);
    },
    TEST_LIMIT,
  );
});
