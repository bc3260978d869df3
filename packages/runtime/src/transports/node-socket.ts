/**
 * node:net transport: a {@link Channel} over a `net.Socket`, connecting to and listening on
 * unix and tcp addresses.
 */
import { chmod, unlink } from "node:fs/promises";
import * as net from "node:net";
import { nextTick } from "node:process";
import { type UnixAddress, type VarlinkAddress, formatAddress, nodeSocketPath } from "./address.js";
import { AddressError, ConnectionError } from "../errors.js";
import type { Channel, ChannelHandlers } from "./transport.js";
import { warnIfPlaintext } from "./plaintext-warning.js";

/** A {@link Channel} over a connected node socket. */
export class SocketChannel implements Channel {
  /** The underlying socket. */
  readonly socket: net.Socket;
  /** The other end (the address, or `peer on <address>` on a server), for error messages. */
  readonly description: string;
  #error: Error | undefined;

  constructor(socket: net.Socket, description: string) {
    this.socket = socket;
    this.description = description;
    // Until attached, remember an error so it is not thrown as an unhandled 'error' event.
    socket.on("error", (error) => {
      this.#error ??= error;
    });
  }

  attach(handlers: ChannelHandlers): void {
    const socket = this.socket;
    socket.on("data", handlers.data);
    socket.on("drain", handlers.drain);
    if (handlers.end !== undefined) socket.on("end", handlers.end);
    if (socket.destroyed) {
      queueMicrotask(() => handlers.close(this.#error));
      return;
    }
    const onClose = (): void => handlers.close(this.#error);
    socket.once("close", onClose);
    this.#detach = () => {
      socket.off("data", handlers.data);
      socket.off("drain", handlers.drain);
      if (handlers.end !== undefined) socket.off("end", handlers.end);
      socket.off("close", onClose);
    };
  }

  #detach: (() => void) | undefined;

  /**
   * Hands the socket over (a protocol upgrade): it is paused, our listeners are removed, and
   * `unread` (bytes read past the last message) is put back in front of its readable side, so
   * the new owner reads exactly what followed the message. The owner is no longer told of
   * anything; an `error` event still has our (recording) listener, so it cannot crash the
   * process. Returns the socket.
   */
  detach(unread: Uint8Array): net.Socket {
    const socket = this.socket;
    socket.pause();
    this.#detach?.();
    this.#detach = undefined;
    if (unread.length > 0) socket.unshift(unread);
    return socket;
  }

  /**
   * The first write of a tick goes straight to the socket (a lone reply costs what a raw write
   * does); further writes in the same tick (pipelined calls, a burst of replies) are corked and
   * leave together in one writev when the tick ends, because the cost here is syscalls, not
   * JSON. A batch is flushed early once it reaches the socket's high-water mark, so corking
   * never buffers without bound.
   */
  write(data: string | Uint8Array): boolean {
    const socket = this.socket;
    if (socket.destroyed) return false;
    const writes = this.#writesThisTick++;
    if (writes === 0) {
      nextTick(this.#endTick);
    } else if (!this.#corked) {
      this.#corked = true;
      socket.cork();
    }
    const ok = socket.write(data);
    if (!ok) this.#uncork();
    return ok;
  }

  #writesThisTick = 0;
  #corked = false;
  readonly #endTick = (): void => {
    this.#writesThisTick = 0;
    this.#uncork();
  };
  #uncork(): void {
    if (!this.#corked) return;
    this.#corked = false;
    this.socket.uncork();
  }

  /**
   * A write of zero bytes: on a unix socket whose peer closed (not just shut down its write
   * side) the kernel answers EPIPE, node destroys the socket and `close` follows; a half-closed
   * peer receives nothing. On tcp it succeeds either way (a closed peer is only seen when data
   * is refused), so tcp peers are found gone by the next real write.
   */
  probe(): void {
    const socket = this.socket;
    if (!socket.destroyed && !socket.writableEnded && !this.#corked) socket.write("");
  }

  keepAlive(alive: boolean): void {
    if (alive) this.socket.ref();
    else this.socket.unref();
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /**
   * Flushes our writes, then closes without waiting for the peer to close its side: nothing it
   * could still send is wanted (a client that closes has given up on its calls; a server that
   * closes has answered everything), and a peer that never closes must not keep us open.
   */
  end(): void {
    const socket = this.socket;
    socket.end(() => socket.destroy());
  }

  destroy(error?: Error): void {
    if (error !== undefined) this.#error ??= error;
    this.socket.destroy();
  }
}

/** Connects a node socket to a unix or tcp address. @internal */
export async function connectSocket(
  address: VarlinkAddress,
  text: string,
  signal?: AbortSignal,
): Promise<SocketChannel> {
  if (address.kind !== "unix" && address.kind !== "tcp")
    throw new AddressError(text, `${address.kind}: is handled by connectAddress`);
  if (address.kind === "tcp") warnIfPlaintext(address.host, text, false);
  const options: net.NetConnectOpts =
    address.kind === "unix"
      ? { path: nodeSocketPath(address, text) }
      : { host: address.host, port: address.port };
  return openSocket(options, text, signal);
}

/**
 * Connects node:net to `options` (a unix path, or a tcp host and port). For exec:, which
 * connects to an abstract socket it bound itself, so a padded name is reached as it was bound.
 * @internal
 */
export async function openSocket(
  options: net.NetConnectOpts,
  text: string,
  signal?: AbortSignal,
): Promise<SocketChannel> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(options);
    const onAbort = (): void => {
      socket.destroy();
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("error", (error) => {
      signal?.removeEventListener("abort", onAbort);
      reject(
        new ConnectionError(`cannot connect to ${text}: ${error.message}`, { cause: error, written: false }),
      );
    });
    socket.once("connect", () => {
      signal?.removeEventListener("abort", onAbort);
      if ("port" in options) socket.setNoDelay(true);
      resolve(new SocketChannel(socket, text));
    });
  });
}

/** A bound node listener. @internal */
export interface SocketListener {
  /** The bound address (tcp port filled in). */
  readonly address: string;
  readonly server: net.Server;
  /** Stops accepting; removes the socket file of a unix path listener. */
  close(): Promise<void>;
}

/** `close()` of a listener: once, then the socket file (if any) is removed. @internal */
export function closer(server: net.Server, path?: string): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () =>
    (closing ??= new Promise<void>((resolve) => server.close(() => resolve())).then(async () => {
      if (path !== undefined) await unlink(path).catch(() => {});
    }));
}

/**
 * Listens on a unix or tcp address, or on an inherited fd. A stale unix socket file (nobody
 * accepting on it) is removed first; `;mode=` is applied to the socket file.
 * @internal
 */
export async function listenSocket(
  target: VarlinkAddress | { kind: "fd"; fd: number },
  text: string,
  onSocket: (socket: net.Socket) => void,
): Promise<SocketListener> {
  if (target.kind !== "unix" && target.kind !== "tcp" && target.kind !== "fd")
    throw new AddressError(text, `${target.kind}: addresses are for clients only`);
  // allowHalfOpen: a client may send its calls and shut down its write side (socat, shell
  // pipes); it still gets its replies.
  const server = net.createServer({ noDelay: true, allowHalfOpen: true }, onSocket);
  if (target.kind === "fd") {
    await bind(server, { fd: target.fd }, text);
    return { address: text, server, close: closer(server) };
  }
  if (target.kind === "tcp") {
    warnIfPlaintext(target.host, text, true);
    await bind(server, { host: target.host, port: target.port }, text);
    const bound = server.address() as net.AddressInfo;
    return { address: formatAddress({ ...target, port: bound.port }), server, close: closer(server) };
  }
  const path = nodeSocketPath(target, text);
  try {
    await bind(server, { path }, text);
  } catch (error) {
    if ((error as { cause?: NodeJS.ErrnoException }).cause?.code !== "EADDRINUSE" || target.abstract)
      throw error;
    if (await isAlive(path)) throw error;
    await unlink(path).catch(() => {});
    await bind(server, { path }, text);
  }
  if (target.mode !== undefined) await applyMode(server, target, text);
  return {
    address: formatAddress(target),
    server,
    close: closer(server, target.abstract ? undefined : path),
  };
}

/** Listens; rejects with a {@link ConnectionError} naming the address. @internal */
export function bind(
  server: net.Server,
  options: net.ListenOptions | { fd: number },
  text: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(new ConnectionError(`cannot listen on ${text}: ${error.message}`, { cause: error }));
    };
    server.once("error", onError);
    // `{ fd }` is node's "handle" form of listen(): an inherited listening socket.
    server.listen(options as net.ListenOptions, () => {
      server.off("error", onError);
      // Once listening, an error (a failed accept: EMFILE...) concerns one connection attempt;
      // without a listener node would throw it and end the process.
      server.on("error", () => {});
      resolve();
    });
  });
}

async function applyMode(server: net.Server, target: UnixAddress, text: string): Promise<void> {
  try {
    await chmod(target.path, target.mode as number);
  } catch (error) {
    server.close();
    throw new ConnectionError(`cannot set mode on ${text}: ${(error as Error).message}`, { cause: error });
  }
}

/** True when something accepts connections at the unix path (the socket file is not stale). */
function isAlive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createConnection({ path });
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}
