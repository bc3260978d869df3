/**
 * A {@link Channel} over a WebSocket connection: the wire layer above sees a byte stream, as
 * over a socket. Every data frame's payload (binary or text, fragments included) is handed on
 * as bytes when it completes, and every `write` goes out as one binary frame, so where frames
 * begin and end says nothing about where Varlink messages do (UAPI.20). Ping is answered with
 * pong, a close frame with the closing handshake; a frame breaking RFC 6455 or a limit closes
 * with 1002 or 1009.
 */
import type { Socket } from "node:net";
import { Duplex } from "node:stream";
import type { Channel, ChannelHandlers } from "../transport.js";
import { CloseCode, FrameError, FrameParser, Opcode, type Role, closePayload, encodeFrame } from "./frame.js";
import { DEFAULT_MAX_MESSAGE_SIZE } from "../../wire/framing.js";

/** Options of a {@link WebSocketChannel}. */
export interface WebSocketChannelOptions {
  /** Largest frame payload and largest WebSocket message accepted (default 16 MiB, the socket server's budget). */
  maxMessageSize?: number;
  /**
   * After we send a close frame, the socket is destroyed once it is written, or after this long
   * at the latest (default 5 s): a peer that stops reading must not keep it open.
   */
  closeTimeoutMs?: number;
}

/** Default of {@link WebSocketChannelOptions.closeTimeoutMs}. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 5000;

/**
 * Destroys `socket` after `ms` unless it closed by then: the backstop of a close we started,
 * whose last bytes a peer that stopped reading would otherwise never take.
 */
export function destroyAfter(socket: Duplex, ms: number): void {
  const timer = setTimeout(() => socket.destroy(), ms);
  timer.unref?.();
  socket.once("close", () => clearTimeout(timer));
}

/**
 * Ends `socket` (after writing `data`, if given) and destroys it once that is written, or after
 * `ms` at the latest: upgrade-path sockets are half-open and under no timeout, so a plain
 * `end()` would leave them open for as long as the peer keeps its side.
 */
export function endAndDestroy(socket: Duplex, ms: number, data?: string): void {
  if (data === undefined) socket.end(() => socket.destroy());
  else socket.end(data, () => socket.destroy());
  destroyAfter(socket, ms);
}

/** A WebSocket connection (after the handshake) as a byte-stream {@link Channel}. */
export class WebSocketChannel implements Channel {
  /** The socket under the WebSocket. */
  readonly socket: Socket;
  readonly description: string;
  readonly #mask: boolean;
  readonly #parser: FrameParser;
  #handlers: ChannelHandlers | undefined;
  /** Payloads read while paused (one socket chunk may hold several frames). */
  #held: Buffer[] = [];
  #paused = false;
  /** Reading stopped until the pongs we owe are written (a peer pinging but not reading). */
  #pongBlocked = false;
  /** The latest ping's payload, answered once writes drain (RFC 6455 §5.5.3 allows only the latest). */
  #pendingPong: Buffer | undefined;
  /** A protocol error was seen: nothing more is read. */
  #failed = false;
  /** The socket closed (its close is reported once the held payloads are delivered). */
  #socketClosed = false;
  #closeReported = false;
  readonly #closeTimeoutMs: number;
  #closeSent = false;
  #error: Error | undefined;
  /** The close code the peer sent (or 1006 when the connection dropped without one). */
  #peerCode: number | undefined;

  /**
   * `head`: bytes read past the handshake (node's `upgrade` event gives them), parsed first.
   */
  constructor(
    socket: Socket,
    role: Role,
    description: string,
    head?: Buffer,
    options: WebSocketChannelOptions = {},
  ) {
    this.socket = socket;
    this.description = description;
    this.#mask = role === "client";
    const max = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.#parser = new FrameParser(role, { maxFrameSize: max, maxMessageSize: max });
    this.#closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    socket.setNoDelay?.(true);
    socket.on("error", (error) => {
      this.#error ??= error;
    });
    if (head !== undefined && head.length > 0) socket.unshift(head);
    // Until attached, nothing is read: bytes wait in the socket.
    socket.pause();
  }

  /** The close code the peer sent, once it sent one. */
  get peerCloseCode(): number | undefined {
    return this.#peerCode;
  }

