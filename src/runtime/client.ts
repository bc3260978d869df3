/**
 * The Varlink client: one connection, calls pipelined and matched to replies in order.
 */
import { CallStream, type StreamHost } from "./call-stream.js";
import { type ConnectionOptions, type Message, MessageConnection } from "./connection.js";
import { ConnectionError, ProtocolError, TimeoutError, errorFromReply } from "./errors.js";
import { Fifo } from "./fifo.js";
import { stringifyJson } from "./json.js";
import { DEFAULT_MAX_MESSAGE_SIZE, FrameTooLargeError } from "./framing.js";
import type { Channel, Transport } from "./transport.js";
import { connectAddress } from "./connect.js";

/** Options of a client connection. */
export interface ClientOptions extends ConnectionOptions {
  /**
   * Replies of a `more` call buffered while the consumer is slow before the client stops reading
   * the connection (default 256). Reading resumes once the consumer has taken half of them.
   */
  streamHighWaterMark?: number;
  /** Aborts connecting (and, for `exec:`, kills the spawned service). */
  signal?: AbortSignal;
  /**
   * The largest message the server accepts, when known (default: this client's
   * `maxMessageSize`, itself 16 MiB by default, the common limit). A call that encodes larger is
   * refused locally with {@link FrameTooLargeError} before anything is written: sent, the server
   * would drop the connection and every other call on it.
   */
  peerMaxMessageSize?: number;
}

/** Per-call options. */
export interface CallOptions {
  /** Abandons the call: the promise rejects with the signal's reason; the reply is dropped. */
  signal?: AbortSignal;
  /**
   * Gives up after this many milliseconds with a {@link TimeoutError}. For `callMore` it bounds
   * the wait for each reply. The late reply is still read and dropped.
   */
  timeoutMs?: number;
}

/** A call waiting for its single reply. */
interface SingleCall {
  stream: undefined;
  method: string;
  /** False once the caller has been answered (reply, abort or timeout). */
  waiting: boolean;
  resolve: (parameters: Record<string, unknown>) => void;
  reject: (error: unknown) => void;
  cleanup: (() => void) | undefined;
}

type Pending = SingleCall | { stream: CallStream; method: string };

/**
 * Encodes a call frame by hand: one JSON.stringify of the parameters instead of a wrapper
 * object. Throws (before anything is queued) when the parameters cannot be serialized (a cycle,
 * NaN/±Infinity, a bigint outside the int range; see `stringifyJson`).
 */
function encodeCall(method: string, parameters: object | undefined, flags: string): string {
  return parameters === undefined
    ? `{"method":${JSON.stringify(method)}${flags}}\0`
    : `{"method":${JSON.stringify(method)},"parameters":${stringifyJson(parameters)}${flags}}\0`;
}

/**
 * Throws {@link FrameTooLargeError} when `frame` (ending in NUL) holds more than `limit` bytes of
 * message. A UTF-16 unit is at most 3 UTF-8 bytes, so short frames are never measured.
 */
function refuseOversized(method: string, frame: string, limit: number): void {
  if ((frame.length - 1) * 3 <= limit) return;
  const size = Buffer.byteLength(frame) - 1;
  if (size > limit) {
    throw new FrameTooLargeError(
      limit,
      `${method}: the call is ${size} bytes, larger than the peer's maximum message size of ${limit} bytes; not sent`,
    );
  }
}

/**
 * A Varlink client on one connection. Calls may be issued concurrently: they are written
 * immediately (pipelined) and their replies matched in order.
 */
export class VarlinkClient {
  readonly #connection: MessageConnection;
  readonly #queue = new Fifo<Pending>();
  #closedError: ConnectionError | undefined;
  readonly #closedPromise: Promise<void>;
  #resolveClosed!: () => void;
  readonly #highWater: number;
  #pausedBy: CallStream | undefined;
  readonly #streamHost: StreamHost;
  readonly #onClose: (() => void) | undefined;
  readonly #maxCallSize: number;

