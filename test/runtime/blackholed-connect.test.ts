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
import { ConnectionPool, type PoolOptions } from "../../packages/runtime/src/client/pool.js";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import { staticEndpoints } from "../../packages/runtime/src/client/discovery/static.js";
import { ConnectionError, TimeoutError } from "../../packages/runtime/src/errors.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";
import { perTest } from "./pool-helpers.js";

const TEST_LIMIT = EVENT_LIMIT_MS * 2;
const { defer, unixGate: server } = perTest();

/** Never connects (nothing listens on it: the connector below holds its connects forever). */
const BLACKHOLE = "tcp:127.0.0.1:9";

/** Connects like the pool does, except to {@link BLACKHOLE}: a connect that never completes. */
const connector: NonNullable<PoolOptions["connector"]> = (address, options) =>
  address === BLACKHOLE ? new Promise<never>(() => {}) : VarlinkClient.connect(address, options);

describe("a connect that never completes", () => {
  it(
    "ejects the endpoint when calls time out waiting for its connection",
    async () => {
      const gate = await server();
      const client = new ServiceClient("two", {
        endpoints: staticEndpoints([BLACKHOLE, gate.address]),
        connector,
        retry: false,
        breaker: { failureThreshold: 2, openMs: 3_600_000 },
      });
      defer(() => client.close());
      const outcomes: unknown[] = [];
      // Round robin: the blackholed endpoint gets every other call until it is ejected.
      for (let i = 0; i < 12; i++) {
        outcomes.push(
          await client.call("org.example.gate.Echo", { i }, { timeoutMs: 20 }).catch((e: unknown) => e),
        );
      }
      const failed = outcomes.filter((outcome) => outcome instanceof TimeoutError);
      expect(failed).toHaveLength(2);
      expect(failed[0]).toMatchObject({ written: false });
      expect(outcomes.slice(4)).toEqual([4, 5, 6, 7, 8, 9, 10, 11].map((i) => ({ i })));
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
        retry: { maxAttempts: 2, backoff: { baseMs: 1, maxMs: 1 } },
        breaker: false,
      });
      defer(() => client.close());
      // Not idempotent; the first attempt goes to the blackholed endpoint (round robin's first).
      expect(await client.call("org.example.gate.Echo", { once: 1 }, { timeoutMs: 20 })).toEqual({
        once: 1,
      });
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
