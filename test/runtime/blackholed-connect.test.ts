/**
 * An endpoint whose connect never completes (a blackholed TCP address: SYNs dropped) is a
 * failing endpoint: calls that time out waiting for its connection, and connects that outlast
 * `connectTimeoutMs`, count against its breaker, so it is ejected and traffic goes to the
 * healthy one; such a call was never written, so it is retried for any method. The blackhole is
 * an injected connector that never resolves (loopback cannot drop SYNs); the healthy endpoint is
 * a real unix socket.
 */
import { describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import type { Balancer } from "../../packages/runtime/src/client/endpoints.js";
import { ConnectionPool, type PoolOptions } from "../../packages/runtime/src/client/pool.js";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import { staticEndpoints } from "../../packages/runtime/src/client/discovery/static.js";
import { ConnectionError, TimeoutError } from "../../packages/runtime/src/errors.js";
import { EVENT_LIMIT_MS, scaled } from "../helpers/time-limits.js";
import { perTest } from "./pool-helpers.js";

const TEST_LIMIT = EVENT_LIMIT_MS * 2;
const { defer, unixGate: server } = perTest();

/** Never connects (nothing listens on it: the connector below holds its connects forever). */
const BLACKHOLE = "tcp:127.0.0.1:9";

/** Connects like the pool does, except to {@link BLACKHOLE}: a connect that never completes. */
const connector: NonNullable<PoolOptions["connector"]> = (address, options) =>
  address === BLACKHOLE ? new Promise<never>(() => {}) : VarlinkClient.connect(address, options);

/** Picks the first endpoint of `order` that is available (round robin would spread the calls). */
function preferring(...order: string[]): Balancer {
  return {
    pick: (endpoints) => {
      for (const address of order) {
        const endpoint = endpoints.find((candidate) => candidate.address === address);
        if (endpoint !== undefined) return endpoint;
      }
      return endpoints[0]!;
    },
  };
}

/** A picker that follows `script` pick by pick (the last entry repeats). */
function scripted(...script: string[]): Balancer {
  let picks = 0;
  return {
    pick: (endpoints) => {
      const address = script[Math.min(picks++, script.length - 1)];
      return endpoints.find((endpoint) => endpoint.address === address) ?? endpoints[0]!;
    },
  };
}

describe("a connect that never completes", () => {
  it(
    "ejects the endpoint when calls time out waiting for its connection",
    async () => {
      const gate = await server();
      const client = new ServiceClient("two", {
        endpoints: staticEndpoints([BLACKHOLE, gate.address]),
        connector,
        balancer: preferring(BLACKHOLE, gate.address),
        retry: false,
        breaker: { failureThreshold: 2, openMs: 3_600_000 },
      });
      defer(() => client.close());
      // The blackholed endpoint is preferred while available: these two wait for its connect.
      for (let i = 0; i < 2; i++) {
        const failed: unknown = await client
          .call("org.example.gate.Echo", { i }, { timeoutMs: 20 })
          .catch((e: unknown) => e);
        expect(failed).toBeInstanceOf(TimeoutError);
        expect(failed).toMatchObject({ written: false, cause: { written: false } });
        expect((failed as Error).cause).toBeInstanceOf(ConnectionError);
      }
      // Ejected: the calls go to the healthy endpoint (were it still picked, they would time out).
      for (let i = 2; i < 6; i++) {
        expect(await client.call("org.example.gate.Echo", { i }, { timeoutMs: EVENT_LIMIT_MS })).toEqual({
          i,
        });
      }
      expect(gate.echoes).toBe(4);
    },
    TEST_LIMIT,
  );

  it(
    "retries a call that timed out waiting for a connection on another endpoint, for any method",
    async () => {
      const gate = await server();
      const client = new ServiceClient("two", {
        endpoints: staticEndpoints([BLACKHOLE, gate.address]),
        connector,
        balancer: scripted(gate.address, BLACKHOLE, gate.address),
        retry: { maxAttempts: 2, backoff: { baseMs: 1, maxMs: 1 } },
        breaker: false,
      });
      defer(() => client.close());
      expect(await client.call("org.example.gate.Echo", { warm: 1 })).toEqual({ warm: 1 });
      // Not idempotent. The first attempt waits for the blackholed endpoint's connect until its
      // timeout (long enough for the second attempt's echo over a warm unix connection).
      const timeoutMs = scaled(5000);
      expect(await client.call("org.example.gate.Echo", { once: 1 }, { timeoutMs })).toEqual({ once: 1 });
      expect(gate.echoes).toBe(2);
    },
    TEST_LIMIT,
  );

  it(
    "fails the waiting calls after connectTimeoutMs (not written), and connects again later",
    async () => {
      let hold = true;
      const gate = await server();
      const pool = new ConnectionPool(gate.address, {
        connectTimeoutMs: 20,
        reconnect: { baseMs: 1, maxMs: 1 },
        connector: (address, options) =>
          hold ? new Promise<never>(() => {}) : VarlinkClient.connect(address, options),
      });
      defer(() => pool.close());
      const failed: unknown = await pool.call("org.example.gate.Echo", {}).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(ConnectionError);
      expect(failed).toMatchObject({ written: false });
      expect((failed as Error).message).toMatch(/connectTimeoutMs/);
      hold = false;
      let answer: unknown;
      // The pool backs off (1 ms) after the failed connect; calls meanwhile fail fast.
      do answer = await pool.call("org.example.gate.Echo", { again: 1 }).catch((e: unknown) => e);
      while (answer instanceof ConnectionError);
      expect(answer).toEqual({ again: 1 });
    },
    TEST_LIMIT,
  );
});