  private constructor(channel: Channel, options: ClientOptions, onClose?: () => void) {
    this.#connection = new MessageConnection(channel, options);
    this.#maxCallSize = options.peerMaxMessageSize ?? options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.#highWater = Math.max(2, options.streamHighWaterMark ?? 256);
    this.#onClose = onClose;
    this.#closedPromise = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#streamHost = {
      start: (stream) => this.#startStream(stream),
      resume: (stream) => {
        if (this.#pausedBy === stream) {
          this.#pausedBy = undefined;
          this.#connection.resumeReading();
        }
      },
    };
    this.#connection.start({
      message: (m) => this.#reply(m),
      drain: () => {},
      close: (error) => this.#lost(error),
    });
  }

  /**
   * Connects to a Varlink address (`unix:/path`, `unix:@name`, `tcp:host:port`, `exec:/path`),
   * or through a custom {@link Transport}.
   */
  static async connect(target: string | Transport, options: ClientOptions = {}): Promise<VarlinkClient> {
    if (typeof target !== "string") return new VarlinkClient(await target.connect(options.signal), options);
    const { channel, onClose } = await connectAddress(target, options.signal);
    return new VarlinkClient(channel, options, onClose);
  }

  /** A client on an already-connected channel (e.g. one end of `createChannelPair()`). */
  static fromChannel(channel: Channel, options: ClientOptions = {}): VarlinkClient {
    return new VarlinkClient(channel, options);
  }

  /** True once the connection is closed; every later call rejects with {@link ConnectionError}. */
  get closed(): boolean {
    return this.#closedError !== undefined;
  }

  /** Calls `method` (fully qualified) and resolves with the reply's parameters. */
  call(method: string, parameters?: object, options?: CallOptions): Promise<Record<string, unknown>> {
    if (this.#closedError !== undefined) return Promise.reject(this.#closedError);
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    let frame: string;
    try {
      frame = encodeCall(method, parameters, "");
      refuseOversized(method, frame, this.#maxCallSize);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const entry: SingleCall = {
        stream: undefined,
        method,
        waiting: true,
        resolve,
        reject,
        cleanup: undefined,
      };
      if (options !== undefined && (signal !== undefined || options.timeoutMs !== undefined)) {
        this.#arm(entry, signal, options.timeoutMs);
      }
      this.#queue.push(entry);
      this.#connection.sendText(frame);
    });
  }

  /**
   * Calls `method` with `more: true`; iterate to receive each reply. The call is sent when
   * iteration starts. Breaking out of the loop abandons the call: its remaining replies are read
   * and dropped, and the connection stays usable. An error reply is thrown from the iteration.
   */
  callMore(
    method: string,
    parameters?: object,
    options?: CallOptions,
  ): AsyncIterable<Record<string, unknown>> {
    return new CallStream(
      method,
      parameters,
      this.#streamHost,
      options?.signal,
      options?.timeoutMs,
      Math.floor(this.#highWater / 2),
      () => new TimeoutError(`${method}: no reply within ${options?.timeoutMs} ms`),
    );
  }

  /** Sends `method` with `oneway: true` (no reply); resolves once the call is written. */
  callOneway(method: string, parameters?: object, options?: CallOptions): Promise<void> {
    if (this.#closedError !== undefined) return Promise.reject(this.#closedError);
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    try {
      const frame = encodeCall(method, parameters, ',"oneway":true');
      refuseOversized(method, frame, this.#maxCallSize);
      this.#connection.sendText(frame);
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.resolve();
  }

  /**
   * Closes the connection after flushing written calls. Calls still waiting for a reply reject
   * with {@link ConnectionError}. The flush is bounded by `timeoutMs` (default 5 s): a peer that
   * never reads must not keep `close()` pending for ever, so the socket is destroyed then.
   */
  close(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.#closedError === undefined) {
      this.#fail(new ConnectionError("client closed"));
      this.#connection.end();
      const timer = setTimeout(() => this.#connection.destroy(), options.timeoutMs ?? 5000);
      timer.unref?.();
      void this.#closedPromise.then(() => clearTimeout(timer));
    }
    return this.#closedPromise;
  }

  #startStream(stream: CallStream): void {
    if (this.#closedError !== undefined) throw this.#closedError;
    const frame = encodeCall(stream.method, stream.parameters, ',"more":true');
    refuseOversized(stream.method, frame, this.#maxCallSize);
    this.#queue.push({ stream, method: stream.method });
    this.#connection.sendText(frame);
  }

  #arm(entry: SingleCall, signal: AbortSignal | undefined, timeoutMs: number | undefined): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => settle(signal?.reason);
    const settle = (reason: unknown): void => {
      if (!entry.waiting) return;
      entry.waiting = false;
      entry.cleanup?.();
      entry.reject(reason);
    };
    if (timeoutMs !== undefined) {
      timer = setTimeout(
        () => settle(new TimeoutError(`${entry.method}: no reply within ${timeoutMs} ms`)),
        timeoutMs,
      );
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    entry.cleanup = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
  }

  #reply(message: Message): boolean {
    const entry = this.#queue.peek();
    if (entry === undefined) {
      this.#connection.destroy(new ProtocolError("reply without a pending call"));
      return false;
    }
    let parameters = message["parameters"];
    if (parameters === undefined || parameters === null) {
      parameters = {};
    } else if (typeof parameters !== "object" || Array.isArray(parameters)) {
      this.#connection.destroy(new ProtocolError(`reply to ${entry.method}: parameters is not an object`));
      return false;
    }
    const error = message["error"];
    if (error !== undefined && typeof error !== "string") {
      this.#connection.destroy(new ProtocolError(`reply to ${entry.method}: error is not a string`));
      return false;
    }
    const continues = message["continues"] === true && error === undefined;
    const stream = entry.stream;
    if (stream === undefined) {
      if (continues) {
        this.#connection.destroy(new ProtocolError(`reply to ${entry.method} has continues without more`));
        return false;
      }
      this.#queue.shift();
      if (!entry.waiting) return true;
      entry.waiting = false;
      entry.cleanup?.();
      if (error === undefined) entry.resolve(parameters as Record<string, unknown>);
      else entry.reject(errorFromReply(error, parameters as Record<string, unknown>));
      return true;
    }
    if (!continues) this.#queue.shift();
    if (error !== undefined) {
      stream.fail(errorFromReply(error, parameters as Record<string, unknown>));
      return true;
    }
    stream.push(parameters as Record<string, unknown>, !continues);
    if (stream.buffered >= this.#highWater && this.#pausedBy === undefined) {
      this.#pausedBy = stream;
      return false;
    }
    return true;
  }

  #lost(error: Error | undefined): void {
    const reason =
      this.#closedError ??
      new ConnectionError(
        error === undefined
          ? `connection to ${this.#connection.channel.description} closed`
          : `connection to ${this.#connection.channel.description} failed: ${error.message}`,
        error === undefined ? undefined : { cause: error },
      );
    this.#fail(reason);
    this.#onClose?.();
    this.#resolveClosed();
  }

  #fail(reason: ConnectionError): void {
    if (this.#closedError === undefined) this.#closedError = reason;
    const pending = this.#queue.drain();
    for (const entry of pending) {
      if (entry.stream !== undefined) {
        entry.stream.fail(reason);
      } else if (entry.waiting) {
        entry.waiting = false;
        entry.cleanup?.();
        entry.reject(reason);
      }
    }
  }
}
