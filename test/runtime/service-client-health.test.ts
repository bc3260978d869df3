/**
 * ServiceClient review fixes: a call waiting for discovery's first answer keeps its timeout,
 * signal and close(); what counts against an endpoint's breaker (not the caller's abort, not
 * this client's own full queue). Real unix sockets; the breaker's clock is injected.
 */
import { describe, expect, it } from "vitest";
import type { EndpointSource } from "../../packages/runtime/src/client/endpoints.js";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import {
  CircuitOpenError,
  ConnectionError,
  PoolExhaustedError,
  TimeoutError,
} from "../../packages/runtime/src/errors.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";
import { perTest } from "./pool-helpers.js";

const TEST_LIMIT = EVENT_LIMIT_MS * 2;
const { defer, unixGate: server } = perTest();

/** A discovery source that never answers (a DNS server that does not reply). */
const silent: EndpointSource = { subscribe: () => () => {} };

describe("ServiceClient before discovery answers", () => {
  it(
    "a call keeps its signal and timeoutMs, and close() rejects the calls still waiting",
    async () => {
      const client = new ServiceClient("silent", { endpoints: silent, retry: false });
      defer(() => client.close());
      const abort = new AbortController();
      const aborted = client
        .call("org.example.gate.Echo", {}, { signal: abort.signal })
        .catch((e: unknown) => e);
      const reason = new Error("caller gave up");
      abort.abort(reason);
      expect(await aborted).toBe(reason);
      const timedOut: unknown = await client
        .call("org.example.gate.Echo", {}, { timeoutMs: 1 })
        .catch((e: unknown) => e);
      expect(timedOut).toBeInstanceOf(TimeoutError);
      expect(timedOut).toMatchObject({ written: false });
      const waiting = client.call("org.example.gate.Echo", {}).catch((e: unknown) => e);
      await client.close();
      const closed: unknown = await waiting;
      expect(closed).toBeInstanceOf(ConnectionError);
      expect(closed).toMatchObject({ written: false, message: "silent: client closed" });
    },
    TEST_LIMIT,
  );
});

describe("ServiceClient endpoint health", () => {
  it(
    "a half-open trial the caller aborts leaves the breaker half-open (its slot freed)",
    async () => {
      const gate = await server();
      let clock = 0;
      const breaker = { failureThreshold: 1, openMs: 1000, now: () => clock };
      const client = await ServiceClient.connect(gate.address, { retry: false, breaker });
      defer(() => client.close());
      const slow = (options: object): Promise<unknown> =>
        client.call("org.example.gate.Slow", {}, options).catch((e: unknown) => e);
      // A warm, idle connection: the next call is written in the same turn, so its 1 ms timeout
      // can only fire after the write (written: true, a failure that opens the breaker). On a
      // cold pool a loaded machine let it fire while connecting (written: false, no verdict).
      expect(await client.call("org.example.gate.Echo", { warm: 1 })).toEqual({ warm: 1 });
      expect(await slow({ timeoutMs: 1 })).toBeInstanceOf(TimeoutError); // opens
      clock += 1000; // half-open
      const abort = new AbortController();
      const trial = slow({ signal: abort.signal });
      await gate.slowEntered(2);
      abort.abort(new Error("caller gave up"));
      expect(await trial).toMatchObject({ message: "caller gave up" });
      const next = slow({}); // admitted: the aborted trial's slot is free, and it is the trial now
      await gate.slowEntered(3);
      expect(await client.call("org.example.gate.Echo", {}).catch((e: unknown) => e)).toBeInstanceOf(
        CircuitOpenError,
      );
      gate.release();
      expect(await next).toEqual({ slow: true });
      expect(await client.call("org.example.gate.Echo", { x: 1 })).toEqual({ x: 1 });
    },
    TEST_LIMIT,
  );

  it(
    "this client's own full queue (pool exhausted, timed out waiting) does not eject the endpoint",
    async () => {
      const gate = await server();
      const client = new ServiceClient(gate.address, {
        retry: false,
        breaker: { failureThreshold: 1 },
        maxConnectionsPerEndpoint: 1,
        maxPendingCalls: 1,
      });
      defer(() => client.close());
      const first = client.call("org.example.gate.Slow", {});
      await gate.slowEntered(1);
      const waitedTooLong: unknown = await client
        .call("org.example.gate.Slow", {}, { timeoutMs: 1 })
        .catch((e: unknown) => e);
      expect(waitedTooLong).toBeInstanceOf(TimeoutError);
      expect(waitedTooLong).toMatchObject({ written: false });
      const queued = client.call("org.example.gate.Echo", { queued: 1 });
      const exhausted: unknown = await client.call("org.example.gate.Slow", {}).catch((e: unknown) => e);
      expect(exhausted).toBeInstanceOf(PoolExhaustedError);
      gate.release();
      expect(await Promise.all([first, queued])).toEqual([{ slow: true }, { queued: 1 }]);
      expect(await client.call("org.example.gate.Echo", { x: 1 })).toEqual({ x: 1 });
    },
    TEST_LIMIT,
  );
});
