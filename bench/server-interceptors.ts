/**
 * What server interceptors cost: sequential and pipelined (depth 16) calls/s over a unix socket
 * to servers with 0, 1 and 5 no-op interceptors, rounds interleaved, medians reported. Not part
 * of the bench harness (an A/B of one feature).
 *
 *   npx tsx bench/server-interceptors.ts
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { type ServerInterceptor, VarlinkClient, VarlinkServer } from "../packages/runtime/src/index.js";

const COUNTS = [0, 1, 5];
const ROUNDS = 9;
const ROUND_MS = 400;

const noop: ServerInterceptor = (next) => (call) => next(call);

/** Calls/s of `step` (which makes `perStep` calls) over one round. */
async function rate(step: () => Promise<unknown>, perStep: number): Promise<number> {
  const start = performance.now();
  let calls = 0;
  while (performance.now() - start < ROUND_MS) {
    await step();
    calls += perStep;
  }
  return calls / ((performance.now() - start) / 1000);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "varlink-icpt-bench-"));
  const sides = await Promise.all(
    COUNTS.map(async (count) => {
      const server = new VarlinkServer({
        vendor: "bench",
        product: "interceptors",
        version: "1",
        url: "https://varlink.org",
        interceptors: Array.from({ length: count }, () => noop),
      });
      server.addInterface({
        name: "org.example.bench",
        description: "",
        methods: { Ping: { handler: (p) => ({ ping: p["ping"] }) } },
      });
      const listener = await server.listen(`unix:${join(dir, `${count}.sock`)}`);
      return { server, client: await VarlinkClient.connect(listener.address) };
    }),
  );
  const sequential: number[][] = COUNTS.map(() => []);
  const pipelined: number[][] = COUNTS.map(() => []);
  const ping = (client: VarlinkClient): Promise<unknown> =>
    client.call("org.example.bench.Ping", { ping: "x" });
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, { client }] of sides.entries()) {
      sequential[i]?.push(await rate(() => ping(client), 1));
      pipelined[i]?.push(await rate(() => Promise.all(Array.from({ length: 16 }, () => ping(client))), 16));
    }
  }
  const base = { sequential: median(sequential[0] ?? []), pipelined: median(pipelined[0] ?? []) };
  console.log("| interceptors | sequential calls/s | ratio | pipelined (16) calls/s | ratio |");
  console.log("|---:|---:|---:|---:|---:|");
  for (const [i, count] of COUNTS.entries()) {
    const s = median(sequential[i] ?? []);
    const p = median(pipelined[i] ?? []);
    console.log(
      `| ${count} | ${s.toFixed(0)} | ${(s / base.sequential).toFixed(2)} | ${p.toFixed(0)} | ${(p / base.pipelined).toFixed(2)} |`,
    );
  }
  for (const { client, server } of sides) {
    await client.close();
    await server.close();
  }
  await rm(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
