/**
 * Issue 17's transport rows: calls/s through the HTTP front (the bridge in this process, to a
 * service on a unix socket) against calling that unix socket directly, in the same run: WebSocket
 * mode (a VarlinkClient on ws://, sequential and 16 concurrent callers on one connection) and
 * simple HTTP mode (one POST per call on a keep-alive connection). Rounds of the two alternate.
 */
import * as http from "node:http";
import type { BenchContext } from "../lib/context.js";
import { reasonOf, size } from "../lib/context.js";
import { unavailable, type Row } from "../lib/report.js";
import { interleavedRates } from "../lib/stats.js";
import type { VarlinkCaller } from "../../packages/runtime/src/index.js";

const GROUP = "http: UAPI.20 HTTP transport";

function load(caller: VarlinkCaller, callers: number, perCaller: number): () => Promise<void> {
  return async () => {
    await Promise.all(
      Array.from({ length: callers }, async () => {
        for (let i = 0; i < perCaller; i++) await caller.call("org.varlink.bench.Ping", { ping: "x" });
      }),
    );
  };
}

/** `count` sequential POSTs on one keep-alive connection (node:http: it costs less than fetch, so the row measures the bridge). */
function posts(url: string, count: number): () => Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        url,
        { method: "POST", agent, headers: { Accept: "application/json" } },
        (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on("error", reject);
      req.end('{"ping":"x"}');
    });
  return async () => {
    for (let i = 0; i < count; i++) await post();
  };
}

/** The HTTP rows. */
export async function httpVsUnix(context: BenchContext): Promise<Row[]> {
  const { VarlinkClient, VarlinkServer } = await import("../../packages/runtime/src/index.js");
  const { addressBackends, serveHttp } = await import("../../packages/runtime/src/http/index.js");
  const server = new VarlinkServer({ vendor: "bench", product: "http", version: "1", url: "" });
  server.addInterface({
    name: "org.varlink.bench",
    description: "",
    methods: { Ping: { handler: (p) => ({ pong: p["ping"] }) } },
  });
  const clients: VarlinkCaller[] = [];
  const unix = await server.listen(context.sockets.address("http-bench.sock"));
  const bridge = await serveHttp({
    address: "tcp:127.0.0.1:0",
    backends: addressBackends({ "org.varlink.bench": unix.address }),
  });
  try {
    const direct = await VarlinkClient.connect(unix.address);
    const ws = await VarlinkClient.connect(
      `${bridge.url.replace("http", "ws")}ws/services/org.varlink.bench`,
    );
    clients.push(direct, ws);
    const sequential = size(context, 5000, 1000);
    const perCaller = size(context, 500, 100);
    const simple = size(context, 2000, 400);
    const cases: ReadonlyArray<[string, () => Promise<void>, () => Promise<void>, number]> = [
      ["WebSocket mode, sequential", load(ws, 1, sequential), load(direct, 1, sequential), sequential],
      [
        "WebSocket mode, 16 concurrent callers",
        load(ws, 16, perCaller),
        load(direct, 16, perCaller),
        16 * perCaller,
      ],
      [
        "simple HTTP POST, sequential",
        posts(`${bridge.url}call/org.varlink.bench.Ping`, simple),
        load(direct, 1, simple),
        simple,
      ],
    ];
    const rows: Row[] = [];
    for (const [scenario, ours, baseline, ops] of cases) {
      context.log(`http: ${scenario}`);
      try {
        const rates = await interleavedRates(ours, baseline, ops, context.repetitions);
        rows.push({
          group: GROUP,
          scenario,
          against: "direct unix socket",
          ...rates,
          unit: "calls/s",
          better: "higher",
        });
      } catch (error) {
        rows.push(unavailable(GROUP, scenario, "direct unix socket", reasonOf(error)));
      }
    }
    return rows;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await bridge.close();
    await server.close({ timeoutMs: 1000 });
  }
}
