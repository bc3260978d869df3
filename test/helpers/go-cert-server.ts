/**
 * Starts the reference Go certification server (`varlink-go-certification --varlink unix:…`) on a
 * socket in a temporary directory, waits until the socket exists, and stops it afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROCESS_LIMIT_MS } from "./time-limits.js";

/** A running Go certification server. */
export interface GoCertServer {
  readonly address: string;
  stop(): Promise<void>;
}

/** Spawns the server and polls for its socket (bounded by PROCESS_LIMIT_MS). */
export async function startGoCertServer(): Promise<GoCertServer> {
  const dir = mkdtempSync(join(tmpdir(), "vlc-cert-"));
  const socket = join(dir, "cert.sock");
  const address = `unix:${socket}`;
  const child: ChildProcess = spawn("varlink-go-certification", ["--varlink", address], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  // No event tells when the Go program has bound its socket: poll, bounded like any process.
  const deadline = Date.now() + PROCESS_LIMIT_MS;
  while (!existsSync(socket) && Date.now() < deadline) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!existsSync(socket)) {
    await stop();
    throw new Error("varlink-go-certification did not create its socket");
  }
  return { address, stop };
}
