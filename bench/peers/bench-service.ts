/**
 * org.varlink.bench on our runtime: the same three methods the Go baseline server implements
 * (bench/go/server/main.go), so both servers do the same work per call.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { InterfaceDefinition } from "../../src/runtime/index.js";

/** The interface text, also fed to varlink-go-interface-generator for the Go peers. */
export const BENCH_IDL = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), "..", "org.varlink.bench.varlink"),
  "utf8",
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

/** The interface definition for `VarlinkServer.addInterface`. */
export function benchInterface(): InterfaceDefinition {
  return {
    name: "org.varlink.bench",
    description: BENCH_IDL,
    methods: {
      Ping: { handler: (parameters) => ({ pong: parameters["ping"] }) },
      Stream: { more: "requires", handler: (parameters) => stream(Number(parameters["n"])) },
      Echo: { handler: (parameters) => ({ data: parameters["data"] }) },
    },
  };
}
