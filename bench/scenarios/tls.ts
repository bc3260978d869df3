/**
 * Issue 14's transport row: calls/s over `tls:` (TLS 1.3, P-256 certificate made with openssl)
 * against plain `tcp:` in the same run, sequential and 16 concurrent callers on one connection.
 * The server is in this process (its listeners differ only in TLS), so the ratio is what TLS
 * adds to both sides; rounds of the two alternate.
 */
import type { BenchContext } from "../lib/context.js";
import { reasonOf, size } from "../lib/context.js";
import { unavailable, type Row } from "../lib/report.js";
import { interleavedRates } from "../lib/stats.js";
import type { VarlinkCaller } from "../../packages/runtime/src/index.js";
import { makeCerts } from "../../test/helpers/certs.js";

const GROUP = "tls: transport security";

function load(caller: VarlinkCaller, callers: number, perCaller: number): () => Promise<void> {
  return async () => {
    await Promise.all(
      Array.from({ length: callers }, async () => {
        for (let i = 0; i < perCaller; i++) await caller.call("org.varlink.bench.Ping", { ping: "x" });
      }),
    );
  };
}

/** The TLS rows. */
export async function tlsVsTcp(context: BenchContext): Promise<Row[]> {
  const { VarlinkClient, VarlinkServer } = await import("../../packages/runtime/src/index.js");
  let certs;
  try {
    certs = makeCerts();
  } catch (error) {
    return [unavailable(GROUP, "(all)", "-", `openssl: ${reasonOf(error)}`)];
  }
  const server = new VarlinkServer({ vendor: "bench", product: "tls", version: "1", url: "" });
  server.addInterface({
    name: "org.varlink.bench",
    description: "",
    methods: { Ping: { handler: (p) => ({ pong: p["ping"] }) } },
  });
  const clients: VarlinkCaller[] = [];
  try {
    const tcp = await server.listen("tcp:127.0.0.1:0");
    const tls = await server.listen("tls:127.0.0.1:0", { tls: { ...certs.server } });
    const plain = await VarlinkClient.connect(tcp.address);
    const secure = await VarlinkClient.connect(tls.address, { tls: { ca: certs.ca } });
    clients.push(plain, secure);
    const sequential = size(context, 5000, 1000);
    const perCaller = size(context, 500, 100);
    const cases: ReadonlyArray<[string, () => Promise<void>, () => Promise<void>, number]> = [
      ["tls, sequential", load(secure, 1, sequential), load(plain, 1, sequential), sequential],
      ["tls, 16 concurrent callers", load(secure, 16, perCaller), load(plain, 16, perCaller), 16 * perCaller],
    ];
    const rows: Row[] = [];
    for (const [scenario, ours, baseline, ops] of cases) {
      context.log(`tls: ${scenario}`);
      try {
        const rates = await interleavedRates(ours, baseline, ops, context.repetitions);
        rows.push({
          group: GROUP,
          scenario,
          against: "plain tcp",
          ...rates,
          unit: "calls/s",
          better: "higher",
        });
      } catch (error) {
        rows.push(unavailable(GROUP, scenario, "plain tcp", reasonOf(error)));
      }
    }
    return rows;
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.close({ timeoutMs: 1000 });
    certs.rm();
  }
}
