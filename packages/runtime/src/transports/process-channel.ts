/**
 * A {@link Channel} over a child process's stdin and stdout: `ssh-unix:`/`ssh-exec:` addresses
 * and bridges (`varlink-codegen call --bridge=CMD`) speak Varlink through a command's stdio.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { ConnectionError } from "../errors.js";
import type { Channel, ChannelHandlers } from "./transport.js";

/** A connected channel whose peer is a child process: our writes are its stdin, its stdout our data. */
export class ProcessChannel implements Channel {
  /** The child; `end()` closes its stdin, and it is killed (SIGTERM) if still running when the channel closes. */
  readonly child: ChildProcess;
  readonly description: string;
  #closed = false;
  #handlers: ChannelHandlers | undefined;
  #error: Error | undefined;

  constructor(child: ChildProcess, description: string) {
    this.child = child;
    this.description = description;
    // A child that exits early makes our writes fail with EPIPE: that is a close, not a crash.
    child.stdin?.on("error", (error) => this.#close(error));
    child.stdout?.on("error", (error) => this.#close(error));
    child.on("error", (error) => this.#close(error));
  }

  attach(handlers: ChannelHandlers): void {
    this.#handlers = handlers;
    const { stdin, stdout } = this.child;
    stdout?.on("data", (chunk: Buffer) => handlers.data(chunk));
    stdin?.on("drain", () => handlers.drain());
    // The command's stdout ending is the peer closing: nothing more can arrive.
    stdout?.once("end", () => this.#close());
    stdout?.once("close", () => this.#close());
    if (this.#closed) queueMicrotask(() => handlers.close(this.#error));
  }

  write(data: string | Uint8Array): boolean {
    const stdin = this.child.stdin;
    if (this.#closed || stdin === null || stdin.destroyed) return false;
    return stdin.write(data);
  }

  pause(): void {
    this.child.stdout?.pause();
  }

  resume(): void {
    this.child.stdout?.resume();
  }

  /**
   * Flushes our writes and closes the command's stdin. That EOF is its cue to finish (ssh
   * forwards it, a stdio service exits on it); the channel closes when its stdout ends. Killing
   * it at once could drop a oneway call still in ssh's buffers; one that never finishes is
   * destroyed by the client's close timeout.
   */
  end(): void {
    const stdin = this.child.stdin;
    if (stdin === null || stdin.destroyed) this.destroy();
    else stdin.end();
  }

  destroy(error?: Error): void {
    this.#close(error);
  }

  #close(error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = error;
    const child = this.child;
    child.stdin?.destroy();
    child.stdout?.destroy();
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    this.#handlers?.close(error);
  }
}

/**
 * Spawns `program args...` with piped stdin/stdout (stderr is ours, so ssh can ask or complain)
 * and resolves once it runs; a program that cannot be started is a {@link ConnectionError}.
 * @internal
 */
export async function connectProcess(
  program: string,
  args: readonly string[],
  description: string,
  signal?: AbortSignal,
): Promise<ProcessChannel> {
  signal?.throwIfAborted();
  const child = spawn(program, args, { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", (error) =>
      reject(
        new ConnectionError(`cannot connect to ${description}: ${error.message}`, {
          cause: error,
          written: false,
        }),
      ),
    );
  });
  return new ProcessChannel(child, description);
}
