/**
 * Reporting a handler's failure to the operator. A thrown value that is not a `VarlinkError`
 * is answered `org.varlink.service.InternalError` with `{}` (nothing leaves the process), so
 * without a report nobody would ever learn of it (issue 11: "nothing is logged anywhere").
 */
import { emitWarning } from "node:process";
import type { CallContext } from "./definitions.js";

/** `ServerOptions.onError`: sees each failure answered with `InternalError`, stack included. */
export type ErrorReporter = (error: unknown, call: CallContext) => void;

/**
 * The default: a process warning (`process.emitWarning`, type `VarlinkInternalError`, the stack
 * as its detail). Node prints warnings on stderr; `process.on("warning")` routes them, and
 * `--no-warnings` silences them. Chosen over `console.error` because it is Node's channel for a
 * library's diagnostics: the application decides where it goes, and it needs no lint exception.
 */
export const warnOnError: ErrorReporter = (error, call) =>
  warn(error, `${call.method} failed; answered org.varlink.service.InternalError`);

function warn(error: unknown, headline: string): void {
  const detail = error instanceof Error ? (error.stack ?? String(error)) : describe(error);
  emitWarning(headline, { type: "VarlinkInternalError", detail });
}

function describe(value: unknown): string {
  try {
    return `thrown: ${typeof value === "string" ? JSON.stringify(value) : String(value)}`;
  } catch {
    return `thrown: a ${typeof value}`;
  }
}

/**
 * Calls `reporter`; a reporter that throws is reported as a warning, and so is the failure it
 * was given (a broken logger must neither break the connection nor hide the failure). @internal
 */
export function report(reporter: ErrorReporter, error: unknown, call: CallContext): void {
  try {
    reporter(error, call);
  } catch (failure) {
    warn(failure, `ServerOptions.onError threw while reporting a failure of ${call.method}`);
    if (reporter !== warnOnError) warnOnError(error, call);
  }
}
