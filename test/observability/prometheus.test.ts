/**
 * Issue 15, metrics: a known sequence of calls between a server and a client (unix socket), then
 * a scrape of `/metrics` over real HTTP on 127.0.0.1, parsed, and exact counts checked on both
 * sides: calls by method and outcome, latency observations, in-flight, stream replies, open
 * connections, and the bytes one side sent being the bytes the other received.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { type AddressInfo } from "node:net";
import * as http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConnectionObserver,
  VarlinkClient,
  VarlinkError,
  VarlinkServer,
} from "../../packages/runtime/src/index.js";
import { metricsHandler, varlinkMetrics } from "../../packages/runtime/src/integrations/prometheus/index.js";

const registry = new Registry();
const metrics = varlinkMetrics({ registry });
let dir: string;
let server: VarlinkServer;
let client: VarlinkClient;
let web: http.Server;
let base: string;
/** Resolves when the server has seen `n` connections close. */
let closedOnServer: (n: number) => Promise<void>;

/** The server observer, plus a way to wait for closes (an event, not a sleep). */
function watched(observer: ConnectionObserver): ConnectionObserver {
  let closed = 0;
  const waiters: [number, () => void][] = [];
  closedOnServer = (n) => new Promise((resolve) => (closed >= n ? resolve() : waiters.push([n, resolve])));
  return {
    ...observer,
    closed: (id) => {
      observer.closed(id);
      closed++;
      for (const [n, resolve] of waiters) if (closed >= n) resolve();
    },
  };
}

/** Parses the text exposition format: `name{labels} value` → value. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return parse(await response.text());
}

const M = "org.example.metrics";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vlc-metrics-"));
  server = new VarlinkServer({
    vendor: "test",
    product: "metrics",
    version: "1",
    url: "https://example.org",
    interceptors: [metrics.serverInterceptor],
    observer: watched(metrics.serverObserver),
  });
  server.addInterface({
    name: M,
    description: `interface ${M}`,
    methods: {
      Ping: { handler: () => ({ pong: true }) },
      Missing: {
        handler: () => {
          throw new VarlinkError(`${M}.NotFound`);
        },
      },
      Count: {
        more: "supports",
        handler: async function* (p) {
          for (let i = 0; i < Number(p["n"]); i++) yield { i };
        },
      },
    },
  });
  const listener = await server.listen(`unix:${join(dir, "m.sock")}`);
  client = await VarlinkClient.connect(listener.address, {
    interceptors: [metrics.clientInterceptor],
    observer: metrics.clientObserver,
  });
  web = http.createServer(metricsHandler(registry));
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;

  for (let i = 0; i < 3; i++) await client.call(`${M}.Ping`);
  for (let i = 0; i < 2; i++) await expect(client.call(`${M}.Missing`)).rejects.toThrow(VarlinkError);
  for await (const _ of client.callMore(`${M}.Count`, { n: 4 })) void _;
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  await new Promise((resolve) => web?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("/metrics after 3 Ping, 2 Missing (declared error), 1 Count stream of 4", () => {
  it.each(["server", "client"])("%s side: calls, latency, in flight, replies, connections", async (side) => {
    const s = await scrape();
    const call = (method: string, outcome: string) =>
      s.get(`varlink_calls_total{side="${side}",method="${M}.${method}",outcome="${outcome}"}`);
    expect([call("Ping", "ok"), call("Missing", `${M}.NotFound`), call("Count", "ok")]).toEqual([3, 2, 1]);
    expect(s.get(`varlink_call_duration_seconds_count{side="${side}",method="${M}.Ping"}`)).toBe(3);
    expect(
      s.get(`varlink_call_duration_seconds_bucket{le="+Inf",side="${side}",method="${M}.Missing"}`),
    ).toBe(2);
    expect(s.get(`varlink_calls_in_flight{side="${side}",method="${M}.Ping"}`)).toBe(0);
    expect(s.get(`varlink_stream_replies_total{side="${side}",method="${M}.Count"}`)).toBe(4);
    expect(s.get(`varlink_connections_open{side="${side}"}`)).toBe(1);
  });

  it("bytes one side sent are the bytes the other received", async () => {
    const s = await scrape();
    const bytes = (name: string, side: string) => s.get(`varlink_${name}_bytes_total{side="${side}"}`) ?? 0;
    expect(bytes("sent", "client")).toBeGreaterThan(0);
    expect(bytes("received", "server")).toBe(bytes("sent", "client"));
    expect(bytes("received", "client")).toBe(bytes("sent", "server"));
  });

  it("a closed connection leaves the open-connections gauge", async () => {
    const other = await VarlinkClient.connect(`unix:${join(dir, "m.sock")}`);
    await other.call(`${M}.Ping`);
    expect((await scrape()).get(`varlink_connections_open{side="server"}`)).toBe(2);
    await other.close();
    await closedOnServer(1);
    expect((await scrape()).get(`varlink_connections_open{side="server"}`)).toBe(1);
  });

  it("answers only GET /metrics", async () => {
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(404);
  });
});
