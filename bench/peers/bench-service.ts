/**
 * org.varlink.bench on our runtime: the same three methods the Go baseline server implements
 * (bench/go/server/main.go), so both servers do the same work per call.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { InterfaceDefinition } from "../../packages/runtime/src/index.js";

/** Path of the interface file (also fed to varlink-go-interface-generator for the Go peers). */
export const BENCH_IDL_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "org.varlink.bench.varlink",
);

/** Fully-qualified method names. */
export const BenchMethods = {
  Ping: "org.varlink.bench.Ping",
  Stream: "org.varlink.bench.Stream",
  Echo: "org.varlink.bench.Echo",
} as const;

async function* stream(n: number): AsyncGenerator<{ i: number }> {
  for (let i = 0; i < n; i++) yield { i };
}

/**
 * The interface definition for `VarlinkServer.addInterface`. `idlPath` defaults to
 * {@link BENCH_IDL_PATH}; a bundled server (whose import.meta.url is elsewhere) passes it.
 */
export function benchInterface(idlPath: string = BENCH_IDL_PATH): InterfaceDefinition {
  return {
    name: "org.varlink.bench",
    description: readFileSync(idlPath, "utf8"),
    methods: {
      Ping: { handler: (parameters) => ({ pong: parameters["ping"] }) },
      Stream: { more: "requires", handler: (parameters) => stream(Number(parameters["n"])) },
      Echo: { handler: (parameters) => ({ data: parameters["data"] }) },
    },
  };
}