  attach(handlers: ChannelHandlers): void {
    this.#handlers = handlers;
    const socket = this.socket;
    socket.on("data", (chunk: Buffer) => this.#read(chunk));
    // Through #handlers, so that detach() can hand the events to the upgraded stream.
    socket.on("drain", () => {
      this.#flushPong();
      this.#handlers?.drain();
    });
    if (socket.destroyed) {
      queueMicrotask(() => handlers.close(this.#error));
      return;
    }
    socket.once("close", () => {
      this.#socketClosed = true;
      this.#reportClose();
    });
    this.#flow();
  }

  /**
   * Tells `close` once the socket is gone and every held payload was delivered: replies and the
   * close frame can arrive in one chunk while paused, and the replies still count.
   */
  #reportClose(): void {
    if (!this.#socketClosed || this.#closeReported || this.#held.length > 0) return;
    this.#closeReported = true;
    this.#handlers?.close(this.#error);
  }

  /** Reads from the socket unless someone wants it paused. */
  #flow(): void {
    if (!this.#paused && !this.#pongBlocked && !this.#failed && this.#handlers !== undefined)
      this.socket.resume();
  }

  /**
   * Answers a ping. While our writes are backed up, only the latest ping is remembered and
   * reading stops until they drain: a peer sending pings without reading would otherwise grow
   * the write queue without bound.
   */
  #pong(payload: Buffer): void {
    if (this.#closeSent) return;
    if (!this.socket.writableNeedDrain) {
      this.socket.write(encodeFrame(Opcode.Pong, payload, this.#mask));
      return;
    }
    this.#pendingPong = Buffer.from(payload);
    this.#pongBlocked = true;
    this.socket.pause();
  }

  /** Writes drained: the remembered pong goes out, reading goes on. */
  #flushPong(): void {
    if (!this.#pongBlocked) return;
    const payload = this.#pendingPong;
    this.#pendingPong = undefined;
    this.#pongBlocked = false;
    if (payload !== undefined && !this.#closeSent && !this.socket.destroyed)
      this.socket.write(encodeFrame(Opcode.Pong, payload, this.#mask));
    this.#flow();
  }

  /**
   * Hands the connection over after a confirmed `upgrade`: a paused Duplex whose bytes are
   * `unread` (read past the confirming reply) and then every data frame's payload; what is
   * written to it goes out in binary frames, verbatim. Ending it sends the close frame.
   */
  detach(unread: Uint8Array): Duplex {
    this.pause();
    const stream = new Duplex({
      read: () => this.resume(),
      write: (chunk: Buffer, _encoding, callback) => {
        if (this.write(chunk)) callback();
        else this.socket.once("drain", () => callback());
      },
      final: (callback) => {
        this.end();
        callback();
      },
      destroy: (error, callback) => {
        this.destroy(error ?? undefined);
        callback(error);
      },
    });
    if (unread.length > 0) stream.push(unread);
    this.#handlers = {
      data: (chunk) => {
        if (!stream.push(chunk)) this.pause();
      },
      drain: () => {},
      close: (error) => {
        if (error !== undefined) stream.destroy(error);
        else stream.push(null);
      },
    };
    return stream;
  }

  #read(chunk: Buffer): void {
    if (this.#failed) return;
    try {
      this.#parser.push(chunk, (frame) => {
        // After the peer's close frame nothing it sends counts (RFC 6455 §5.5.1).
        if (this.#peerCode !== undefined) return;
        switch (frame.opcode) {
          case Opcode.Ping:
            this.#pong(frame.payload);
            return;
          case Opcode.Pong:
            return;
          case Opcode.Close:
            this.#peerClosed(frame.payload);
            return;
          default:
            this.#deliver(frame.payload);
        }
      });
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      this.#error ??= error;
      // Nothing after the violation is read: stop reading and forget what was buffered.
      this.#failed = true;
      this.socket.pause();
      this.#parser.discard();
      this.close(error.code, error.message);
    }
  }

  #deliver(payload: Buffer): void {
    if (payload.length === 0 || this.#socketClosed) return;
    if (this.#paused) this.#held.push(payload);
    else this.#handlers?.data(payload);
  }

  /** The peer's close frame: answer it (the closing handshake), then the socket goes. */
  #peerClosed(payload: Buffer): void {
    this.#peerCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
    if (!this.#closeSent) {
      this.#closeSent = true;
      this.socket.end(encodeFrame(Opcode.Close, payload.subarray(0, 2), this.#mask));
    } else this.socket.end();
    this.socket.once("finish", () => this.socket.destroy());
    this.#destroyLater();
  }

  /** Destroys the socket after the close timeout unless it is gone by then (a peer not reading). */
  #destroyLater(): void {
    destroyAfter(this.socket, this.#closeTimeoutMs);
  }

  /** Sends `data` as one binary frame. */
  write(data: string | Uint8Array): boolean {
    if (this.#closeSent || this.socket.destroyed) return false;
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    return this.socket.write(encodeFrame(Opcode.Binary, bytes, this.#mask));
  }

  pause(): void {
    this.#paused = true;
    this.socket.pause();
  }

  resume(): void {
    this.#paused = false;
    while (!this.#paused && this.#held.length > 0) this.#handlers?.data(this.#held.shift() as Buffer);
    this.#reportClose();
    this.#flow();
  }

  /** Flushes queued frames, then closes with 1000 (normal closure). */
  end(): void {
    this.close(CloseCode.Normal);
  }

  /**
   * Sends a close frame with `code` after what is queued, then closes the socket once it is
   * written, without waiting for the peer's answer (nothing it could still send is wanted).
   */
  close(code: number, reason = ""): void {
    const socket = this.socket;
    if (this.#closeSent || socket.destroyed) return;
    this.#closeSent = true;
    socket.end(encodeFrame(Opcode.Close, closePayload(code, reason), this.#mask), () => socket.destroy());
    this.#destroyLater();
  }

  destroy(error?: Error): void {
    if (error !== undefined) this.#error ??= error;
    // Our own destroy drops what is held: the close is reported without waiting for a resume.
    this.#held = [];
    this.socket.destroy();
  }

  keepAlive(alive: boolean): void {
    if (alive) this.socket.ref();
    else this.socket.unref();
  }
}
