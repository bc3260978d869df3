/**
 * Issue 11, "Proof": resolver discovery through the real ServiceClient. A target
 * `resolver:IFACE@ADDRESS` asks our own VarlinkServer, serving a fake `org.varlink.resolver`,
 * where IFACE lives, and the client's calls go there.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolverEndpoints } from "../../src/runtime/client/discovery/resolver.js";
import { ServiceClient } from "../../src/runtime/client/service-client.js";
import { VarlinkError } from "../../src/runtime/errors.js";
import { VarlinkServer } from "../../src/runtime/server/server.js";
import { serverInfo } from "./helpers.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";

const RESOLVER_IDL = `interface org.varlink.resolver

method GetInfo() -> (vendor: string, product: string, version: string, url: string, interfaces: []string)
method Resolve(interface: string) -> (address: string)

error InterfaceNotFound (interface: string)
`;

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

/** A fake resolver answering from `table`; `asked` lists the interfaces it was asked for. */
async function startResolver(
  address: string,
  table: Map<string, string>,
): Promise<{ asked: string[]; askedAgain: Promise<void> }> {
  const asked: string[] = [];
  let again!: () => void;
  const askedAgain = new Promise<void>((resolve) => (again = resolve));
  const server = new VarlinkServer(serverInfo);
  server.addInterface({
    name: "org.varlink.resolver",
    description: RESOLVER_IDL,
    methods: {
      GetInfo: { handler: () => ({ ...serverInfo, interfaces: [...table.keys()] }) },
      Resolve: {
        handler: (parameters) => {
          const iface = String(parameters["interface"]);
          if (asked.push(iface) === 2) again();
          const found = table.get(iface);
          if (found === undefined)
            throw new VarlinkError("org.varlink.resolver.InterfaceNotFound", { interface: iface });
          return { address: found };
        },
      },
    },
  });
  await server.listen(address);
  cleanups.push(() => server.close());
  return { asked, askedAgain };
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
      const resolver = await startResolver(resolverAddress, new Map([["io.example.where", service]]));

      const client = await ServiceClient.connect(`resolver:io.example.where@${resolverAddress}`);
      cleanups.push(() => client.close());
      expect(client.addresses).toEqual([service]);
      for (let i = 0; i < 5; i++)
        expect(await client.call("io.example.where.Who")).toEqual({ id: "the-one" });
      expect(resolver.asked).toEqual(["io.example.where"]);
    },
    EVENT_LIMIT_MS * 2,
  );

  it(
    "the service moves: its endpoint fails, the client asks the resolver again and follows",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "varlink-resolver-e2e-"));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const old = await startServer(`unix:${join(dir, "old")}`, "old");
      const table = new Map([["io.example.where", old.address]]);
      const resolverAddress = `unix:${join(dir, "org.varlink.resolver")}`;
      const resolver = await startResolver(resolverAddress, table);
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
      table.set("io.example.where", moved);
      // The old address now refuses: this call may fail (or, retried after the refresh, succeed).
      await client.call("io.example.where.Who", {}, { idempotent: true }).catch(() => {});
      await resolver.askedAgain;
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
