/**
 * What authentication and authorization cost per call: calls/s (sequential and pipelined by 16)
 * over a unix socket to a server with `authentication` + `authorize(policy)` on an authenticated
 * connection, against the same server without them, rounds interleaved, in-process.
 * The token is verified once per connection, so this is the per-call interceptor cost only.
 */
import type { BenchContext } from "../lib/context.js";
import { reasonOf, size } from "../lib/context.js";
import { unavailable, type Row } from "../lib/report.js";
import { interleavedRates } from "../lib/stats.js";
import {
  type ServerOptions,
  VarlinkClient,
  VarlinkServer,
  authorize,
} from "../../packages/runtime/src/index.js";

const GROUP = "auth";
const AGAINST = "same server without authentication/authorize";

async function side(
  address: string,
  extra: Partial<ServerOptions>,
  token: boolean,
): Promise<{ client: VarlinkClient; server: VarlinkServer }> {
  const server = new VarlinkServer({
    vendor: "bench",
    product: "auth",
    version: "1",
    url: "https://varlink.org",
    ...extra,
  });
  server.addInterface({
    name: "org.example.bench",
    description: "",
    methods: { Ping: { handler: (p) => ({ ping: p["ping"] }) } },
  });
  const listener = await server.listen(address);
  const client = await VarlinkClient.connect(
    listener.address,
    token ? { tokenProvider: async () => "bench-token" } : {},
  );
  return { client, server };
}

/** Runs the auth rows. */
export async function authCosts(context: BenchContext): Promise<Row[]> {
  const calls = size(context, 4000, 1000);
  const sides: { client: VarlinkClient; server: VarlinkServer }[] = [];
  const rows: Row[] = [];
  try {
    const plain = await side(context.sockets.address("auth-plain.sock"), {}, false);
    sides.push(plain);
    const secured = await side(
      context.sockets.address("auth-secured.sock"),
      {
        authentication: { verify: async () => ({ subject: "bench", claims: { scope: "bench:ping" } }) },
        interceptors: [
          authorize([{ who: { claims: { scope: "bench:ping" } }, methods: ["org.example.bench.*"] }]),
        ],
      },
      true,
    );
    sides.push(secured);
    const ping = (client: VarlinkClient): Promise<unknown> =>
      client.call("org.example.bench.Ping", { ping: "x" });
    const sequential = (client: VarlinkClient) => async (): Promise<void> => {
      for (let i = 0; i < calls; i++) await ping(client);
    };
    const pipelined = (client: VarlinkClient) => async (): Promise<void> => {
      for (let i = 0; i < calls; i += 16) await Promise.all(Array.from({ length: 16 }, () => ping(client)));
    };
    for (const [scenario, mode] of [
      ["authenticated + authorized call, sequential", sequential],
      ["authenticated + authorized call, pipelined (16)", pipelined],
    ] as const) {
      context.log(`auth: ${scenario}`);
      const rates = await interleavedRates(
        mode(secured.client),
        mode(plain.client),
        calls,
        context.repetitions,
      );
      rows.push({
        group: GROUP,
        scenario,
        against: AGAINST,
        ours: rates.ours,
        baseline: rates.baseline,
        unit: "calls/s",
        better: "higher",
      });
    }
  } catch (error) {
    rows.push(unavailable(GROUP, "(all)", AGAINST, reasonOf(error), "calls/s"));
  } finally {
    for (const { client, server } of sides) {
      await client.close();
      await server.close({ timeoutMs: 1000 });
    }
  }
  return rows;
}
