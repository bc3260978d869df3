import { promises as dns } from "node:dns";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DnsResolver, dnsEndpoints } from "../../../packages/runtime/src/client/discovery/dns.js";
import type { EndpointSource } from "../../../packages/runtime/src/client/endpoints.js";
import { type DnsServer, startDnsServer } from "../../helpers/dns-server.js";
import { type EndpointEvents, watchSource } from "../../helpers/endpoint-events.js";

let server: DnsServer;
const stops: (() => void)[] = [];

beforeAll(async () => {
  server = await startDnsServer();
});
afterAll(() => server.close());
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  server.records.clear();
  server.failing = false;
  server.failingNames.clear();
  server.silentNames.clear();
});

/** The real node:dns resolver, pointed at the test's server. */
function resolver(): dns.Resolver {
  const resolver = new dns.Resolver({ timeout: 5000, tries: 3 });
  resolver.setServers([server.address]);
  return resolver;
}

/** Watches `source` until the test ends. */
function watch(source: EndpointSource): EndpointEvents {
  const events = watchSource(source);
  stops.push(events.stop);
  return events;
}

describe("dnsEndpoints over node:dns against a DNS server on 127.0.0.1", () => {
  it("reports A and AAAA records as tcp: addresses with the port", async () => {
    server.records.set("users.ns.svc.cluster.local", [
      { type: "A", address: "10.0.0.7", ttl: 30 },
      { type: "A", address: "10.0.0.8", ttl: 30 },
      { type: "AAAA", address: "fd00::1", ttl: 30 },
    ]);
    const events = watch(
      dnsEndpoints({ name: "users.ns.svc.cluster.local", port: 8080, resolver: resolver() }),
    );
    expect(await events.next()).toEqual({
      addresses: ["tcp:10.0.0.7:8080", "tcp:10.0.0.8:8080", "tcp:[fd00::1]:8080"],
    });
  });

  it("re-resolves when the TTL expires and reports only changes of the set", async () => {
    const name = "ttl.example";
    server.records.set(name, [
      { type: "A", address: "10.0.0.1", ttl: 0 },
      { type: "A", address: "10.0.0.2", ttl: 0 },
    ]);
    const events = watch(dnsEndpoints({ name, port: 1, minTtlMs: 20, resolver: resolver() }));
    expect(await events.next()).toEqual({ addresses: ["tcp:10.0.0.1:1", "tcp:10.0.0.2:1"] });
    // Same records in another order: re-resolved (two lookups of A+AAAA), not reported.
    server.records.set(name, [
      { type: "A", address: "10.0.0.2", ttl: 0 },
      { type: "A", address: "10.0.0.1", ttl: 0 },
    ]);
    const asked = server.queries(name);
    await server.waitForQueries(name, asked + 4);
    expect(events.events).toHaveLength(1);
    server.records.set(name, [{ type: "A", address: "10.0.0.3", ttl: 0 }]);
    expect(await events.next()).toEqual({ addresses: ["tcp:10.0.0.3:1"] });
  });

  it("waits for the TTL (clamped) before asking again", async () => {
    const name = "long.example";
    server.records.set(name, [{ type: "A", address: "10.0.0.1", ttl: 3600 }]);
    const events = watch(dnsEndpoints({ name, port: 1, resolver: resolver() }));
    await events.next();
    // The first lookup asked A and AAAA once each; nothing more until the TTL (here 30 s max).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.queries(name)).toBe(2);
  });

  it("keeps the last good list and reports the error when the lookup fails", async () => {
    const name = "flaky.example";
    server.records.set(name, [{ type: "A", address: "10.0.0.1", ttl: 0 }]);
    const events = watch(dnsEndpoints({ name, port: 1, minTtlMs: 20, maxTtlMs: 40, resolver: resolver() }));
    expect(await events.next()).toEqual({ addresses: ["tcp:10.0.0.1:1"] });
    server.failing = true;
    const failed = await events.next();
    expect(failed).toHaveProperty("error");
    expect((failed as { error: { code?: string } }).error.code).toBe("ESERVFAIL");
    server.failing = false;
    server.records.set(name, [{ type: "A", address: "10.0.0.9", ttl: 0 }]);
    expect(await events.nextAddresses()).toEqual(["tcp:10.0.0.9:1"]);
  });

  it("reports an error, not an empty list, for a name that does not exist", async () => {
    const events = watch(dnsEndpoints({ name: "missing.example", port: 1, resolver: resolver() }));
    const event = await events.next();
    expect(event).toHaveProperty("error");
    expect(events.events.some((e) => "addresses" in e)).toBe(false);
  });

  it("follows SRV records of the best priority to their targets' addresses and ports", async () => {
    server.records.set("_varlink._tcp.users.example", [
      { type: "SRV", target: "a.users.example", port: 7001, priority: 10, weight: 5, ttl: 60 },
      { type: "SRV", target: "b.users.example", port: 7002, priority: 10, weight: 1, ttl: 60 },
      { type: "SRV", target: "backup.users.example", port: 7003, priority: 20, ttl: 60 },
    ]);
    server.records.set("a.users.example", [{ type: "A", address: "10.1.0.1", ttl: 60 }]);
    server.records.set("b.users.example", [
      { type: "A", address: "10.1.0.2", ttl: 60 },
      { type: "AAAA", address: "fd00::2", ttl: 60 },
    ]);
    server.records.set("backup.users.example", [{ type: "A", address: "10.1.0.3", ttl: 60 }]);
    const events = watch(
      dnsEndpoints({ name: "_varlink._tcp.users.example", srv: true, resolver: resolver() }),
    );
    expect(await events.next()).toEqual({
      addresses: ["tcp:10.1.0.1:7001", "tcp:10.1.0.2:7002", "tcp:[fd00::2]:7002"],
    });
  });

  it("leaves out an SRV target that does not resolve or whose lookup fails", async () => {
    server.records.set("_varlink._tcp.partial", [
      { type: "SRV", target: "up.partial", port: 1, ttl: 60 },
      { type: "SRV", target: "gone.partial", port: 2, ttl: 60 },
      { type: "SRV", target: "broken.partial", port: 3, ttl: 60 },
    ]);
    server.failingNames.add("broken.partial");
    server.records.set("up.partial", [{ type: "A", address: "10.3.0.1", ttl: 60 }]);
    const events = watch(dnsEndpoints({ name: "_varlink._tcp.partial", srv: true, resolver: resolver() }));
    expect(await events.next()).toEqual({ addresses: ["tcp:10.3.0.1:1"] });
  });

  it("re-resolves SRV targets on their TTL", async () => {
    server.records.set("_varlink._tcp.moving", [{ type: "SRV", target: "host.moving", port: 9, ttl: 0 }]);
    server.records.set("host.moving", [{ type: "A", address: "10.2.0.1", ttl: 0 }]);
    const events = watch(
      dnsEndpoints({ name: "_varlink._tcp.moving", srv: true, minTtlMs: 20, resolver: resolver() }),
    );
    expect(await events.next()).toEqual({ addresses: ["tcp:10.2.0.1:9"] });
    server.records.set("host.moving", [{ type: "A", address: "10.2.0.2", ttl: 0 }]);
    expect(await events.next()).toEqual({ addresses: ["tcp:10.2.0.2:9"] });
  });

  it("stop() ends the lookups", async () => {
    const name = "stopped.example";
    server.records.set(name, [{ type: "A", address: "10.0.0.1", ttl: 0 }]);
    const source = dnsEndpoints({ name, port: 1, minTtlMs: 10, resolver: resolver() });
    let changes = 0;
    let first!: () => void;
    const reported = new Promise<void>((resolve) => (first = resolve));
    const stop = source.subscribe(
      () => {
        changes++;
        first();
      },
      () => {},
    );
    await reported;
    stop();
    const asked = server.queries(name);
    server.records.set(name, [{ type: "A", address: "10.0.0.2", ttl: 0 }]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // A lookup already in flight may still arrive at the server; none is started afterwards.
    expect(server.queries(name)).toBeLessThanOrEqual(asked + 2);
    expect(changes).toBe(1);
  });

  it("stop() cancels a lookup in flight (the server never answers)", { timeout: 60_000 }, async () => {
    const name = "silent.example";
    server.silentNames.add(name);
    // Patient enough that only a cancel ends its queries within the test's time limit.
    const real = new dns.Resolver({ timeout: 600_000, tries: 1 });
    real.setServers([server.address]);
    const queries: Promise<unknown>[] = [];
    const watched: DnsResolver = {
      resolve4: (host, options) => track(real.resolve4(host, options)),
      resolve6: (host, options) => track(real.resolve6(host, options)),
      resolveSrv: (host) => track(real.resolveSrv(host)),
      cancel: () => real.cancel(),
    };
    function track<T>(query: Promise<T>): Promise<T> {
      queries.push(query.catch((error: unknown) => error));
      return query;
    }
    const stop = dnsEndpoints({ name, port: 1, resolver: watched }).subscribe(
      () => {},
      () => {},
    );
    await server.waitForQueries(name, 2); // A and AAAA asked, neither will be answered
    stop();
    const outcomes = await Promise.all(queries);
    expect(outcomes.map((error) => (error as { code?: string }).code)).toEqual(["ECANCELLED", "ECANCELLED"]);
  });

  it("a source watched twice keeps the other watcher's lookups when one stops", async () => {
    const name = "shared.example";
    server.records.set(name, [{ type: "A", address: "10.0.0.1", ttl: 0 }]);
    let cancels = 0;
    const real = resolver();
    const counted: DnsResolver = {
      resolve4: (host, options) => real.resolve4(host, options),
      resolve6: (host, options) => real.resolve6(host, options),
      resolveSrv: (host) => real.resolveSrv(host),
      cancel: () => {
        cancels++;
        real.cancel();
      },
    };
    const source = dnsEndpoints({ name, port: 1, minTtlMs: 20, resolver: counted });
    const first = watchSource(source);
    const second = watchSource(source);
    await first.next();
    await second.next();
    first.stop();
    first.stop(); // twice: still one watcher gone
    expect(cancels).toBe(0);
    server.records.set(name, [{ type: "A", address: "10.0.0.2", ttl: 0 }]);
    expect(await second.nextAddresses()).toEqual(["tcp:10.0.0.2:1"]);
    second.stop();
    expect(cancels).toBe(1);
  });

  it("refuses an A/AAAA source without a port", () => {
    expect(() => dnsEndpoints({ name: "x.example" })).toThrow(/port/);
  });
});
