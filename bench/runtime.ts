/**
 * Runtime throughput against a raw node:net baseline in the same process, over a unix socket:
 * sequential ping-pong calls/s, pipelined (depth 16) calls/s, and `more` stream replies/s.
 *
 *   npx tsx bench/runtime.ts            (prints a table)
 *   import { runRuntimeBench } from "./runtime.js"   (the bench harness)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { VarlinkClient, VarlinkServer } from "../packages/runtime/src/index.js";
import { RawClient, rawServer } from "./runtime-raw.js";

/** One comparison: ours vs the raw baseline, higher is better. */
export interface RuntimeBenchResult {
  name: string;
  ours: number;
  baseline: number;
  unit: string;
  /** ours / baseline. */
  ratio: number;
}

/** Options of {@link runRuntimeBench}. */
export interface RuntimeBenchOptions {
  /** Directory for the unix sockets (default: a fresh temp dir). */
  socketDir?: string;
  /** Fewer, shorter rounds (CI smoke run). */
  quick?: boolean;
  /** Rounds (each measures both sides back to back); medians are reported (default 9, quick 3). */
  rounds?: number;
}

type Side = "ours" | "baseline";

interface Endpoint {
  ping(): Promise<unknown>;
  stream(n: number, each: (p: unknown) => void): Promise<void>;
  close(): Promise<void>;
}

async function ourEndpoint(path: string): Promise<Endpoint> {
  const server = new VarlinkServer({ vendor: "bench", product: "bench", version: "1", url: "" });
  server.addInterface({
    name: "org.example.bench",
    description: "interface org.example.bench\n",
    methods: {
      Ping: { handler: (p) => ({ pong: p["ping"] }) },
      Stream: {
        more: "supports",
        handler: async function* (p) {
          const n = Number(p["n"]);
          for (let i = 0; i < n; i++) yield { i };
        },
      },
    },
  });
  await server.listen(`unix:${path}`);
  const client = await VarlinkClient.connect(`unix:${path}`);
  return {
    ping: () => client.call("org.example.bench.Ping", { ping: "x" }),
    stream: async (n, each) => {
      for await (const reply of client.callMore("org.example.bench.Stream", { n })) each(reply);
    },
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

async function rawEndpoint(path: string): Promise<Endpoint> {
  const server = await rawServer(path);
  const client = await RawClient.connect(path);
  return {
    ping: () => client.call("org.example.bench.Ping", { ping: "x" }),
    stream: (n, each) => client.stream("org.example.bench.Stream", { n }, each),
    close: async () => {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Operations per second of `work` (which performs `count` operations). */
async function rate(count: number, work: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return count / seconds;
}

const scenarios: readonly {
  name: string;
  unit: string;
  count: (quick: boolean) => number;
  run: (e: Endpoint, count: number) => Promise<void>;
}[] = [
  {
    name: "sequential ping-pong",
    unit: "calls/s",
    count: (quick) => (quick ? 2_000 : 8_000),
    run: async (e, count) => {
      for (let i = 0; i < count; i++) await e.ping();
    },
  },
  {
    name: "pipelined calls (depth 16)",
    unit: "calls/s",
    count: (quick) => (quick ? 16_000 : 80_000),
    run: async (e, count) => {
      let sent = 0;
      const lane = async (): Promise<void> => {
        while (sent < count) {
          sent++;
          await e.ping();
        }
      };
      await Promise.all(Array.from({ length: 16 }, lane));
    },
  },
  {
    name: "more stream replies",
    unit: "replies/s",
    count: (quick) => (quick ? 20_000 : 100_000),
    run: async (e, count) => {
      let seen = 0;
      await e.stream(count, () => seen++);
      if (seen !== count) throw new Error(`stream delivered ${seen} of ${count} replies`);
    },
  },
];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Runs every scenario on both sides. Each round measures both sides back to back (order
 * alternating), so a load change on a shared machine hits both; the reported figures are the
 * medians over rounds and the ratio is the median of the per-round ratios.
 */
export async function runRuntimeBench(options: RuntimeBenchOptions = {}): Promise<RuntimeBenchResult[]> {
  const quick = options.quick ?? false;
  const rounds = options.rounds ?? (quick ? 3 : 9);
  const dir = options.socketDir ?? (await mkdtemp(join(tmpdir(), "varlink-bench-")));
  const endpoints: Record<Side, Endpoint> = {
    ours: await ourEndpoint(join(dir, `ours-${process.pid}.sock`)),
    baseline: await rawEndpoint(join(dir, `raw-${process.pid}.sock`)),
  };
  const results: RuntimeBenchResult[] = [];
  try {
    for (const scenario of scenarios) {
      const count = scenario.count(quick);
      const rates: Record<Side, number[]> = { ours: [], baseline: [] };
      const ratios: number[] = [];
      // Warm up both sides (JIT tiers up over thousands of calls) with a full round each.
      for (const side of ["ours", "baseline"] as const) await scenario.run(endpoints[side], count);
      for (let round = 0; round < rounds; round++) {
        const order: readonly Side[] = round % 2 === 0 ? ["ours", "baseline"] : ["baseline", "ours"];
        for (const side of order)
          rates[side].push(await rate(count, () => scenario.run(endpoints[side], count)));
        ratios.push((rates.ours.at(-1) as number) / (rates.baseline.at(-1) as number));
      }
      results.push({
        name: scenario.name,
        ours: median(rates.ours),
        baseline: median(rates.baseline),
        unit: scenario.unit,
        ratio: median(ratios),
      });
    }
  } finally {
    await endpoints.ours.close();
    await endpoints.baseline.close();
    if (options.socketDir === undefined) await rm(dir, { recursive: true, force: true });
  }
  return results;
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const results = await runRuntimeBench({ quick });
  console.log("| scenario | ours | raw node:net | unit | ratio |");
  console.log("|---|---:|---:|---|---:|");
  for (const r of results) {
    console.log(
      `| ${r.name} | ${Math.round(r.ours)} | ${Math.round(r.baseline)} | ${r.unit} | ${r.ratio.toFixed(2)} |`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
