/**
 * Issue 15, metrics: `registry.resetMetrics()` (prom-client's way to start counting afresh)
 * zeroes our counters and the latency histogram, and leaves the gauges, which are states (an
 * open connection is still open after a reset). Real calls over a unix socket.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VarlinkClient, VarlinkServer } from "../../packages/runtime/src/index.js";
import { varlinkMetrics } from "../../packages/runtime/src/integrations/prometheus/index.js";

const M = "org.example.reset";
const registry = new Registry();
const metrics = varlinkMetrics({ registry });
let dir: string;
let server: VarlinkServer;
let client: VarlinkClient;

/** The scrape as `name{labels}` → value. */
async function samples(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await registry.metrics()).split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vlc-metrics-reset-"));
  server = new VarlinkServer({
    vendor: "test",
    product: "reset",
    version: "1",
    url: "https://example.org",
    interceptors: [metrics.serverInterceptor],
    observer: metrics.serverObserver,
  });
  server.addInterface({
    name: M,
    description: `interface ${M}`,
    methods: {
      Ping: { handler: () => ({}) },
      Count: {
        more: "supports",
        handler: async function* () {
          yield { i: 1 };
          yield { i: 2 };
        },
      },
    },
  });
  const listener = await server.listen(`unix:${join(dir, "r.sock")}`);
  client = await VarlinkClient.connect(listener.address, {
    interceptors: [metrics.clientInterceptor],
    observer: metrics.clientObserver,
  });
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("registry.resetMetrics()", () => {
  it("zeroes calls, latency, replies and bytes; keeps open connections; counts again after", async () => {
    for (let i = 0; i < 3; i++) await client.call(`${M}.Ping`);
    for await (const _ of client.callMore(`${M}.Count`)) void _;
    const ping = (s: Map<string, number>, side: string) =>
      s.get(`varlink_calls_total{side="${side}",method="${M}.Ping",outcome="ok"}`) ?? 0;
    const before = await samples();
    expect([ping(before, "server"), ping(before, "client")]).toEqual([3, 3]);

    registry.resetMetrics();
    const after = await samples();
    for (const side of ["server", "client"]) {
      expect(ping(after, side)).toBe(0);
      expect(after.get(`varlink_call_duration_seconds_count{side="${side}",method="${M}.Ping"}`) ?? 0).toBe(
        0,
      );
      expect(after.get(`varlink_stream_replies_total{side="${side}",method="${M}.Count"}`) ?? 0).toBe(0);
      expect(after.get(`varlink_sent_bytes_total{side="${side}"}`) ?? 0).toBe(0);
      expect(after.get(`varlink_connections_open{side="${side}"}`)).toBe(1);
      expect(after.get(`varlink_calls_in_flight{side="${side}",method="${M}.Ping"}`)).toBe(0);
    }

    await client.call(`${M}.Ping`);
    const again = await samples();
    expect([ping(again, "server"), ping(again, "client")]).toEqual([1, 1]);
    expect(again.get(`varlink_call_duration_seconds_count{side="server",method="${M}.Ping"}`)).toBe(1);
    expect(again.get(`varlink_call_duration_seconds_sum{side="server",method="${M}.Ping"}`)).toBeGreaterThan(
      0,
    );
  });
});
