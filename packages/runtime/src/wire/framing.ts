/**
 * Varlink framing: every message is UTF-8 JSON followed by one NUL byte. Pure, no sockets; on
 * Uint8Array (a Node Buffer is one), so it runs in browsers too.
 */
import { ProtocolError } from "../errors.js";
import { allocBytes, concatBytes, decodeUtf8 } from "./bytes.js";

/** Default largest message accepted (same as systemd's VARLINK_BUFFER_MAX): 16 MiB. */
export const DEFAULT_MAX_MESSAGE_SIZE: number = 16 * 1024 * 1024;

/** Thrown by {@link FrameDecoder} when a message grows past the configured maximum. */
export class FrameTooLargeError extends ProtocolError {
  /** The limit the message exceeded, in bytes. */
  readonly limit: number;

  constructor(limit: number, message = `message larger than the maximum of ${limit} bytes`) {
    super(message);
    this.name = "FrameTooLargeError";
    this.limit = limit;
  }
}

/**
 * Encodes one message as the text that goes on the wire (JSON + NUL). Returning a string lets
 * the socket encode UTF-8 once, straight into its write buffer.
 */
export function encodeFrame(message: object): string {
  return JSON.stringify(message) + "\0";
}

/** Smallest buffer an unfinished message gets: a few short calls' worth, so tiny chunks rarely regrow it. */
const MIN_CAPACITY = 256;
/** Largest block: a long message is a list of blocks this size, so growing never copies it whole. */
const BLOCK = 64 * 1024;

/**
 * What one owned buffer costs beyond its bytes: the Buffer and ArrayBuffer objects and the
 * allocator's header (measured ~190 B of heap per chunk before chunks were coalesced; rounded up).
 */
export const BUFFER_OVERHEAD = 256;

/**
 * Incremental decoder: feed it chunks as they arrive, it calls `onFrame` with the text of each
 * complete message. An unfinished message is copied into blocks of its own: the first grows by
 * doubling up to 64 KiB, then full 64 KiB blocks follow. A peer sending one byte per write costs
 * one small buffer, not one Buffer object per byte; read chunks are not pinned; a long message
 * wastes at most one block and leaves no garbage of regrown copies. A multi-byte UTF-8 sequence
 * torn across chunks is decoded only after it is whole. The payload never exceeds `maxSize`.
 */
export class FrameDecoder {
  readonly #maxSize: number;
  /** The unfinished message: the full #blocks, then bytes [0, #tailLength) of #tail. */
  #blocks: Uint8Array[] = [];
  #tail: Uint8Array | undefined;
  #tailLength = 0;
  /** Payload bytes of the unfinished message, and bytes allocated for it. */
  #length = 0;
  #capacity = 0;
  #held: Uint8Array | undefined;

  constructor(maxSize: number = DEFAULT_MAX_MESSAGE_SIZE) {
    if (!(maxSize > 0)) throw new RangeError(`maxMessageSize must be positive, got ${maxSize}`);
    this.#maxSize = maxSize;
  }

  /**
   * Bytes this decoder keeps alive: the capacity of the unfinished message's buffer plus
   * {@link BUFFER_OVERHEAD}, and a held-back chunk tail. What memory budgets count.
   */
  get bufferedBytes(): number {
    const buffers = this.#blocks.length + (this.#tail === undefined ? 0 : 1);
    return this.#capacity + buffers * BUFFER_OVERHEAD + (this.#held === undefined ? 0 : this.#held.length);
  }

  /** True while a message has started and its NUL has not arrived. */
  get partial(): boolean {
    return this.#length > 0;
  }

  /**
   * Consumes `chunk`; calls `onFrame` for each complete message, in order. Throws
   * {@link FrameTooLargeError} (after delivering the frames before it) when a message is too big.
   * `onFrame` may return `false` to stop: the rest of the chunk is kept and delivered by the next
   * {@link FrameDecoder.push} or {@link FrameDecoder.flush}.
   */
  push(chunk: Uint8Array, onFrame: (text: string) => boolean | void): boolean {
    if (this.#held !== undefined) {
      chunk = concatBytes([this.#held, chunk], this.#held.length + chunk.length);
      this.#held = undefined;
    }
    let start = 0;
    const end = chunk.length;
    while (start < end) {
      const nul = chunk.indexOf(0, start);
      if (nul === -1) {
        this.#append(chunk, start, end);
        return true;
      }
      let text: string;
      if (this.#length === 0) {
        if (nul - start > this.#maxSize) throw new FrameTooLargeError(this.#maxSize);
        text = decodeUtf8(chunk, start, nul);
      } else {
        text = this.#finish(chunk, start, nul);
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
  takeUnread(): Uint8Array {
    const unread = this.#held ?? concatBytes(this.#parts(), this.#length);
    this.clear();
    return unread;
  }

  /**
   * Drops any partial message (after an error, or when the connection is gone). Its buffer goes
   * too: an idle connection keeps nothing, whatever size its last message had.
   */
  reset(): void {
    this.#blocks = [];
    this.#tail = undefined;
    this.#tailLength = this.#length = this.#capacity = 0;
  }

  /** Drops everything, the held-back tail included (the connection is gone). */
  clear(): void {
    this.reset();
    this.#held = undefined;
  }

  /** The text of the unfinished message completed by chunk[start, nul). */
  #finish(chunk: Uint8Array, start: number, nul: number): string {
    const total = this.#length + (nul - start);
    if (total > this.#maxSize) {
      this.reset();
      throw new FrameTooLargeError(this.#maxSize);
    }
    const parts = [...this.#parts(), chunk.subarray(start, nul)];
    this.reset();
    return decodeUtf8(concatBytes(parts, total), 0, total);
  }

  /** The unfinished message's bytes so far: the full blocks, then the used part of the tail. */
  #parts(): Uint8Array[] {
    const tail = this.#tail;
    return tail === undefined ? [...this.#blocks] : [...this.#blocks, tail.subarray(0, this.#tailLength)];
  }

  #append(chunk: Uint8Array, start: number, end: number): void {
    const needed = this.#length + (end - start);
    if (needed > this.#maxSize) {
      this.reset();
      throw new FrameTooLargeError(this.#maxSize);
    }
    this.#length = needed;
    while (start < end) {
      let tail = this.#tail;
      if (tail === undefined || this.#tailLength === tail.length) {
        if (tail !== undefined && tail.length >= BLOCK) {
          this.#blocks.push(tail);
          tail = undefined;
          this.#tailLength = 0;
        }
        const old = tail?.length ?? 0;
        const want = Math.min(
          BLOCK,
          this.#maxSize,
          Math.max(MIN_CAPACITY, this.#tailLength + end - start, 2 * old),
        );
        // Not from the shared pool (Buffer.allocUnsafe): a pooled slice would pin its 8 KiB slab.
        const grown = allocBytes(want);
        if (tail !== undefined) grown.set(tail.subarray(0, this.#tailLength));
        this.#capacity += want - old;
        this.#tail = tail = grown;
      }
      const n = Math.min(end - start, tail.length - this.#tailLength);
      tail.set(chunk.subarray(start, start + n), this.#tailLength);
      this.#tailLength += n;
      start += n;
    }
  }
}
