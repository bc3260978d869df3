/**
 * Plaintext TCP beyond the machine: anyone on the path reads and rewrites the calls. It is
 * allowed (inside a VPN, a service mesh, behind a TLS terminator) but should be a decision, so
 * the first `tcp:` connect or listen on a non-loopback address in a process says so once.
 */
import { isIPv4 } from "node:net";
import { emitWarning } from "node:process";

/** Receives the plaintext-TCP warning (once per process). */
export type PlaintextWarningReporter = (message: string) => void;

const processWarning: PlaintextWarningReporter = (message) =>
  emitWarning(message, { type: "VarlinkPlaintextTcp" });

let reporter: PlaintextWarningReporter = processWarning;
let warned = false;

/**
 * Routes the plaintext-TCP warning (default: a process warning of type `VarlinkPlaintextTcp`,
 * which `process.on("warning")` sees and `--no-warnings` silences); `undefined` restores it.
 */
export function setPlaintextWarningReporter(next: PlaintextWarningReporter | undefined): void {
  reporter = next ?? processWarning;
}

/** Forgets that the warning was given (tests). @internal */
export function resetPlaintextWarning(): void {
  warned = false;
}

/** True for `localhost`, 127.0.0.0/8, `::1` and IPv4-mapped 127.x (what never leaves the host). @internal */
export function isLoopback(host: string): boolean {
  const lower = host.toLowerCase();
  if (lower === "localhost" || lower.endsWith(".localhost") || lower === "::1") return true;
  const v4 = lower.startsWith("::ffff:") ? lower.slice("::ffff:".length) : lower;
  return isIPv4(v4) && v4.startsWith("127.");
}

/** Warns (the first time in the process) when `host` is not loopback. @internal */
export function warnIfPlaintext(host: string, text: string, listening: boolean): void {
  if (warned || isLoopback(host)) return;
  warned = true;
  reporter(
    `${listening ? "listening on" : "connecting to"} ${text} without TLS: calls and replies cross the ` +
      "network in plaintext (use a tls: address, see docs/security.md); this warning is given once",
  );
}
