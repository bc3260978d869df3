/**
 * ServiceClient (issue 11): target strings, lazy and eager creation, endpoint sources, the
 * balancer seam and the errors when there is nowhere to send a call. Real unix sockets.
 */
import { describe, expect, it } from "vitest";
import type { EndpointSource } from "../../packages/runtime/src/client/endpoints.js";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import { AddressError, ConnectionError, NoEndpointError } from "../../packages/runtime/src/errors.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";
import { gateServer, perTest, unixAddress } from "./pool-helpers.js";

const TEST_LIMIT = EVENT_LIMIT_MS * 2;
const { defer, unixGate: server } = perTest();

/** An endpoint source the test drives. */
function drivenSource(): EndpointSource & { set(addresses: string[]): void; fail(error: unknown): void } {
  let change: ((addresses: readonly string[]) => void) | undefined;
  let error: ((e: unknown) => void) | undefined;
  return {
    subscribe(onChange, onError) {
      change = onChange;
      error = onError;
      return () => (change = undefined);
    },
    set: (addresses) => change?.(addresses),
    fail: (e) => error?.(e),
  };
}

describe("ServiceClient", () => {
  it(
    "connect() rejects like VarlinkClient.connect when the endpoint is unreachable; new is lazy",
    async () => {
      const { address, cleanup } = unixAddress();
      defer(cleanup);
      const error: unknown = await ServiceClient.connect(address).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ written: false });
      const lazy = new ServiceClient(address); // no connection attempt, no throw
      defer(() => lazy.close());
      const gate = await gateServer(address);
      defer(() => gate.stop());
      expect(await lazy.call("org.example.gate.Echo", { lazy: 1 })).toEqual({ lazy: 1 });
    },
    TEST_LIMIT,
  );

  it.each(["", "unix:/a,,unix:/b", "dns:"])(
    "a target parseTarget cannot understand throws AddressError: %j",
    (target) => {
      expect(() => new ServiceClient(target)).toThrow(AddressError);
    },
  );

  it(
    "spreads calls over a comma-separated list (round robin by default)",
    async () => {
      const a = await server();
      const b = await server();
      const client = await ServiceClient.connect(`${a.address}, ${b.address}`);
      defer(() => client.close());
      expect(client.addresses).toEqual([a.address, b.address]);
      for (let i = 0; i < 10; i++) await client.call("org.example.gate.Echo", { i });
      expect([a.echoes, b.echoes]).toEqual([5, 5]);
    },
    TEST_LIMIT,
  );

  it(
    "follows its endpoint source, and fails with NoEndpointError when it has none",
    async () => {
      const a = await server();
      const b = await server();
      const source = drivenSource();
      const client = new ServiceClient("test:driven", { endpoints: source });
      defer(() => client.close());
      const early = client.call("org.example.gate.Echo", { early: 1 }); // waits for the first list
      source.set([a.address]);
      expect(await early).toEqual({ early: 1 });
      source.set([b.address]);
      await client.call("org.example.gate.Echo", {});
      expect([a.echoes, b.echoes]).toEqual([1, 1]);
      source.set([]);
      const none: unknown = await client.call("org.example.gate.Echo").catch((e: unknown) => e);
      expect(none).toBeInstanceOf(NoEndpointError);
      expect(none).toMatchObject({ kind: "no-endpoint", written: false, transient: true });
      await client.close();
      await expect(client.call("org.example.gate.Echo")).rejects.toMatchObject({
        name: "ConnectionError",
        written: false,
      });
    },
    TEST_LIMIT,
  );

  it(
    "reports a failed first lookup as NoEndpointError with the lookup error as cause",
    async () => {
      const source = drivenSource();
      const client = new ServiceClient("test:failing", { endpoints: source });
      defer(() => client.close());
      const call = client.call("org.example.gate.Echo").catch((e: unknown) => e);
      const lookup = new Error("lookup failed");
      source.fail(lookup);
      const error = await call;
      expect(error).toBeInstanceOf(NoEndpointError);
      expect((error as Error).cause).toBe(lookup);
      expect((error as Error).message).toMatch(/no endpoint known: lookup failed/);
    },
    TEST_LIMIT,
  );

  it(
    "ejects an endpoint whose breaker opened: calls fail fast with CircuitOpenError",
    async () => {
      const { address, cleanup } = unixAddress();
      defer(cleanup);
      const client = new ServiceClient(address, {
        retry: false,
        breaker: { failureThreshold: 2, openMs: 10 * EVENT_LIMIT_MS },
        reconnect: { baseMs: 0, maxMs: 0 },
      });
      defer(() => client.close());
      for (let i = 0; i < 2; i++) {
        await expect(client.call("org.example.gate.Echo")).rejects.toBeInstanceOf(ConnectionError);
      }
      const open: unknown = await client.call("org.example.gate.Echo").catch((e: unknown) => e);
      expect(open).toMatchObject({
        name: "CircuitOpenError",
        kind: "circuit-open",
        error: "org.varlink.codegen.CircuitOpen",
        written: false,
      });
    },
    TEST_LIMIT,
  );

  it(
    "uses a balancer given as an object, and tells interceptors the peer that answered",
    async () => {
      const a = await server();
      const b = await server();
      const peers: string[] = [];
      const client = new ServiceClient(`${a.address},${b.address}`, {
        balancer: { pick: (views) => views[views.length - 1]! },
        interceptors: [
          (next) => async (request) => {
            const response = await next(request);
            peers.push(response.peer);
            return response;
          },
        ],
      });
      defer(() => client.close());
      await client.call("org.example.gate.Echo");
      await client.callOneway("org.example.gate.Note");
      expect(peers).toEqual([b.address, b.address]);
      expect(a.echoes).toBe(0);
    },
    TEST_LIMIT,
  );
});
