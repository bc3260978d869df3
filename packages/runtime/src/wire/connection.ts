/**
 * Messages over a channel: framing + JSON on top of a {@link Channel}. Shared by client and
 * server; knows nothing of calls and replies.
 * @internal
 */
import type { BudgetAccount, BufferBudget } from "./budget.js";
import { Deadlines, type Timeouts } from "../server/deadlines.js";
import { ProtocolError } from "../errors.js";
import { DEFAULT_MAX_MESSAGE_SIZE, FrameDecoder } from "./framing.js";
import { parseJson } from "./json.js";
import { utf8Length } from "./bytes.js";
import type { Channel } from "../transports/transport.js";
import type { ConnectionObserver } from "../observability/connection-observer.js";

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
  /** A call is in progress, so the connection is not idle (only asked with timeouts set). */
  busy?(): boolean;
}

/** Server-side limits of one connection. @internal */
export interface ConnectionLimits {
  /** The server's shared budget of buffered input bytes. */
  budget?: BufferBudget;
  /** Idle and unfinished-frame timeouts (0 disables one). */
  timeouts?: Timeouts;
  /** Counts the bytes read and written (metrics); unset, nothing is measured. */
  observer?: ConnectionObserver | undefined;
}

/** Options shared by client and server connections. */
export interface ConnectionOptions {
  /** Largest message accepted, in bytes (default 16 MiB). A larger one closes the connection. */
  maxMessageSize?: number;
  /**
   * Parse integers beyond ±(2^53−1) exactly, as bigints (bigint-mode generated code asks for
   * it); otherwise `JSON.parse` rounds them to doubles. Default false.
   */
  exactIntegers?: boolean;
}

/** @internal */
export class MessageConnection {
  readonly channel: Channel;
  /** See {@link ConnectionOptions.exactIntegers}; a server turns it on when it needs it. */
  exactIntegers: boolean;
  readonly #decoder: FrameDecoder;
  #handlers: MessageHandlers | undefined;
  #closed = false;
  #readingPaused = false;
  #released = false;
  readonly #onFrame = (text: string): boolean => this.#frame(text);
  readonly #limits: ConnectionLimits;
  #account: BudgetAccount | undefined;
  #deadlines: Deadlines | undefined;
  readonly #observer: ConnectionObserver | undefined;

  constructor(channel: Channel, options: ConnectionOptions = {}, limits: ConnectionLimits = {}) {
    this.channel = channel;
    this.exactIntegers = options.exactIntegers === true;
    this.#decoder = new FrameDecoder(options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE);
    this.#limits = limits;
    this.#observer = limits.observer;
  }

  /** True once the channel closed (either side). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Starts reading; handlers get every message and the close. */
  start(handlers: MessageHandlers): void {
    this.#handlers = handlers;
    const { budget, timeouts } = this.#limits;
    if (budget !== undefined) this.#account = budget.open((error) => this.#evict(error));
    if (timeouts !== undefined) {
      this.#deadlines = new Deadlines(timeouts, {
        busy: () => handlers.busy?.() === true,
        paused: () => this.#readingPaused,
        expire: (error) => this.#evict(error),
      });
    }
    this.channel.attach({
      data: (chunk) => this.#data(chunk),
      drain: () => {
        this.#deadlines?.activity();
        handlers.drain();
      },
      close: (error) => this.#close(error),
      ...(handlers.end === undefined ? {} : { end: () => handlers.end?.() }),
    });
  }

  /** Sends already-encoded frame text (JSON + NUL). */
  sendText(frame: string): boolean {
    if (this.#closed) return false;
    this.#deadlines?.activity();
    // Measured only when counted: byteLength walks the string.
    if (this.#observer !== undefined) this.#observer.bytesOut(utf8Length(frame));
    return this.channel.write(frame);
  }

  /** Records activity without bytes (a call finished): the idle clock restarts. */
  touch(): void {
    this.#deadlines?.activity();
  }

  /** performance.now() of the last activity, or undefined without timeouts. */
  get lastActivity(): number | undefined {
    return this.#deadlines?.lastActivity;
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
          const more = this.#decoder.flush(this.#onFrame);
          this.#charge();
          if (!more) return;
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
   * they belong to whoever takes the channel over. The channel also leaves the buffer budget and
   * its idle and frame clocks stop: the raw stream is no longer Varlink for us to police.
   */
  release(): Uint8Array {
    this.pauseReading();
    this.#released = true;
    const unread = this.#decoder.takeUnread();
    this.#dropBuffers();
    return unread;
  }

  /** See {@link Channel.probe}: closes the connection when the channel finds its peer gone. */
  probe(): void {
    if (!this.#closed && !this.#released) this.channel.probe?.();
  }

  /** Flushes pending writes and closes. */
  end(): void {
    if (!this.#closed) this.channel.end();
  }

  /** Closes immediately. */
  destroy(error?: Error): void {
    if (!this.#closed) this.channel.destroy(error);
  }

  #data(chunk: Uint8Array): void {
    if (this.#closed || this.#released) return;
    this.#deadlines?.activity();
    this.#observer?.bytesIn(chunk.length);
    try {
      this.#decoder.push(chunk, this.#onFrame);
    } catch (error) {
      this.destroy(error as Error);
    }
    this.#charge();
    this.#deadlines?.frame(this.#decoder.partial);
  }

  #charge(): void {
    if (this.#account !== undefined) this.#limits.budget?.set(this.#account, this.#decoder.bufferedBytes);
  }

  /** Drops the buffers, leaves the budget, stops the clocks. */
  #dropBuffers(): void {
    this.#decoder.clear();
    if (this.#account !== undefined) this.#limits.budget?.remove(this.#account);
    this.#deadlines?.stop();
  }

  /** Closed by a limit (budget, timeout): drop the buffers now, the close event comes later. */
  #evict(error: Error): void {
    this.#dropBuffers();
    this.destroy(error);
  }

  #frame(text: string): boolean {
    if (this.#closed) return false;
    let message: unknown;
    try {
      message = parseJson(text, this.exactIntegers);
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
    this.#dropBuffers();
    this.#handlers?.close(error);
  }
}
