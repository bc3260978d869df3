/**
 * RFC 6455 frames, pure (no sockets): {@link encodeFrame} writes one, {@link FrameParser}
 * reads a byte stream of them, checking what the RFC requires of a peer (masking by role, RSV
 * bits, control frame rules, continuation order) and the size limits. Data frames are handed
 * on as they complete, fragments included: the Varlink stream above does not care where a
 * WebSocket message begins or ends.
 */
import { randomFillSync } from "node:crypto";

/** Frame opcodes (RFC 6455 §5.2). */
export const Opcode = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

/** Close codes we send (RFC 6455 §7.4.1). */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  ProtocolError: 1002,
  TooLarge: 1009,
  InternalError: 1011,
} as const;

/** Who we are on the connection: a client masks what it sends, a server must not. */
export type Role = "client" | "server";

/** One frame's header and payload, `payload` unmasked. */
export interface Frame {
  readonly fin: boolean;
  readonly opcode: number;
  readonly payload: Buffer;
}

/** A frame breaking the protocol or a limit: the connection is closed with `code`. */
export class FrameError extends Error {
  /** The close code to send: 1002 (protocol error) or 1009 (too large). */
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.name = "FrameError";
    this.code = code;
  }
}

/**
 * Encodes one frame. `mask` (clients) masks the payload with a fresh random key, as RFC 6455
 * §5.3 requires of every client frame; the caller's buffer is not changed.
 */
export function encodeFrame(opcode: number, payload: Uint8Array, mask: boolean, fin = true): Buffer {
  const length = payload.length;
  const extended = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const head = 2 + extended + (mask ? 4 : 0);
  const frame = Buffer.allocUnsafe(head + length);
  frame[0] = (fin ? 0x80 : 0) | opcode;
  const maskBit = mask ? 0x80 : 0;
  if (extended === 0) frame[1] = maskBit | length;
  else if (extended === 2) {
    frame[1] = maskBit | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = maskBit | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!mask) {
    frame.set(payload, head);
    return frame;
  }
  const key = frame.subarray(2 + extended, head);
  randomFillSync(key);
  applyMask(payload, key, frame.subarray(head));
  return frame;
}

/**
 * `target[i] = source[i] ^ key[i % 4]` (RFC 6455 §5.3; `target` may be `source`): 32 bits at a
 * time through DataViews (any alignment), the last `length % 4` bytes one by one.
 * @internal
 */
export function applyMask(source: Uint8Array, key: Uint8Array, target: Uint8Array): void {
  const length = source.length;
  const words = length & ~3;
  const from = new DataView(source.buffer, source.byteOffset, length);
  const to = new DataView(target.buffer, target.byteOffset, length);
  const word = new DataView(key.buffer, key.byteOffset, 4).getUint32(0, true);
  for (let i = 0; i < words; i += 4) to.setUint32(i, from.getUint32(i, true) ^ word, true);
  for (let i = words; i < length; i++) target[i] = (source[i] as number) ^ (key[i & 3] as number);
}

/** A close frame's payload: the code, then the reason in UTF-8 (cut to fit 125 bytes). */
export function closePayload(code: number, reason = ""): Buffer {
  const text = Buffer.from(reason, "utf8").subarray(0, 123);
  const payload = Buffer.allocUnsafe(2 + text.length);
  payload.writeUInt16BE(code, 0);
  payload.set(text, 2);
  return payload;
}

