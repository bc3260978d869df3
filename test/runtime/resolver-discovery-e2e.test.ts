/**
 * Issue 11, "Proof": resolver discovery through the real ServiceClient. A target
 * `resolver:IFACE@ADDRESS` asks our own VarlinkServer, serving a fake `org.varlink.resolver`,
 * where IFACE lives, and the client's calls go there.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolverEndpoints } from "../../packages/runtime/src/client/discovery/resolver.js";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serverInfo } from "./helpers.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";
import { type FakeResolver, startResolver } from "../helpers/fake-resolver.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server on `address` whose `io.example.where.Who()` answers `id`. */
async function startService(address: string, id: string): Promise<string> {
  return (await startServer(address, id)).address;
}

async function startServer(address: string, id: string): Promise<{ address: string; server: VarlinkServer }> {
  const server = new VarlinkServer(serverInfo);
  server.addInterface({
    name: "io.example.where",
    description: "interface io.example.where\nmethod Who() -> (id: string)\n",
    methods: { Who: { handler: () => ({ id }) } },
  });
  const listener = await server.listen(address);
  cleanups.push(() => server.close());
  return { address: listener.address, server };
}

/** The fake resolver on `address`, answering `table`, closed after the test. */
async function resolverOf(address: string, table: Map<string, string>): Promise<FakeResolver> {
  const resolver = await startResolver(address);
  for (const [iface, found] of table) resolver.table.set(iface, found);
  cleanups.push(() => resolver.server.close());
  return resolver;
}

describe("ServiceClient with a resolver: target", () => {
  it(
    "resolver:IFACE@ADDRESS: the resolver names the service's address and calls go there",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "varlink-resolver-e2e-"));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const service = await startService(`unix:${join(dir, "where")}`, "the-one");
      // A decoy the resolver does not name: no call may reach it.
      await startService(`unix:${join(dir, "decoy")}`, "decoy");
      const resolverAddress = `unix:${join(dir, "org.varlink.resolver")}`;
      const resolver = await resolverOf(resolverAddress, new Map([["io.example.where", service]]));

      const client = await ServiceClient.connect(`resolver:io.example.where@${resolverAddress}`);
      cleanups.push(() => client.close());
      expect(client.addresses).toEqual([service]);
      for (let i = 0; i < 5; i++)
        expect(await client.call("io.example.where.Who")).toEqual({ id: "the-one" });
      expect(resolver.calls()).toBe(1);
    },
    EVENT_LIMIT_MS * 2,
  );

  it(
    "the service moves: its endpoint fails, the client asks the resolver again and follows",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "varlink-resolver-e2e-"));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const old = await startServer(`unix:${join(dir, "old")}`, "old");
      const resolverAddress = `unix:${join(dir, "org.varlink.resolver")}`;
      const resolver = await resolverOf(resolverAddress, new Map([["io.example.where", old.address]]));
      // An hour between lookups, far beyond this test's limit: only a refresh can find the move.
      const client = await ServiceClient.connect(`resolver:io.example.where@${resolverAddress}`, {
        endpoints: resolverEndpoints({
          interface: "io.example.where",
          resolver: resolverAddress,
          refreshMs: 3_600_000,
        }),
      });
      cleanups.push(() => client.close());
      expect(await client.call("io.example.where.Who")).toEqual({ id: "old" });

      await old.server.close();
      const moved = await startService(`unix:${join(dir, "new")}`, "new");
      resolver.table.set("io.example.where", moved);
      // The old address now refuses: this call may fail (or, retried after the refresh, succeed).
      await client.call("io.example.where.Who", {}, { idempotent: true }).catch(() => {});
      await resolver.waitForCalls(2);
      // The second answer reaches the client a few event-loop turns later; a refused attempt
      // in between is retried (written: false), so the call lands on the new address.
      expect(
        await client.call("io.example.where.Who", {}, { idempotent: true, timeoutMs: EVENT_LIMIT_MS }),
      ).toEqual({ id: "new" });
      expect(client.addresses).toEqual([moved]);
    },
    EVENT_LIMIT_MS * 2,
  );
});
