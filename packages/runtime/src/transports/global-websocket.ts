/**
 * UAPI.20 WebSocket mode over the platform's own `globalThis.WebSocket` (browsers, Deno, Bun,
 * Node 22 and later): a {@link Channel} carrying the raw NUL-framed protocol, so pipelining,
 * `more` and `oneway` work as over a socket. Sent as binary frames; received binary and text
 * frames are concatenated into the byte stream (frames are not messages: the decoder finds the
 * NULs). No `node:` import: this is the browser build's transport.
 * @internal
 */
import { ConnectionError } from "../errors.js";
import { encodeUtf8 } from "../wire/bytes.js";
import { DEFAULT_MAX_MESSAGE_SIZE } from "../wire/framing.js";
import type { Channel, ChannelHandlers } from "./transport.js";

/** The part of the WHATWG WebSocket this channel uses. */
interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array | string): void;
  close(code?: number, reason?: string): void;
  addEventListener(
    type: string,
    listener: (event: { data?: unknown; code?: number; reason?: string }) => void,
  ): void;
}

type WebSocketClass = new (url: string) => WebSocketLike;

/** WebSocket.OPEN and CLOSING. */
const OPEN = 1;
const CLOSING = 2;

/** Bytes buffered by the WebSocket above which `write` returns false (as a socket's high-water mark). */
const HIGH_WATER = 1024 * 1024;
/** How often a full send buffer is checked for `drain`: the WebSocket API has no event for it. */
const DRAIN_POLL_MS = 10;

/**
 * Opens a WebSocket to `url` and resolves with its channel once it is open; rejects with
 * {@link ConnectionError} when it cannot (refused, 502 from the bridge, bad URL), or with the
 * signal's reason on abort.
 * @internal
 */
export function connectGlobalWebSocket(url: string, signal?: AbortSignal): Promise<Channel> {
  const WebSocketImpl = (globalThis as { WebSocket?: WebSocketClass }).WebSocket;
  if (WebSocketImpl === undefined)
    return Promise.reject(
      new ConnectionError(
        `${url}: this platform has no WebSocket (Node 22 or later, or a browser, has one)`,
        {
          written: false,
        },
      ),
    );
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  let socket: WebSocketLike;
  try {
    socket = new WebSocketImpl(url);
  } catch (error) {
    return Promise.reject(
      new ConnectionError(`${url}: ${(error as Error).message}`, { cause: error, written: false }),
    );
  }
  socket.binaryType = "arraybuffer";
  const channel = new GlobalWebSocketChannel(socket, url);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      socket.close();
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    channel.opened.then(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(channel);
      },
      (error: unknown) => {
        signal?.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A WebSocket as a {@link Channel}. Reading is paused by holding received frames back: the
 * WHATWG WebSocket has no backpressure, so a peer that keeps sending while the reader is paused
 * is cut off (`ConnectionError`) once more than `maxHeldBytes` (default twice the message budget)
 * are held.
 */
export class GlobalWebSocketChannel implements Channel {
  readonly description: string;
  /** Settles when the socket opens, or rejects when it closes before that. */
  readonly opened: Promise<void>;
  readonly #socket: WebSocketLike;
  #handlers: ChannelHandlers | undefined;
  /** Frames received before `attach` or while paused, in order. */
  readonly #held: Uint8Array[] = [];
  #paused = false;
  #closed = false;
  /** Set when the peer closed: the close is reported once the held frames are delivered. */
  #peerClosed: { error: Error | undefined } | undefined;
  #drainTimer: ReturnType<typeof setTimeout> | undefined;
  /** The bytes in {@link #held}, and the most it may hold. */
  #heldBytes = 0;
  readonly #maxHeldBytes: number;

  constructor(socket: WebSocketLike, url: string, maxHeldBytes: number = 2 * DEFAULT_MAX_MESSAGE_SIZE) {
    this.#socket = socket;
    this.#maxHeldBytes = maxHeldBytes;
    this.description = url;
    let open!: () => void;
    let fail!: (error: unknown) => void;
    this.opened = new Promise((resolve, reject) => ((open = resolve), (fail = reject)));
    let isOpen = false;
    socket.addEventListener("open", () => {
      isOpen = true;
      open();
    });
    socket.addEventListener("message", (event) => this.#receive(event.data));
    // A browser says nothing about why in `error`; the close that follows carries the code.
    socket.addEventListener("close", (event) => {
      const why = `closed (code ${event.code ?? "?"}${event.reason ? `: ${event.reason}` : ""})`;
      if (!isOpen)
        fail(new ConnectionError(`${url}: could not open the WebSocket: ${why}`, { written: false }));
      this.#peerClosed = {
        error: event.code === 1000 ? undefined : new ConnectionError(`${url}: WebSocket ${why}`),
      };
      this.#deliver();
    });
  }

  attach(handlers: ChannelHandlers): void {
    this.#handlers = handlers;
    this.#deliver();
  }

  write(data: string | Uint8Array): boolean {
    if (this.#closed || this.#socket.readyState !== OPEN) return false;
    // Binary frames (UAPI.20: data to the service is taken from binary frames).
    this.#socket.send(typeof data === "string" ? encodeUtf8(data) : data);
    if (this.#socket.bufferedAmount <= HIGH_WATER) return true;
    this.#watchDrain();
    return false;
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#deliver();
  }

  end(): void {
    // Frames already sent go out before the Close frame.
    if (this.#socket.readyState < CLOSING) this.#socket.close(1000);
  }

  destroy(error?: Error): void {
    this.#finish(error);
  }

  #receive(data: unknown): void {
    if (this.#closed) return;
    const bytes =
      typeof data === "string"
        ? encodeUtf8(data)
        : data instanceof ArrayBuffer
          ? new Uint8Array(data)
          : ArrayBuffer.isView(data)
            ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
            : undefined;
    if (bytes === undefined || bytes.length === 0) return;
    this.#held.push(bytes);
    this.#heldBytes += bytes.length;
    this.#deliver();
    if (this.#heldBytes > this.#maxHeldBytes)
      this.#finish(
        new ConnectionError(
          `${this.description}: more than ${this.#maxHeldBytes} bytes received while not reading`,
        ),
      );
  }

  #deliver(): void {
    const handlers = this.#handlers;
    if (handlers === undefined) return;
    while (!this.#paused && !this.#closed && this.#held.length > 0) {
      const bytes = this.#held.shift()!;
      this.#heldBytes -= bytes.length;
      handlers.data(bytes);
    }
    if (this.#peerClosed !== undefined && this.#held.length === 0) this.#finish(this.#peerClosed.error);
  }

  #watchDrain(): void {
    if (this.#drainTimer !== undefined) return;
    const check = (): void => {
      this.#drainTimer = undefined;
      if (this.#closed) return;
      if (this.#socket.bufferedAmount > HIGH_WATER) this.#drainTimer = setTimeout(check, DRAIN_POLL_MS);
      else this.#handlers?.drain();
    };
    this.#drainTimer = setTimeout(check, DRAIN_POLL_MS);
  }

  #finish(error: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#drainTimer);
    this.#held.length = 0;
    this.#heldBytes = 0;
    if (this.#socket.readyState < CLOSING) this.#socket.close(1000);
    this.#handlers?.close(error);
  }
}
