import type { Duplex } from "node:stream";

/**
 * The byte-stream abstraction between framing and the sockets: a {@link Channel} is one
 * connected, ordered, reliable byte stream (a node socket, or an in-memory pair in tests).
 */

/** Callbacks a channel delivers to its single owner. */
export interface ChannelHandlers {
  /** Bytes arrived. Not called while the channel is paused. */
  data(chunk: Uint8Array): void;
  /** The write buffer dropped below the high-water mark after a `write` returned false. */
  drain(): void;
  /**
   * The peer finished sending (half-close) but still reads: a server answers what it has read,
   * then closes. Optional: channels that cannot half-close just close.
   */
  end?(): void;
  /** The channel is closed for good (by either side); `error` when it broke. Called once. */
  close(error?: Error): void;
}

/** One connected byte stream. */
export interface Channel {
  /** Attaches the owner; data flows only after this. Call once. */
  attach(handlers: ChannelHandlers): void;
  /** Queues bytes. Returns false when the write buffer is above its high-water mark. */
  write(data: string | Uint8Array): boolean;
  /** Stops delivering `data` until {@link Channel.resume}. */
  pause(): void;
  /** Resumes delivering `data`. */
  resume(): void;
  /** Flushes queued writes, then closes. */
  end(): void;
  /** Closes now, dropping queued writes. */
  destroy(error?: Error): void;
  /**
   * Checks, without sending a byte, that the peer can still read: after the peer's EOF a
   * half-closed peer still waits for replies, a closed one does not. A channel that can tell
   * closes itself (its `close` handler runs); one that cannot ignores it. Optional.
   */
  probe?(): void;
  /**
   * Whether the open channel alone keeps the process alive (node's `ref`/`unref`): a pool's idle
   * connection must not, one that owes a reply must. Optional: channels without it always do.
   */
  keepAlive?(alive: boolean): void;
  /**
   * Hands the underlying stream over after a confirmed protocol upgrade, with `unread` (bytes
   * read past the confirming message) put back in front; the channel tells its owner nothing
   * more. Optional: a channel without a stream to hand over (in-memory, custom) cannot be
   * upgraded.
   */
  detach?(unread: Uint8Array): Duplex;
  /** A human-readable description of the peer, for error messages. */
  readonly description: string;
}

/** Something that opens channels: used by clients (`VarlinkClient.connect`). */
export interface Transport {
  connect(signal?: AbortSignal): Promise<Channel>;
}
