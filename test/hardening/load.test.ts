/**
 * Load: 1,000 concurrent client connections, each pipelining 100 calls, against one server.
 * Every reply must arrive on the right connection, in order, none lost or duplicated.
 */
import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/index.js";
import { startFixtureServer, type FixtureServer } from "./fixture-server.js";
import { activeResources, leakedSince } from "./resources.js";

const CONNECTIONS = 1000;
const CALLS = 100;
/** Client and server ends both live in this process: two descriptors per connection, plus slack. */
const FDS_NEEDED = 2 * CONNECTIONS + 200;

/** The soft limit on open files this process inherited (`ulimit -n`), or Infinity. */
function openFileLimit(): number {
  const text = execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim();
  return text === "unlimited" ? Infinity : Number(text);
}

describe("load", () => {
  let fixture: FixtureServer;
  let before: Map<string, number>;

  beforeEach(async () => {
    before = activeResources();
    fixture = await startFixtureServer({ maxConnections: CONNECTIONS + 10 });
  });

  afterEach(async () => {
    await fixture.close();
    expect(await leakedSince(before)).toEqual([]);
  });

  it(`answers ${CONNECTIONS} connections x ${CALLS} pipelined calls in order`, async () => {
    // A clear failure instead of EMFILE halfway through: Node cannot raise its own limit.
    expect(
      openFileLimit(),
      `needs ulimit -n >= ${FDS_NEEDED}; raise it before running the tests`,
    ).toBeGreaterThanOrEqual(FDS_NEEDED);
    // Connect in batches, each confirmed by one call: a unix listener's accept backlog is finite,
    // and a burst of 1,000 connects in one tick tests the kernel's EAGAIN, not the server.
    const clients: VarlinkClient[] = [];
    for (let i = 0; i < CONNECTIONS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, CONNECTIONS - i) }, () => VarlinkClient.connect(fixture.address)),
      );
      clients.push(...batch);
      await Promise.all(batch.map((client) => client.call("org.example.hardening.Ping", { ping: "hello" })));
    }
    try {
      const perClient = await Promise.all(
        clients.map(async (client, c) => {
          // All calls are issued before any reply is awaited: they are pipelined on the connection.
          const calls = Array.from({ length: CALLS }, (_, k) =>
            client.call("org.example.hardening.Ping", { ping: `${c}:${k}` }),
          );
          const order: string[] = [];
          const replies = await Promise.all(
            calls.map((call) =>
              call.then((reply) => {
                order.push(String(reply["pong"]));
                return String(reply["pong"]);
              }),
            ),
          );
          return { c, replies, order };
        }),
      );
      for (const { c, replies, order } of perClient) {
        const expected = Array.from({ length: CALLS }, (_, k) => `${c}:${k}`);
        expect(replies).toEqual(expected);
        // Resolution order is the order the replies arrived in: the wire order.
        expect(order).toEqual(expected);
      }
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });
});
