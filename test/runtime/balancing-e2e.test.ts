/**
 * Balancers and discovery end to end through the real ServiceClient (issue 11, "Proof"): three
 * VarlinkServers on loopback, one ServiceClient over them, targets given as a comma list, as
 * `dns:`/`dns+srv:` records of a small DNS server the test runs on 127.0.0.1.
 */
import { promises as dns } from "node:dns";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EndpointSource } from "../../packages/runtime/src/client/endpoints.js";
import { dnsEndpoints } from "../../packages/runtime/src/client/discovery/dns.js";
import {
  ServiceClient,
  type ServiceClientOptions,
} from "../../packages/runtime/src/client/service-client.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serverInfo } from "./helpers.js";
import { type DnsServer, startDnsServer } from "../helpers/dns-server.js";
import { type EndpointEvents, watchSource } from "../helpers/endpoint-events.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";

const IDL = "interface org.example.balance\nmethod Which() -> (id: string)\n";
const TEST_LIMIT = EVENT_LIMIT_MS * 2;

interface Backend {
  readonly id: string;
  readonly address: string;
  readonly port: number;
  readonly server: VarlinkServer;
  /** Calls answered or held so far. */
  served: number;
  /** When set, calls are held until `release()`; `onHeld` fires as each arrives. */
  holding: boolean;
  held: (() => void)[];
  onHeld?: () => void;
  release(): void;
}

async function startBackend(id: string, host = "127.0.0.1", port = 0): Promise<Backend> {
  const server = new VarlinkServer(serverInfo);
  const backend: Backend = {
    id,
    address: "",
    port: 0,
    server,
    served: 0,
    holding: false,
    held: [],
    release() {
      for (const resume of backend.held.splice(0)) resume();
    },
  };
  server.addInterface({
    name: "org.example.balance",
    description: IDL,
    methods: {
      Which: {
        handler: async () => {
          backend.served++;
          if (backend.holding) {
            await new Promise<void>((resolve) => {
              backend.held.push(resolve);
              backend.onHeld?.();
            });
          }
          return { id };
        },
      },
    },
  });
  const listener = await server.listen(`tcp:${host}:${port}`);
  return Object.assign(backend, {
    address: listener.address,
    port: Number(listener.address.split(":").pop()),
  });
}

/**
 * A source that passes `inner`'s reports on to the client and lets the test wait until the
 * client has received a given list (the client updates its endpoints synchronously on a report).
 */
function observed(inner: EndpointSource): { source: EndpointSource; events: EndpointEvents } {
  const listeners: ((addresses: readonly string[]) => void)[] = [];
  const errors: ((error: unknown) => void)[] = [];
  let stop: (() => void) | undefined;
  const source: EndpointSource = {
    subscribe(onChange, onError) {
      listeners.push(onChange);
      errors.push(onError);
      stop ??= inner.subscribe(
        (addresses) => listeners.forEach((listener) => listener(addresses)),
        (error) => errors.forEach((listener) => listener(error)),
      );
      return () => {
        listeners.splice(listeners.indexOf(onChange), 1);
        errors.splice(errors.indexOf(onError), 1);
        if (listeners.length === 0) stop?.();
      };
    },
  };
  return { source, events: watchSource(source) };
}

let backends: Backend[];
let dnsServer: DnsServer;
let dnsResolver: dns.Resolver;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  backends = await Promise.all(["a", "b", "c"].map((id) => startBackend(id)));
  dnsServer = await startDnsServer();
  dnsResolver = new dns.Resolver({ timeout: 5000, tries: 3 });
  dnsResolver.setServers([dnsServer.address]);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const backend of backends) {
    backend.holding = false;
    backend.release();
    backend.served = 0;
    delete backend.onHeld;
  }
});
afterAll(async () => {
  await Promise.all(backends.map((backend) => backend.server.close()));
  await dnsServer.close();
});

function serviceClient(target: string, options: ServiceClientOptions = {}): ServiceClient {
  const client = new ServiceClient(target, options);
  cleanups.push(() => client.close());
  return client;
}

/** `calls` calls from `callers` concurrent callers, each awaiting its replies in turn. */
async function load(client: ServiceClient, callers: number, calls: number): Promise<void> {
  let left = calls;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (left-- > 0) await client.call("org.example.balance.Which");
    }),
  );
}

const served = (list: readonly Backend[]) => list.map((backend) => backend.served);
/** The backends' addresses, sorted like EndpointEvents reports them. */
const addressesOf = (list: readonly Backend[]) => list.map((backend) => backend.address).sort();