/** Whether a received close code may be on the wire (RFC 6455 §7.4: registered or 3000–4999). */
function validCloseCode(code: number): boolean {
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Why a received close frame's payload is malformed (RFC 6455 §5.5.1, §7.4), or undefined. */
function closeProblem(payload: Buffer): string | undefined {
  if (payload.length === 0) return undefined;
  if (payload.length === 1) return "a close frame's payload is a 2-byte code or nothing";
  const code = payload.readUInt16BE(0);
  if (!validCloseCode(code)) return `close code ${code} may not be sent`;
  try {
    strictUtf8.decode(payload.subarray(2));
  } catch {
    return "a close frame's reason is not UTF-8";
  }
  return undefined;
}

/** Limits of a {@link FrameParser}. */
export interface FrameLimits {
  /** Largest payload of one frame. */
  readonly maxFrameSize: number;
  /** Largest WebSocket message (a data frame and its continuations). */
  readonly maxMessageSize: number;
}

/**
 * Incremental frame reader. `push` takes bytes as they arrive and calls `onFrame` for every
 * complete frame, in order; it throws {@link FrameError} on the first violation (the caller
 * closes with its code; nothing after it is read).
 */
export class FrameParser {
  readonly #role: Role;
  readonly #limits: FrameLimits;
  #chunks: Buffer[] = [];
  #buffered = 0;
  /** Bytes of the data message in progress (0 when none is). */
  #messageBytes = 0;
  #inMessage = false;

  constructor(role: Role, limits: FrameLimits) {
    this.#role = role;
    this.#limits = limits;
  }

  /** Feeds bytes; calls `onFrame` for each whole frame. */
  push(chunk: Buffer, onFrame: (frame: Frame) => void): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    for (;;) {
      const frame = this.#next();
      if (frame === undefined) return;
      onFrame(frame);
    }
  }

  #next(): Frame | undefined {
    if (this.#buffered < 2) return undefined;
    const head = this.#peek(Math.min(this.#buffered, 14));
    const first = head[0] as number;
    const second = head[1] as number;
    const fin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    if ((first & 0x70) !== 0) throw new FrameError(CloseCode.ProtocolError, "reserved bits set");
    const masked = (second & 0x80) !== 0;
    if (masked !== (this.#role === "server"))
      throw new FrameError(
        CloseCode.ProtocolError,
        masked ? "a server frame must not be masked" : "a client frame must be masked",
      );
    let length = second & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (head.length < 4) return undefined;
      length = head.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (head.length < 10) return undefined;
      const long = head.readBigUInt64BE(2);
      if (long > BigInt(Number.MAX_SAFE_INTEGER))
        throw new FrameError(CloseCode.TooLarge, "frame length out of range");
      length = Number(long);
      offset = 10;
    }
    this.#check(fin, opcode, length);
    const total = offset + (masked ? 4 : 0) + length;
    if (this.#buffered < total) return undefined;
    if (opcode < 0x8) {
      this.#messageBytes = opcode === Opcode.Continuation ? this.#messageBytes + length : length;
      this.#inMessage = !fin;
    }
    const bytes = this.#take(total);
    const payload = bytes.subarray(total - length);
    if (masked) {
      const key = bytes.subarray(offset, offset + 4);
      applyMask(payload, key, payload);
    }
    if (opcode === Opcode.Close) {
      const problem = closeProblem(payload);
      if (problem !== undefined) throw new FrameError(CloseCode.ProtocolError, problem);
    }
    return { fin, opcode, payload };
  }

  /**
   * Header rules (RFC 6455 §5.4, §5.5) and the limits, checked as soon as the header is in (a
   * too-large frame is refused before its payload is buffered). Changes no state: it runs again
   * while the payload is still arriving.
   */
  #check(fin: boolean, opcode: number, length: number): void {
    if (opcode >= 0x8) {
      if (opcode !== Opcode.Close && opcode !== Opcode.Ping && opcode !== Opcode.Pong)
        throw new FrameError(CloseCode.ProtocolError, `unknown control opcode ${opcode}`);
      if (!fin || length > 125)
        throw new FrameError(
          CloseCode.ProtocolError,
          "control frames are unfragmented and at most 125 bytes",
        );
      return;
    }
    if (opcode === Opcode.Continuation) {
      if (!this.#inMessage) throw new FrameError(CloseCode.ProtocolError, "continuation without a message");
    } else if (opcode === Opcode.Text || opcode === Opcode.Binary) {
      if (this.#inMessage)
        throw new FrameError(CloseCode.ProtocolError, "new message inside a fragmented one");
    } else throw new FrameError(CloseCode.ProtocolError, `unknown data opcode ${opcode}`);
    if (length > this.#limits.maxFrameSize)
      throw new FrameError(CloseCode.TooLarge, `frame larger than ${this.#limits.maxFrameSize} bytes`);
    const message = opcode === Opcode.Continuation ? this.#messageBytes + length : length;
    if (message > this.#limits.maxMessageSize)
      throw new FrameError(CloseCode.TooLarge, `message larger than ${this.#limits.maxMessageSize} bytes`);
  }

  /** Drops every buffered byte (after a violation nothing more is parsed). */
  discard(): void {
    this.#chunks = [];
    this.#buffered = 0;
  }

  /**
   * The first `n` buffered bytes (n ≤ buffered, n ≤ 14), without consuming them. Across chunks
   * only those n bytes are copied: joining the whole buffer here would run on every push while
   * a large frame arrives behind a small first chunk (quadratic).
   */
  #peek(n: number): Buffer {
    const first = this.#chunks[0] as Buffer;
    if (first.length >= n) return first.subarray(0, n);
    const head = Buffer.allocUnsafe(n);
    let copied = 0;
    for (const chunk of this.#chunks) {
      if (copied >= n) break;
      copied += chunk.copy(head, copied, 0, Math.min(chunk.length, n - copied));
    }
    return head;
  }

  /** Consumes the first `n` buffered bytes (n ≤ buffered) as one writable buffer. */
  #take(n: number): Buffer {
    let out: Buffer;
    const first = this.#chunks[0] as Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(n);
    } else {
      const all = Buffer.concat(this.#chunks, this.#buffered);
      out = all.subarray(0, n);
      this.#chunks = all.length > n ? [all.subarray(n)] : [];
    }
    this.#buffered -= n;
    return out;
  }
}
