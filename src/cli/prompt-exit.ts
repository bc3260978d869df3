/**
 * Ending a finished one-shot command without tearing its heap down. After a cold `generate` of
 * many inputs the heap is large, and Node's normal exit disposes the isolate first: ~60 ms from
 * the last line printed to the end of a 200-file corpus run, 6 % of it (docs/performance.md).
 * `process.exit()` skips that (tsc ends its runs the same way). Only for a command that asked for
 * it (a `generate` without `--watch`), after everything it started has finished, and only once
 * stdout and stderr hold nothing unwritten (pipes are asynchronous on macOS): no output is lost,
 * and the exit code is `process.exitCode` as the `exit` handlers leave it (output.ts).
 */

let requested = false;

/** Asks for {@link exitIfRequested} to end the process once the command has returned. */
export function requestPromptExit(): void {
  requested = true;
}

/** Ends the process now when a command asked for it and the output streams are flushed; else returns. */
export async function exitIfRequested(): Promise<void> {
  if (!requested) return;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed) return Promise.resolve();
  // A write's callback runs once every write before it has been handed to the OS (or failed).
  return new Promise((resolve) => stream.write("", () => resolve()));
}