describe("ServiceClient balancing over three real servers", () => {
  it(
    "round robin spreads 16 concurrent callers' calls within ±15%",
    async () => {
      const client = serviceClient(backends.map((backend) => backend.address).join(","));
      await load(client, 16, 600);
      for (const backend of backends) expect(Math.abs(backend.served - 200)).toBeLessThanOrEqual(30);
    },
    TEST_LIMIT,
  );

  /**
   * Sends `count` calls one after another, each once the previous one was answered (a fast
   * server) or is known to be held (the slow one): the held calls stay outstanding.
   */
  async function steer(client: ServiceClient, slow: Backend, count: number): Promise<Promise<unknown>[]> {
    const held: Promise<unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const arrived = new Promise<"held">((resolve) => (slow.onHeld = () => resolve("held")));
      const reply = client.call("org.example.balance.Which");
      if ((await Promise.race([arrived, reply])) === "held") held.push(reply);
    }
    return held;
  }

  it(
    "least-outstanding steers away from a server that holds its calls",
    async () => {
      const [a, b, slow] = backends as [Backend, Backend, Backend];
      slow.holding = true;
      const client = serviceClient(backends.map((backend) => backend.address).join(","), {
        balancer: "least-outstanding",
      });
      const held = await steer(client, slow, 300);
      // A tie at 0 outstanding may send it one call; after that it always has more than the other draw.
      expect(slow.served).toBeLessThanOrEqual(1);
      expect(a.served + b.served).toBeGreaterThanOrEqual(299);
      slow.release();
      expect(await Promise.all(held)).toEqual(held.map(() => ({ id: "c" })));
    },
    TEST_LIMIT,
  );

  it(
    "round robin under the same load sends a third to the held server",
    async () => {
      const slow = backends[2] as Backend;
      slow.holding = true;
      // Each held call occupies a connection (no pipelining): room for the 10 it gets.
      const client = serviceClient(backends.map((backend) => backend.address).join(","), {
        maxConnectionsPerEndpoint: 16,
      });
      const held = await steer(client, slow, 30);
      expect(slow.served).toBe(10);
      slow.release();
      await Promise.all(held);
    },
    TEST_LIMIT,
  );
});

describe("discovery feeding the ServiceClient", () => {
  it(
    "dns+srv: finds the three servers, and a server removed from DNS stops getting calls",
    async () => {
      const name = "_varlink._tcp.balance.test";
      const srv = (backend: Backend) => ({
        type: "SRV" as const,
        target: `${backend.id}.balance.test`,
        port: backend.port,
        ttl: 0,
      });
      dnsServer.records.set(name, backends.map(srv));
      for (const backend of backends)
        dnsServer.records.set(`${backend.id}.balance.test`, [{ type: "A", address: "127.0.0.1", ttl: 0 }]);
      const { source, events } = observed(dnsEndpoints({ name, srv: true, resolver: dnsResolver }));
      cleanups.push(() => events.stop());
      const client = serviceClient(`dns+srv:${name}`, { endpoints: source });
      expect(await events.nextAddresses()).toEqual(addressesOf(backends));
      await load(client, 4, 90);
      expect(served(backends)).toEqual([30, 30, 30]);

      // minTtlMs defaults to 1 s: a later lookup sees the change, and the client drops c.
      dnsServer.records.set(name, backends.slice(0, 2).map(srv));
      expect(await events.nextAddresses()).toEqual(addressesOf(backends.slice(0, 2)));
      expect([...client.addresses].sort()).toEqual(addressesOf(backends.slice(0, 2)));
      for (const backend of backends) backend.served = 0;
      await load(client, 4, 90);
      expect(served(backends)).toEqual([45, 45, 0]);
    },
    TEST_LIMIT,
  );

  it(
    "dns: A records of one name, each at the port; a removed record stops getting calls",
    async () => {
      // Three servers on three loopback addresses (127.0.0.0/8) sharing one port.
      const first = await startBackend("x", "127.0.0.1");
      const others = await Promise.all([
        startBackend("y", "127.0.0.2", first.port),
        startBackend("z", "127.0.0.3", first.port),
      ]);
      const trio = [first, ...others];
      cleanups.push(() => Promise.all(trio.map((backend) => backend.server.close())).then(() => {}));
      const name = "a.balance.test";
      const records = (list: readonly Backend[]) =>
        list.map((backend) => ({
          type: "A" as const,
          address: backend.address.replace(/^tcp:/, "").replace(/:\d+$/, ""),
          ttl: 0,
        }));
      dnsServer.records.set(name, records(trio));
      const { source, events } = observed(dnsEndpoints({ name, port: first.port, resolver: dnsResolver }));
      cleanups.push(() => events.stop());
      const client = serviceClient(`dns:${name}:${first.port}`, { endpoints: source });
      expect(await events.nextAddresses()).toEqual(addressesOf(trio));
      await load(client, 4, 90);
      expect(served(trio)).toEqual([30, 30, 30]);

      dnsServer.records.set(name, records(trio.slice(0, 2)));
      expect(await events.nextAddresses()).toEqual(addressesOf(trio.slice(0, 2)));
      for (const backend of trio) backend.served = 0;
      await load(client, 4, 90);
      expect(served(trio)).toEqual([45, 45, 0]);
    },
    TEST_LIMIT,
  );
});
