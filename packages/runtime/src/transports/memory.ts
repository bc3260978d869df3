/**
 * An in-process channel pair (like connect-es' router transport): what one end writes, the
 * other reads, delivered asynchronously in order, with pause/resume and a high-water mark so
 * backpressure behaves like a socket's. For tests and for wiring a client to a server in-process.
 */
import type { Channel, ChannelHandlers } from "./transport.js";

/** Options of {@link createChannelPair}. */
export interface ChannelPairOptions {
  /** Bytes a writer may queue before `write` returns false (default 64 KiB). */
  highWaterMark?: number;
}

/** Two connected in-memory channels. */
export function createChannelPair(options: ChannelPairOptions = {}): [MemoryChannel, MemoryChannel] {
  const hwm = options.highWaterMark ?? 64 * 1024;
  const a = new MemoryChannel("memory:a", hwm);
  const b = new MemoryChannel("memory:b", hwm);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** One end of {@link createChannelPair}. */
export class MemoryChannel implements Channel {
  /** `memory:a` or `memory:b`, for error messages. */
  readonly description: string;
  /** @internal */
  peer: MemoryChannel | undefined;
  readonly #hwm: number;
  #handlers: ChannelHandlers | undefined;
  #inbox: Buffer[] = [];
  #inboxBytes = 0;
  #paused = false;
  #scheduled = false;
  #closed = false;
  #peerEnded = false;
  #needDrain = false;

  constructor(description: string, highWaterMark: number) {
    this.description = description;
    this.#hwm = highWaterMark;
  }

  attach(handlers: ChannelHandlers): void {
    this.#handlers = handlers;
    this.#schedule();
  }

  /** Bytes written to this end that its peer has not read yet. */
  get writableLength(): number {
    const peer = this.peer;
    return peer === undefined ? 0 : peer.#inboxBytes;
  }

  /** True once this end is closed. */
  get closed(): boolean {
    return this.#closed;
  }

  write(data: string | Uint8Array): boolean {
    const peer = this.peer;
    if (this.#closed || peer === undefined || peer.#closed) return false;
    const chunk = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
    peer.#inbox.push(chunk);
    peer.#inboxBytes += chunk.length;
    peer.#schedule();
    if (peer.#inboxBytes > this.#hwm) {
      this.#needDrain = true;
      return false;
    }
    return true;
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#schedule();
  }

  end(): void {
    const peer = this.peer;
    if (this.#closed) return;
    if (peer !== undefined && !peer.#closed) {
      peer.#peerEnded = true;
      peer.#schedule();
    }
    this.#finish(undefined);
  }

  destroy(error?: Error): void {
    if (this.#closed) return;
    this.#inbox = [];
    this.#inboxBytes = 0;
    const peer = this.peer;
    this.#finish(error);
    if (peer !== undefined && !peer.#closed) {
      peer.#inbox = [];
      peer.#inboxBytes = 0;
      queueMicrotask(() => peer.#finish(undefined));
    }
  }

  #finish(error: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    const handlers = this.#handlers;
    if (handlers !== undefined) queueMicrotask(() => handlers.close(error));
  }

  #schedule(): void {
    if (this.#scheduled || this.#handlers === undefined) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#deliver();
    });
  }

  #deliver(): void {
    const handlers = this.#handlers;
    if (handlers === undefined || this.#closed) return;
    while (!this.#paused && this.#inbox.length > 0 && !this.#closed) {
      const chunk = this.#inbox.shift() as Buffer;
      this.#inboxBytes -= chunk.length;
      handlers.data(chunk);
      const writer = this.peer;
      if (writer !== undefined && writer.#needDrain && this.#inboxBytes <= writer.#hwm) {
        writer.#needDrain = false;
        const wh = writer.#handlers;
        if (wh !== undefined && !writer.#closed) queueMicrotask(() => wh.drain());
      }
    }
    if (this.#inbox.length === 0 && this.#peerEnded) this.#finish(undefined);
  }
}
