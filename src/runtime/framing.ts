/**
 * Varlink framing: every message is UTF-8 JSON followed by one NUL byte. Pure, no sockets.
 */
import { ProtocolError } from "./errors.js";

/** Default largest message accepted (same as systemd's VARLINK_BUFFER_MAX): 16 MiB. */
export const DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

/** Thrown by {@link FrameDecoder} when a message grows past the configured maximum. */
export class FrameTooLargeError extends ProtocolError {
  constructor(limit: number) {
    super(`message larger than the maximum of ${limit} bytes`);
    this.name = "FrameTooLargeError";
  }
}

/**
 * Encodes one message as the text that goes on the wire (JSON + NUL). Returning a string lets
 * the socket encode UTF-8 once, straight into its write buffer.
 */
export function encodeFrame(message: object): string {
  return JSON.stringify(message) + "\0";
}

/**
 * Incremental decoder: feed it chunks as they arrive, it calls `onFrame` with the text of each
 * complete message. Partial messages are kept as a list of chunks and joined once, when their
 * NUL arrives, so many small chunks cost O(n), and a multi-byte UTF-8 sequence torn across
 * chunks is decoded only after it is whole. The buffered size never exceeds `maxSize`.
 */
export class FrameDecoder {
  readonly #maxSize: number;
  #pending: Buffer[] = [];
  #pendingLength = 0;
  #held: Buffer | undefined;

  constructor(maxSize: number = DEFAULT_MAX_MESSAGE_SIZE) {
    if (!(maxSize > 0)) throw new RangeError(`maxMessageSize must be positive, got ${maxSize}`);
    this.#maxSize = maxSize;
  }

  /** Bytes of an unfinished message currently held. */
  get bufferedBytes(): number {
    return this.#pendingLength;
  }

  /**
   * Consumes `chunk`; calls `onFrame` for each complete message, in order. Throws
   * {@link FrameTooLargeError} (after delivering the frames before it) when a message is too big.
   * `onFrame` may return `false` to stop: the rest of the chunk is kept and delivered by the next
   * {@link FrameDecoder.push} or {@link FrameDecoder.flush}.
   */
  push(chunk: Buffer, onFrame: (text: string) => boolean | void): boolean {
    if (this.#held !== undefined) {
      chunk = Buffer.concat([this.#held, chunk]);
      this.#held = undefined;
    }
    let start = 0;
    const end = chunk.length;
    while (start < end) {
      const nul = chunk.indexOf(0, start);
      if (nul === -1) {
        this.#keep(chunk, start, end);
        return true;
      }
      let text: string;
      if (this.#pendingLength === 0) {
        if (nul - start > this.#maxSize) throw new FrameTooLargeError(this.#maxSize);
        text = chunk.toString("utf8", start, nul);
      } else {
        const total = this.#pendingLength + (nul - start);
        if (total > this.#maxSize) {
          this.reset();
          throw new FrameTooLargeError(this.#maxSize);
        }
        this.#pending.push(chunk.subarray(start, nul));
        text = Buffer.concat(this.#pending, total).toString("utf8");
        this.reset();
      }
      start = nul + 1;
      if (onFrame(text) === false) {
        if (start < end) this.#held = chunk.subarray(start);
        return false;
      }
    }
    return true;
  }

  /** True when a chunk tail is held back because `onFrame` asked to stop. */
  get hasHeld(): boolean {
    return this.#held !== undefined;
  }

  /** Continues with the chunk tail held back after `onFrame` returned `false`. */
  flush(onFrame: (text: string) => boolean | void): boolean {
    const held = this.#held;
    if (held === undefined) return true;
    this.#held = undefined;
    return this.push(held, onFrame);
  }

  /**
   * Takes every byte read but not delivered as a frame (the tail held back after `onFrame`
   * returned `false`, or an unfinished message) and empties the decoder. For a protocol upgrade:
   * those bytes belong to the upgraded stream.
   */
  takeUnread(): Buffer {
    const unread =
      this.#held ?? (this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending));
    this.#held = undefined;
    this.reset();
    return unread;
  }

  /** Drops any partial message (after an error, or when the connection is gone). */
  reset(): void {
    this.#pending = [];
    this.#pendingLength = 0;
  }

  #keep(chunk: Buffer, start: number, end: number): void {
    const length = end - start;
    if (this.#pendingLength + length > this.#maxSize) {
      this.reset();
      throw new FrameTooLargeError(this.#maxSize);
    }
    // Copy small tails: a subarray would pin the whole (possibly 64 KiB) read buffer in memory.
    const part =
      length < 4096 && chunk.length > 4 * length
        ? Buffer.from(chunk.subarray(start, end))
        : chunk.subarray(start, end);
    this.#pending.push(part);
    this.#pendingLength += length;
  }
}
