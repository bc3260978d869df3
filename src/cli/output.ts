/**
 * The CLI's stdout and stderr when the reader goes away: `varlink-codegen generate ... | head -1`
 * closes the pipe after one line, and Node (which ignores SIGPIPE) then emits an `error` event
 * that, unhandled, crashed the process with a stack trace. Every command writes through
 * `process.stdout`/`process.stderr`, so guarding the two streams once covers them all, the
 * fast no-op path included.
 */
import { ExitCode } from "./exit-code.js";

let guarded = false;

/**
 * Installs the guard (idempotent). A closed pipe (EPIPE) is the reader's choice: later output is
 * dropped silently and the command finishes its work (a `generate` still writes every file) with
 * its own exit code. Any other write failure (EIO, ENOSPC on a redirect) means output was lost:
 * one line on stderr when stderr still works, and exit code 1 instead of success.
 */
export function guardOutput(): void {
  if (guarded) return;
  guarded = true;
  let lost: string | undefined;
  for (const [name, stream] of [
    ["stdout", process.stdout],
    ["stderr", process.stderr],
  ] as const) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE" || lost !== undefined) return;
      lost = `${name}: ${error.code ?? error.message}`;
      if (name === "stdout" && !process.stderr.destroyed) {
        process.stderr.write(`varlink-codegen: cannot write to ${lost}\n`);
      }
    });
  }
  process.on("exit", (code) => {
    if (lost !== undefined && code === ExitCode.Ok) process.exitCode = ExitCode.Failure;
  });
}
