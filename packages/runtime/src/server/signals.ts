/**
 * Graceful shutdown on SIGTERM/SIGINT: the one place the runtime touches process signals, and
 * only when asked (a library that installed signal handlers by itself would take Ctrl-C away
 * from the application).
 */
import process from "node:process";
import type { CloseOptions } from "./server.js";

/** What {@link closeOnSignals} needs of a server. */
export interface Closable {
  close(options?: CloseOptions): Promise<void>;
}

/** Options of {@link closeOnSignals}. */
export interface CloseOnSignalsOptions {
  /** Signals that start the shutdown (default SIGTERM and SIGINT). */
  signals?: readonly NodeJS.Signals[];
  /**
   * How long in-flight calls may take before their connections are closed by force and their
   * handlers' signals abort (default 10 s: below systemd's 90 s `TimeoutStopSec`, above any
   * sane call; a `more` subscription only ends when forced).
   */
  timeoutMs?: number;
  /** Called once the server is closed (close the rest of the application's resources here). */
  onClosed?: (signal: NodeJS.Signals) => void;
}

/** Default {@link CloseOnSignalsOptions.timeoutMs}. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * On the first of `signals`, closes `server` gracefully (`close({ timeoutMs })`: stop accepting,
 * finish the calls in flight, then close; forced after the deadline). The listeners are
 * `process.once` and all removed on the first signal, so a second Ctrl-C gets Node's default
 * (the process ends at once). The process is not exited: it ends by itself when nothing else
 * keeps it alive. Returns a function that removes the listeners (when the server is closed
 * another way).
 */
export function closeOnSignals(server: Closable, options: CloseOnSignalsOptions = {}): () => void {
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const remove = (): void => {
    for (const signal of signals) process.off(signal, onSignal);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    remove();
    const done = (): void => options.onClosed?.(signal);
    void server.close({ timeoutMs }).then(done, done);
  };
  for (const signal of signals) process.once(signal, onSignal);
  return remove;
}
