/**
 * Balancers and discovery end to end over real sockets: three VarlinkServers on 127.0.0.1, one
 * VarlinkClient per endpoint, and a small pick loop standing in for ServiceClient (which lives on
 * another branch until issue 11 is merged; the loop does what it does per call: build the
 * views, pick, count the call as outstanding until it is answered).
 */
import { promises as dns } from "node:dns";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import type { Balancer, EndpointView } from "../../packages/runtime/src/client/endpoints.js";
import { roundRobin } from "../../packages/runtime/src/client/balancing/round-robin.js";
import { leastOutstanding } from "../../packages/runtime/src/client/balancing/least-outstanding.js";
import { parseTarget } from "../../packages/runtime/src/client/discovery/target.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serverInfo } from "./helpers.js";
import { type DnsServer, startDnsServer } from "../helpers/dns-server.js";
import { watchSource } from "../helpers/endpoint-events.js";

const IDL = "interface org.example.balance\nmethod Which() -> (id: string)\n";

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

async function startBackend(id: string): Promise<Backend> {
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
  const listener = await server.listen("tcp:127.0.0.1:0");
  return Object.assign(backend, {
    address: listener.address,
    port: Number(listener.address.split(":").pop()),
  });
}

/** The per-call loop of a service client: views, pick, outstanding counted until the reply. */
class Endpoints {
  readonly #clients = new Map<string, { client: VarlinkClient; outstanding: number }>();
  constructor(readonly balancer: Balancer) {}

  async set(addresses: readonly string[]): Promise<void> {
    for (const [address, entry] of this.#clients) {
      if (!addresses.includes(address)) {
        this.#clients.delete(address);
        await entry.client.close();
      }
    }
    for (const address of addresses) {
      if (!this.#clients.has(address))
        this.#clients.set(address, { client: await VarlinkClient.connect(address), outstanding: 0 });
    }
  }

  /** Picks an endpoint and sends the call; resolves once it was sent, with the reply's promise. */
  send(): { sent: EndpointView; reply: Promise<string> } {
    const views = [...this.#clients].map(([address, entry]) => ({ address, outstanding: entry.outstanding }));
    const picked = this.balancer.pick(views);
    const entry = this.#clients.get(picked.address)!;
    entry.outstanding++;
    const reply = entry.client.call("org.example.balance.Which").then(
      (result) => {
        entry.outstanding--;
        return String(result["id"]);
      },
      (error: unknown) => {
        entry.outstanding--;
        throw error;
      },
    );
    return { sent: picked, reply };
  }

  async close(): Promise<void> {
    await this.set([]);
  }
}

let backends: Backend[];
let dnsServer: DnsServer;
let dnsResolver: dns.Resolver;
const pools: Endpoints[] = [];

beforeAll(async () => {
  backends = await Promise.all(["a", "b", "c"].map(startBackend));
  dnsServer = await startDnsServer();
  dnsResolver = new dns.Resolver({ timeout: 5000, tries: 3 });
  dnsResolver.setServers([dnsServer.address]);
});
afterEach(async () => {
  for (const backend of backends) {
    backend.holding = false;
    backend.release();
    backend.served = 0;
    delete backend.onHeld;
  }
  for (const pool of pools.splice(0)) await pool.close();
});
afterAll(async () => {
  await Promise.all(backends.map((backend) => backend.server.close()));
  await dnsServer.close();
});

async function endpointsOf(balancer: Balancer, addresses: readonly string[]): Promise<Endpoints> {
  const pool = new Endpoints(balancer);
  pools.push(pool);
  await pool.set(addresses);
  return pool;
}

/** `calls` calls from `callers` concurrent callers, each awaiting its replies in turn. */
async function load(pool: Endpoints, callers: number, calls: number): Promise<void> {
  let left = calls;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (left-- > 0) await pool.send().reply;
    }),
  );
}

describe("balancing over three real servers", { timeout: 60_000 }, () => {
  it("round robin spreads 16 concurrent callers' calls within ±15%", async () => {
    const pool = await endpointsOf(
      roundRobin(),
      backends.map((backend) => backend.address),
    );
    await load(pool, 16, 600);
    for (const backend of backends) expect(Math.abs(backend.served - 200)).toBeLessThanOrEqual(30);
  });

  it("least-outstanding steers away from a server that holds its calls", async () => {
    const [a, b, slow] = backends as [Backend, Backend, Backend];
    slow.holding = true;
    const pool = await endpointsOf(
      leastOutstanding(),
      [a, b, slow].map((backend) => backend.address),
    );
    // Each call is sent once the previous one was answered (fast servers) or is known to be held
    // (the slow one): the slow server's calls stay outstanding, the others' do not.
    const held: Promise<string>[] = [];
    for (let i = 0; i < 300; i++) {
      const arrived = new Promise<void>((resolve) => (slow.onHeld = resolve));
      const { sent, reply } = pool.send();
      if (sent.address === slow.address) {
        held.push(reply);
        await arrived;
      } else {
        await reply;
      }
    }
    // A tie at 0 outstanding may send it one call; after that it always has more than the other draw.
    expect(slow.served).toBeLessThanOrEqual(1);
    expect(a.served + b.served).toBeGreaterThanOrEqual(299);
    slow.release();
    expect(await Promise.all(held)).toEqual(held.map(() => "c"));
  });

  it("round robin under the same load would have sent a third to the held server", async () => {
    const slow = backends[2] as Backend;
    slow.holding = true;
    const pool = await endpointsOf(
      roundRobin(),
      backends.map((backend) => backend.address),
    );
    for (let i = 0; i < 30; i++) {
      const arrived = new Promise<void>((resolve) => (slow.onHeld = resolve));
      const { sent, reply } = pool.send();
      await (sent.address === slow.address ? arrived : reply);
    }
    expect(slow.served).toBe(10);
  });
});

describe("discovery feeding the balancer", { timeout: 60_000 }, () => {
  it("dns+srv: finds the three servers, and a server removed from DNS stops getting calls", async () => {
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
    const events = watchSource(parseTarget(`dns+srv:${name}`, { dnsResolver }));
    try {
      const pool = await endpointsOf(roundRobin(), await events.nextAddresses());
      await load(pool, 4, 90);
      expect(backends.map((backend) => backend.served)).toEqual([30, 30, 30]);

      // minTtlMs defaults to 1 s: the next lookup sees the change.
      dnsServer.records.set(name, backends.slice(0, 2).map(srv));
      await pool.set(await events.nextAddresses());
      for (const backend of backends) backend.served = 0;
      await load(pool, 4, 90);
      expect(backends.map((backend) => backend.served)).toEqual([45, 45, 0]);
    } finally {
      events.stop();
    }
  });
});
