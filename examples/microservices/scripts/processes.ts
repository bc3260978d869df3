/**
 * Starting the services as child processes, for the demo, the tests and the bench: each runs
 * its own `main` (from source through tsx's loader, one node process per service, so a signal
 * reaches the service itself), and is ready once it logs its `listening` line.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The example's folder (examples/microservices). */
export const EXAMPLE_DIR: string = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A service process that has logged `listening` (at level info: LOG_LEVEL above info would hide it). */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** The Varlink address it bound. */
  readonly address: string;
  /** The port of /healthz, /readyz, /metrics. */
  readonly httpPort: number;
  /** Every log line so far (parsed pino JSON; other lines as `{ msg }`). */
  readonly logs: Record<string, unknown>[];
  /** Resolves with the exit code (or signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
}

/** How to run a service: node arguments before the entry file, and the entry file. */
export interface Launch {
  readonly nodeArgs: readonly string[];
  /** Working directory (default the example's folder). */
  readonly cwd?: string;
  entry(service: "user-service" | "order-service"): string;
}

/** From source, through tsx's loader (the repository's node_modules). */
export const FROM_SOURCE: Launch = {
  nodeArgs: ["--conditions=@varlink-codegen/source", "--import", "tsx"],
  entry: (service) => join(EXAMPLE_DIR, "packages", service, "src", "main.ts"),
};

/**
 * Starts `service` with `env` (added to this process's environment); resolves once it logs
 * `listening`, rejects with its output if it exits first.
 */
export async function startService(
  service: "user-service" | "order-service",
  env: Readonly<Record<string, string>>,
  launch: Launch = FROM_SOURCE,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [...launch.nodeArgs, launch.entry(service)], {
    cwd: launch.cwd ?? EXAMPLE_DIR,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit").then(([code, signal]) => (code ?? signal) as number | string);
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const listening = new Promise<{ address: string; httpPort: number }>((resolve) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        record = { msg: line };
      }
      logs.push(record);
      if (record["msg"] === "listening")
        resolve({ address: String(record["address"]), httpPort: Number(record["httpPort"]) });
    });
  });
  const started = await Promise.race([
    listening,
    exited.then((code) => {
      throw new Error(`${service} exited (${code}) before listening:\n${stderr}`);
    }),
  ]);
  return { child, ...started, logs, exited };
}

/** Sends SIGTERM and waits for the exit; resolves with the exit code (or signal). */
export async function stopService(service: ServiceProcess): Promise<number | string> {
  if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill("SIGTERM");
  return service.exited;
}

/**
 * Scrapes `http://127.0.0.1:PORT/metrics` and sums the samples of `name` whose labels include
 * all of `labels` (0 when there are none).
 */
export async function scrapeMetric(
  httpPort: number,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const have = new Map(
      [...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => have.get(key) === value)) sum += Number(match[3]);
  }
  return sum;
}
