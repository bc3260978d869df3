/**
 * Messages over a channel: framing + JSON on top of a {@link Channel}. Shared by client and
 * server; knows nothing of calls and replies.
 * @internal
 */
import { ProtocolError } from "./errors.js";
import { DEFAULT_MAX_MESSAGE_SIZE, FrameDecoder } from "./framing.js";
import type { Channel } from "./transport.js";

/** A decoded message: always a plain JSON object (own properties only, from JSON.parse). */
export type Message = Record<string, unknown>;

/** What a {@link MessageConnection} reports to its owner. @internal */
export interface MessageHandlers {
  /** One message arrived. Return `false` to stop reading until `resumeReading()`. */
  message(message: Message): boolean | void;
  /** Writes went below the high-water mark after `send` returned false. */
  drain(): void;
  /** The peer will send nothing more (half-close); see `ChannelHandlers.end`. */
  end?(): void;
  /** The connection is closed; `error` says why when it was not an orderly close. Called once. */
  close(error?: Error): void;
}

/** Options shared by client and server connections. */
export interface ConnectionOptions {
  /** Largest message accepted, in bytes (default 16 MiB). A larger one closes the connection. */
  maxMessageSize?: number;
}

/** @internal */
export class MessageConnection {
  readonly channel: Channel;
  readonly #decoder: FrameDecoder;
  #handlers: MessageHandlers | undefined;
  #closed = false;
  #readingPaused = false;
  #released = false;
  readonly #onFrame = (text: string): boolean => this.#frame(text);

  constructor(channel: Channel, options: ConnectionOptions = {}) {
    this.channel = channel;
    this.#decoder = new FrameDecoder(options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE);
  }

  /** True once the channel closed (either side). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Starts reading; handlers get every message and the close. */
  start(handlers: MessageHandlers): void {
    this.#handlers = handlers;
    this.channel.attach({
      data: (chunk) => this.#data(chunk),
      drain: () => handlers.drain(),
      close: (error) => this.#close(error),
      ...(handlers.end === undefined ? {} : { end: () => handlers.end?.() }),
    });
  }

  /** Sends already-encoded frame text (JSON + NUL). */
  sendText(frame: string): boolean {
    if (this.#closed) return false;
    return this.channel.write(frame);
  }

  /** Stops reading (backpressure); messages already read stay queued. */
  pauseReading(): void {
    if (this.#readingPaused) return;
    this.#readingPaused = true;
    this.channel.pause();
  }

  /** Resumes reading after {@link MessageConnection.pauseReading} or a handler returning false. */
  resumeReading(): void {
    if (!this.#readingPaused || this.#closed || this.#released) return;
    this.#readingPaused = false;
    // Deliver the frames held back from the last chunk before new bytes arrive; asynchronously,
    // so a handler that resumes reading is not re-entered.
    queueMicrotask(() => {
      if (this.#closed || this.#readingPaused || this.#released) return;
      if (this.#decoder.hasHeld) {
        try {
          if (!this.#decoder.flush(this.#onFrame)) return;
        } catch (error) {
          this.destroy(error as Error);
          return;
        }
      }
      if (!this.#readingPaused) this.channel.resume();
    });
  }

  /** True while frames of an already-read chunk wait for reading to resume. */
  get hasHeldFrames(): boolean {
    return this.#decoder.hasHeld;
  }

  /** True while reading is paused. */
  get readingPaused(): boolean {
    return this.#readingPaused;
  }

  /**
   * Stops reading messages for good (a confirmed protocol upgrade): reading is paused, nothing
   * more is delivered, and the bytes already read past the last delivered message are returned;
   * they belong to whoever takes the channel over.
   */
  release(): Buffer {
    this.pauseReading();
    this.#released = true;
    return this.#decoder.takeUnread();
  }

  /** Flushes pending writes and closes. */
  end(): void {
    if (!this.#closed) this.channel.end();
  }

  /** Closes immediately. */
  destroy(error?: Error): void {
    if (!this.#closed) this.channel.destroy(error);
  }

  #data(chunk: Buffer): void {
    if (this.#closed || this.#released) return;
    try {
      this.#decoder.push(chunk, this.#onFrame);
    } catch (error) {
      this.destroy(error as Error);
    }
  }

  #frame(text: string): boolean {
    if (this.#closed) return false;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      throw new ProtocolError(`invalid JSON in message: ${(error as Error).message}`, { cause: error });
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      throw new ProtocolError("message is not a JSON object");
    }
    if ((this.#handlers as MessageHandlers).message(message as Message) === false) {
      this.pauseReading();
      return false;
    }
    // A handler may have paused reading itself (e.g. its write buffer is full).
    return !this.#readingPaused;
  }

  #close(error: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#decoder.reset();
    this.#handlers?.close(error);
  }
}
