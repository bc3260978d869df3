/**
 * Child processes for the benchmarks: servers that announce themselves with a `READY` line,
 * one-shot drivers that print one JSON line, and their memory as the kernel reports it.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The most telling line of a child's stderr: the first naming an error, else the last. */
export function stderrSummary(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return lines.find((line) => /error/i.test(line)) ?? lines.at(-1) ?? "";
}

/** A running server child. */
export interface Peer {
  readonly pid: number;
  readonly process: ChildProcess;
  /** Stops the child (SIGTERM, then SIGKILL after 2 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Spawns `command` and resolves once it prints a line starting with `READY`; rejects with its
 * stderr when it exits first or stays silent for `timeoutMs`.
 */
export function startPeer(
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Peer> {
  const child = spawn(command, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  let stderr = "";
  let stdout = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise<Peer>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(
        new Error(
          `${command} did not print READY within ${options.timeoutMs ?? 15_000} ms: ${stderrSummary(stderr)}`,
        ),
      );
    }, options.timeoutMs ?? 15_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code ?? signal}) before READY: ${stderrSummary(stderr)}`));
    });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (/^READY\b/m.test(stdout)) {
        clearTimeout(timer);
        child.stdout.removeAllListeners("data").resume();
        resolve({ pid: child.pid!, process: child, stop });
      }
    });
  });
}

/** Runs a driver to completion and parses the last stdout line as JSON. */
export function runJson<T>(command: string, args: readonly string[], timeoutMs = 300_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${command} ${args.join(" ")}: ${stderrSummary(stderr) || error.message}`));
        return;
      }
      const last = stdout.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${command} printed no JSON result: ${stdout.slice(0, 200)}`));
      }
    });
  });
}

/** A private directory for unix sockets; `address(name)` gives `unix:<dir>/<name>`. */
export interface SocketDir {
  address(name: string): string;
  remove(): void;
}

/** Creates a fresh temporary directory for sockets. */
export function socketDir(): SocketDir {
  const dir = mkdtempSync(join(tmpdir(), "varlink-bench-"));
  return {
    address: (name) => `unix:${join(dir, name)}`,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Resident set size and its peak (VmHWM) of a live process, in KiB, from /proc/<pid>/status. */
export function memoryKiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${name}`);
    return Number(match[1]);
  };
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

/** Runs a command to completion (exit 0 required) and resolves with its wall time in ms. */
export function timedRun(
  command: string,
  args: readonly string[],
  options: { cwd?: string } = {},
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const start = process.hrtime.bigint();
    execFile(
      command,
      args,
      { cwd: options.cwd, timeout: 120_000, maxBuffer: 16 << 20 },
      (error, _stdout, stderr) => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (error)
          reject(
            new Error(`${command} ${args.slice(0, 3).join(" ")}: ${stderrSummary(stderr) || error.message}`),
          );
        else resolve(ms);
      },
    );
  });
}
