/**
 * Runtime against the raw node:net ceiling, in this process over unix sockets. Sequential,
 * pipelined and `more` rows come from the runtime's own bench/runtime.ts (`runRuntimeBench`: best
 * of alternating rounds); the 1 KiB / 1 MiB echo rows are measured here the same way the raw
 * baseline is built there (rawFrames / RawClient: split on NUL, JSON.parse, JSON.stringify), with
 * medians of alternating rounds.
 */
import { createServer, type Server } from "node:net";
import type { rawFrames as RawFrames } from "../runtime-raw.js";
import type { BenchContext } from "../lib/context.js";
import { reasonOf, size } from "../lib/context.js";
import { unavailable, type Row } from "../lib/report.js";
import { interleavedRates } from "../lib/stats.js";

const GROUP = "runtime vs raw node:net";
const AGAINST = "raw node:net, same bytes";
const TARGETS: Record<string, number> = { "sequential ping-pong": 0.85, "pipelined calls (depth 16)": 0.8 };

function rawEchoServer(path: string, rawFrames: typeof RawFrames): Promise<Server> {
  const server = createServer((socket) => {
    socket.on(
      "data",
      rawFrames((call) => {
        const parameters = call["parameters"] as Record<string, unknown>;
        socket.write(JSON.stringify({ parameters: { data: parameters["data"] } }) + "\0");
      }),
    );
  });
  return new Promise((resolve) => server.listen(path, () => resolve(server)));
}

async function echoRows(context: BenchContext): Promise<Row[]> {
  const { RawClient, rawFrames } = await import("../runtime-raw.js");
  const { VarlinkClient, VarlinkServer } = await import("../../packages/runtime/src/index.js");
  const { benchInterface, BenchMethods } = await import("../peers/bench-service.js");
  const oursPath = context.sockets.address("raw-ours.sock");
  const rawPath = context.sockets.address("raw-echo.sock").replace(/^unix:/, "");
  const server = new VarlinkServer({ vendor: "bench", product: "bench", version: "1", url: "" });
  server.addInterface(benchInterface());
  await server.listen(oursPath);
  const rawServer = await rawEchoServer(rawPath, rawFrames);
  const ours = await VarlinkClient.connect(oursPath);
  const raw = await RawClient.connect(rawPath);
  try {
    const rows: Row[] = [];
    for (const [label, bytes, count] of [
      ["echo 1 KiB", 1024, size(context, 5000, 1000)],
      ["echo 1 MiB", 1 << 20, size(context, 20, 5)],
    ] as const) {
      context.log(`runtime vs raw: ${label}`);
      const payload = "x".repeat(bytes);
      const sides = {
        ours: async (): Promise<void> => {
          for (let i = 0; i < count; i++) {
            const reply = await ours.call(BenchMethods.Echo, { data: payload });
            if ((reply["data"] as string).length !== bytes) throw new Error("echo mismatch");
          }
        },
        baseline: async (): Promise<void> => {
          for (let i = 0; i < count; i++) {
            const reply = await raw.call(BenchMethods.Echo, { data: payload });
            if ((reply["data"] as string).length !== bytes) throw new Error("echo mismatch");
          }
        },
      };
      const rates = await interleavedRates(sides.ours, sides.baseline, count, {
        ...context.repetitions,
        warmup: 1,
      });
      rows.push({
        group: GROUP,
        scenario: label,
        against: AGAINST,
        ours: rates.ours,
        baseline: rates.baseline,
        unit: "calls/s",
        better: "higher",
      });
    }
    return rows;
  } finally {
    await ours.close();
    raw.close();
    await server.close({ timeoutMs: 2000 });
    await new Promise<void>((resolve) => rawServer.close(() => resolve()));
  }
}

/** Runs the raw-baseline rows. */
export async function runtimeVsRaw(context: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  try {
    const { runRuntimeBench } = await import("../runtime.js");
    context.log("runtime vs raw: bench/runtime.ts (sequential, pipelined, more)");
    const dir = context.sockets
      .address("x")
      .replace(/^unix:/, "")
      .replace(/\/x$/, "");
    for (const result of await runRuntimeBench({ quick: context.quick, socketDir: dir })) {
      const target = TARGETS[result.name];
      rows.push({
        group: GROUP,
        scenario: result.name,
        against: AGAINST,
        ours: result.ours,
        baseline: result.baseline,
        unit: result.unit,
        better: "higher",
        note: "best of alternating rounds, bench/runtime.ts",
        ...(target === undefined ? {} : { target }),
      });
    }
  } catch (error) {
    rows.push(
      unavailable(GROUP, "sequential / pipelined / more", AGAINST, `bench/runtime.ts: ${reasonOf(error)}`),
    );
  }
  try {
    rows.push(...(await echoRows(context)));
  } catch (error) {
    rows.push(unavailable(GROUP, "echo 1 KiB / 1 MiB", AGAINST, reasonOf(error), "calls/s"));
  }
  return rows;
}
