/**
 * The Varlink client: one connection, calls pipelined and matched to replies in order.
 */
import type { Duplex } from "node:stream";
import { CallStream, type StreamHost } from "./call-stream.js";
import { type ConnectionOptions, type Message, MessageConnection } from "../wire/connection.js";
import { ConnectionError, ProtocolError, TimeoutError } from "../errors.js";
import { type Extensions, type ReplyHeader, encodeExtensions, readReply } from "../wire/header.js";
import { Fifo } from "../wire/fifo.js";
import { stringifyJson } from "../wire/json.js";
import { DEFAULT_MAX_MESSAGE_SIZE, FrameTooLargeError } from "../wire/framing.js";
import { errorFromReply } from "../wire/reply-error.js";
import { utf8Length } from "../wire/bytes.js";
import type { Channel, Transport } from "../transports/transport.js";
import { openAddress } from "../transports/platform.js";
import { takeOver } from "../wire/upgrade.js";
import type { TlsClientOptions } from "../security/tls-options.js";
import {
  type ClientInterceptor,
  type ClientResponse,
  type Invoke,
  chainInterceptors,
} from "./interceptor.js";
import { type InterceptedCalls, interceptedCalls, optionsOf } from "./intercepted.js";
import {
  CONNECTION_ID,
  type ConnectionObserver,
  nextConnectionId,
} from "../observability/connection-observer.js";
import { type Logger, type LoggingOptions, clientLogInterceptor } from "../observability/logging.js";
import { type TokenProvider, TokenSession } from "./token.js";

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
  /**
   * Wrap every `call`, `callMore` and `callOneway` (the first is outermost); `callUpgrade`
   * bypasses them. None (the default) costs nothing: calls go straight to the connection.
   */
  interceptors?: readonly ClientInterceptor[];
  /**
   * A pino-style logger: one record per call (method, outcome, duration, target, peer; parameters
   * only for `logging.logParameters`), written by an interceptor outside `interceptors`
   * (docs/observability.md).
   */
  logger?: Logger;
  /** Levels and parameter opt-ins of `logger`'s records. */
  logging?: LoggingOptions;
  /** Told of the connection opening and closing and of the bytes read and written (metrics). */
  observer?: ConnectionObserver;
  /**
   * Bearer-token authentication (docs/security.md, "Authentication"): after connecting, and
   * before any call is written, the client calls `org.varlink.codegen.auth.Authenticate` with the
   * provider's token; a refused token fails the connect with an `AuthenticationError`. Ahead of
   * the identity's expiry (the provider's `expiresAt`, else the service's answer) it
   * re-authenticates on the live connection. Without it nothing is sent (plain Varlink peers).
   */
  tokenProvider?: TokenProvider;
  /** How long before the identity expires to re-authenticate (default 30 s; at least half its life). */
  tokenRefreshAheadMs?: number;
  /** Certificates and checks for a `tls:` address (ignored for other addresses); see docs/security.md. */
  tls?: TlsClientOptions;
}

/** The interceptors a client runs: the logging one (when `logger` is set) outermost. @internal */
export function clientInterceptors(options: ClientOptions): readonly ClientInterceptor[] {
  const interceptors = options.interceptors ?? [];
  if (options.logger === undefined) return interceptors;
  return [clientLogInterceptor(options.logger, options.logging), ...interceptors];
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
  /**
   * Vendor-extension members sent with the call (UAPI.20), e.g.
   * `{ "org.example.trace": { id: "4bf92f35" } }`: names in reverse-domain notation, values JSON
   * objects; anything else rejects the call with a `TypeError` before it is sent.
   */
  extensions?: Extensions;
  /**
   * Sees the header of every reply to this call (each `more` reply, error replies too) before
   * it settles the call: `parameters`, `continues`, `error` and the reply's vendor-extension
   * members in `extensions`. A throw rejects the call (ends the stream) with what was thrown;
   * the connection is not affected.
   */
  onReply?: (reply: ReplyHeader) => void;
  /**
   * The method is safe to call twice (generated clients set it for methods marked
   * `# [Idempotent]`): a retry interceptor may repeat it after a timeout or a connection lost
   * after the call was written. Interceptors see it as `request.idempotent`.
   */
  idempotent?: boolean;
}

/** What {@link VarlinkClient.callUpgrade} resolves with. */
export interface UpgradeResult {
  /** The confirming reply's parameters. */
  readonly parameters: Record<string, unknown>;
  /** The reply's vendor-extension members (`{}` when none). */
  readonly extensions: Extensions;
  /**
   * The raw connection after the reply: its first byte is the first the server sent after the
   * reply's NUL. Paused: read it with `for await`, `pipe()` or `data` + `resume()`. Yours to close.
   */
  readonly stream: Duplex;
}

/** A call waiting for its single reply. */
interface SingleCall {
  stream: undefined;
  method: string;
  onReply: ((reply: ReplyHeader) => void) | undefined;
  /** An `upgrade` call: a confirming reply hands the connection over. */
  upgrade: boolean;
  /** False once the caller has been answered (reply, abort or timeout). */
  waiting: boolean;
  /**
   * Set for the interceptor chain's innermost step: the call resolves with its
   * {@link ClientResponse} (this peer) instead of the bare parameters, so the step needs no `then`.
   */
  peer: string | undefined;
  resolve: (result: Record<string, unknown> | UpgradeResult | ClientResponse) => void;
  reject: (error: unknown) => void;
  cleanup: (() => void) | undefined;
}

type Pending =
  SingleCall | { stream: CallStream; method: string; onReply: ((reply: ReplyHeader) => void) | undefined };

/**
 * Marks a single call answered and drops its timer and abort listener. False when it was
 * answered already (abort, timeout): the caller must then not settle it again.
 */
function answer(entry: SingleCall): boolean {
  if (!entry.waiting) return false;
  entry.waiting = false;
  entry.cleanup?.();
  return true;
}

/**
 * Encodes a call frame by hand: one JSON.stringify of the parameters instead of a wrapper
 * object. Throws (before anything is queued) when the parameters or extensions cannot be sent
 * (a cycle, NaN/±Infinity, a bigint outside the int range; see `stringifyJson`).
 */
function encodeCall(
  method: string,
  parameters: object | undefined,
  flags: string,
  options: CallOptions | undefined,
): string {
  const tail = flags + encodeExtensions(options?.extensions);
  const body = parameters === undefined ? undefined : stringifyJson(parameters);
  // UAPI.20: empty parameters SHOULD be omitted (`{}`, or only undefined-valued fields).
  return body === undefined || body === "{}"
    ? `{"method":${JSON.stringify(method)}${tail}}\0`
    : `{"method":${JSON.stringify(method)},"parameters":${body}${tail}}\0`;
}

/**
 * Throws {@link FrameTooLargeError} when `frame` (ending in NUL) holds more than `limit` bytes of
 * message. A UTF-16 unit is at most 3 UTF-8 bytes, so short frames are never measured.
 */
function refuseOversized(method: string, frame: string, limit: number): void {
  if ((frame.length - 1) * 3 <= limit) return;
  const size = utf8Length(frame) - 1;
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
  /** The method of an `upgrade` call waiting for its answer: no call may follow it. */
  #upgrading: string | undefined;
  /** The interceptor chain; undefined without interceptors (calls go straight to the wire). */
  readonly #intercepted: InterceptedCalls | undefined;
  readonly #observer: ConnectionObserver | undefined;
  /** The connection's number (logs, the observer). */
  readonly #id: number;
  /** Re-authenticates ahead of expiry (`tokenProvider`). */
  #token: TokenSession | undefined;

  private constructor(channel: Channel, options: ClientOptions, onClose?: () => void) {
    const observer = options.observer;
    this.#observer = observer;
    this.#id = nextConnectionId();
    this.#connection = new MessageConnection(channel, options, observer === undefined ? {} : { observer });
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
    const interceptors = clientInterceptors(options);
    if (interceptors.length > 0) {
      const description = this.#connection.channel.description;
      this.#intercepted = interceptedCalls(chainInterceptors(interceptors, this.#direct()), description);
    }
    this.#connection.start({
      message: (m) => this.#reply(m),
      drain: () => {},
      close: (error) => this.#lost(error),
    });
    observer?.opened(this.#id, channel.description);
  }

  /**
   * Connects to a Varlink address (`unix:/path`, `unix:@name`, `tcp:host:port`,
   * `tls:host:port` with `options.tls`, `exec:/path`), or through a custom {@link Transport}.
   */
  static async connect(target: string | Transport, options: ClientOptions = {}): Promise<VarlinkClient> {
    let client: VarlinkClient;
    if (typeof target === "string") {
      const { channel, onClose } = await openAddress(target, options.signal, options.tls);
      client = new VarlinkClient(channel, options, onClose);
    } else client = new VarlinkClient(await target.connect(options.signal), options);
    if (options.tokenProvider !== undefined)
      await client.#authenticate(options.tokenProvider, options, client.#connection.channel.description);
    return client;
  }

  /** Authenticates the new connection before it is handed out; a failure closes it. */
  async #authenticate(provider: TokenProvider, options: ClientOptions, address: string): Promise<void> {
    const session = new TokenSession(
      provider,
      {
        call: (method, parameters, signal) =>
          this.#single(method, parameters, signal === undefined ? undefined : { signal }, false) as Promise<
            Record<string, unknown>
          >,
        close: () => void this.close(),
        address,
      },
      options.tokenRefreshAheadMs,
    );
    this.#token = session;
    try {
      // The connect's signal (the pool's connectTimeoutMs) bounds the first Authenticate too.
      await session.authenticate(options.signal);
    } catch (error) {
      session.stop();
      await this.close();
      throw error;
    }
  }

  /** Re-authenticates now with a fresh token from the provider (what the refresh timer does). @internal */
  refreshToken(): Promise<void> {
    return this.#token?.authenticate() ?? Promise.resolve();
  }

  /** A client on an already-connected channel (e.g. one end of `createChannelPair()`). */
  static fromChannel(channel: Channel, options: ClientOptions = {}): VarlinkClient {
    return new VarlinkClient(channel, options);
  }

  /** The connection's process-wide number (`ConnectionObserver` ids, `connectionId` in call logs). */
  get connectionId(): number {
    return this.#id;
  }

  /** True once the connection is closed; every later call rejects with {@link ConnectionError}. */
  get closed(): boolean {
    return this.#closedError !== undefined;
  }

  /**
   * Replies the peer still owes: calls written whose final reply has not arrived, including
   * calls the caller gave up on (timeout, abort, a `more` loop left early). @internal
   */
  get owed(): number {
    return this.#queue.length;
  }

  /**
   * Whether the open connection alone keeps the process alive (false: an idle pooled connection;
   * sockets only, other channels ignore it). For pools. @internal
   */
  keepAlive(alive: boolean): void {
    this.#connection.channel.keepAlive?.(alive);
  }

  /** Called when the last owed reply arrived (`owed` dropped to 0). For pools. @internal */
  onDrained: (() => void) | undefined;

  /** Resolves once the connection is closed, by either side (never rejects). */
  get ended(): Promise<void> {
    return this.#closedPromise;
  }

  /**
   * The innermost step of the interceptor chain: the call on this connection. Not async: a
   * single call's response is `#single`'s own promise (which rejects, never throws, and resolves
   * with the response when given the peer), no async frame or `then` around it.
   */
  #direct(): Invoke {
    const peer = this.#connection.channel.description;
    return (request) => {
      request.values.set(CONNECTION_ID, this.#id);
      const options = optionsOf(request);
      switch (request.kind) {
        case "call":
          // Resolves with the response itself (`peer` set): no `then`, one promise fewer per call.
          return this.#single(
            request.method,
            request.parameters,
            options,
            false,
            peer,
          ) as Promise<ClientResponse>;
        case "more":
          try {
            const replies = this.#callMore(request.method, request.parameters, options);
            return Promise.resolve({ kind: "more", replies, peer });
          } catch (error) {
            return Promise.reject(error);
          }
        case "oneway":
          return this.#callOneway(request.method, request.parameters, options).then((): ClientResponse => ({
            kind: "oneway",
            peer,
          }));
      }
    };
  }

  /** Calls `method` (fully qualified) and resolves with the reply's parameters. */
  call(method: string, parameters?: object, options?: CallOptions): Promise<Record<string, unknown>> {
    if (this.#intercepted !== undefined) return this.#intercepted.call(method, parameters, options);
    return this.#single(method, parameters, options, false) as Promise<Record<string, unknown>>;
  }

  /**
   * Calls `method` with `upgrade: true` (UAPI.20). The server confirms with one reply, after
   * which the connection carries the method's own protocol: this resolves with that reply and
   * the raw stream. From the call on, this client makes no further calls (they reject with a
   * {@link ConnectionError}; calls made before it are still answered); an error reply rejects
   * as usual and leaves the client usable. Needs a socket connection (unix, tcp, exec:).
   * Send nothing on the stream before the reply came (UAPI.20 says clients should not).
   */
  callUpgrade(method: string, parameters?: object, options?: CallOptions): Promise<UpgradeResult> {
    return this.#single(method, parameters, options, true) as Promise<UpgradeResult>;
  }

  #single(
    method: string,
    parameters: object | undefined,
    options: CallOptions | undefined,
    upgrade: boolean,
    peer?: string,
  ): Promise<Record<string, unknown> | UpgradeResult | ClientResponse> {
    const refused = this.#refusal();
    if (refused !== undefined) return Promise.reject(refused);
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    let frame: string;
    try {
      frame = encodeCall(method, parameters, upgrade ? ',"upgrade":true' : "", options);
      refuseOversized(method, frame, this.#maxCallSize);
    } catch (error) {
      return Promise.reject(error);
    }
    if (upgrade) this.#upgrading = method;
    return new Promise((resolve, reject) => {
      const entry: SingleCall = {
        stream: undefined,
        method,
        onReply: options?.onReply,
        upgrade,
        waiting: true,
        peer,
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
    if (this.#intercepted !== undefined) return this.#intercepted.callMore(method, parameters, options);
    return this.#callMore(method, parameters, options);
  }

  #callMore(
    method: string,
    parameters: object | undefined,
    options: CallOptions | undefined,
  ): AsyncIterable<Record<string, unknown>> {
    return new CallStream(
      method,
      parameters,
      options,
      this.#streamHost,
      options?.signal,
      options?.timeoutMs,
      Math.floor(this.#highWater / 2),
      () => new TimeoutError(`${method}: no reply within ${options?.timeoutMs} ms`),
    );
  }

  /** Sends `method` with `oneway: true` (no reply); resolves once the call is written. */
  callOneway(method: string, parameters?: object, options?: CallOptions): Promise<void> {
    if (this.#intercepted !== undefined) return this.#intercepted.callOneway(method, parameters, options);
    return this.#callOneway(method, parameters, options);
  }

  #callOneway(
    method: string,
    parameters: object | undefined,
    options: CallOptions | undefined,
  ): Promise<void> {
    const refused = this.#refusal();
    if (refused !== undefined) return Promise.reject(refused);
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    try {
      const frame = encodeCall(method, parameters, ',"oneway":true', options);
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

  /**
   * Why no call can be made now: the connection is closed, or being upgraded. The call was not
   * written, so the error says so (`written: false`: safe to retry anywhere).
   */
  #refusal(): ConnectionError | undefined {
    const closed = this.#closedError;
    if (closed !== undefined)
      return new ConnectionError(closed.message, { cause: closed.cause, written: false });
    if (this.#upgrading === undefined) return undefined;
    return new ConnectionError(
      `no calls after ${this.#upgrading} with upgrade: the connection to ${this.#connection.channel.description} is being upgraded`,
      { written: false },
    );
  }

  #startStream(stream: CallStream): void {
    const refused = this.#refusal();
    if (refused !== undefined) throw refused;
    const frame = encodeCall(stream.method, stream.parameters, ',"more":true', stream.options);
    refuseOversized(stream.method, frame, this.#maxCallSize);
    this.#queue.push({ stream, method: stream.method, onReply: stream.options?.onReply });
    this.#connection.sendText(frame);
  }

  #arm(entry: SingleCall, signal: AbortSignal | undefined, timeoutMs: number | undefined): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => settle(signal?.reason);
    const settle = (reason: unknown): void => {
      if (answer(entry)) entry.reject(reason);
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

  /**
   * Matches a reply to the oldest pending call and settles it. Everything that can fail (a
   * malformed header, the `onReply` observer, building the error) happens before the entry
   * leaves the queue, or settles it; a malformed reply closes the connection, which rejects
   * every pending call. No path leaves a call unsettled.
   */
  #reply(message: Message): boolean {
    const entry = this.#queue.peek();
    if (entry === undefined) {
      this.#connection.destroy(new ProtocolError("reply without a pending call"));
      return false;
    }
    const reply = readReply(message);
    if (typeof reply === "string") {
      this.#connection.destroy(new ProtocolError(`reply to ${entry.method}: ${reply}`));
      return false;
    }
    const stream = entry.stream;
    if (reply.continues && stream === undefined) {
      this.#connection.destroy(new ProtocolError(`reply to ${entry.method} has continues without more`));
      return false;
    }
    if (!reply.continues) {
      this.#queue.shift();
      if (this.onDrained !== undefined && this.#queue.length === 0) queueMicrotask(this.onDrained);
    }
    const outcome = this.#outcome(entry, reply);
    if (stream === undefined) {
      const single = entry as SingleCall;
      if (single.upgrade) return this.#upgradeAnswered(single, reply, outcome);
      if (!answer(single)) return true;
      if (outcome !== undefined) single.reject(outcome);
      else if (single.peer === undefined) single.resolve(reply.parameters);
      else single.resolve({ kind: "call", parameters: reply.parameters, peer: single.peer });
      return true;
    }
    if (outcome !== undefined) {
      stream.fail(outcome);
      return true;
    }
    stream.push(reply.parameters, !reply.continues);
    if (stream.buffered >= this.#highWater && this.#pausedBy === undefined) {
      this.#pausedBy = stream;
      return false;
    }
    return true;
  }

  /** The error a reply settles its call with (`undefined`: success). Never throws. */
  #outcome(entry: Pending, reply: ReplyHeader): unknown {
    if (entry.onReply !== undefined) {
      try {
        entry.onReply(reply);
      } catch (error) {
        return error;
      }
    }
    return reply.error === undefined
      ? undefined
      : errorFromReply(entry.method, reply.error, reply.parameters);
  }

  /**
   * The answer to an `upgrade` call. An error leaves a Varlink connection. A reply confirms:
   * the client stops reading at the reply's NUL (the decoder keeps what follows; it is taken
   * once this handler returned) and hands the socket over; the client is closed for calls.
   */
  #upgradeAnswered(entry: SingleCall, reply: ReplyHeader, outcome: unknown): boolean {
    if (reply.error !== undefined) {
      this.#upgrading = undefined;
      if (answer(entry)) entry.reject(outcome);
      return true;
    }
    const method = entry.method;
    this.#closedError = new ConnectionError(
      `the connection to ${this.#connection.channel.description} was upgraded by ${method}: open a new client`,
    );
    queueMicrotask(() => {
      let stream: Duplex;
      try {
        stream = takeOver(this.#connection);
      } catch (error) {
        if (answer(entry)) entry.reject(error);
        return;
      }
      stream.once("close", () => this.#onClose?.());
      this.#resolveClosed();
      if (!entry.waiting || outcome !== undefined) {
        // Abandoned (abort or timeout) while the confirmation travelled, or the `onReply`
        // observer threw on it: nobody takes the stream. The server has switched protocols
        // all the same, so the connection is no longer Varlink either way.
        stream.destroy();
        if (answer(entry)) entry.reject(outcome);
        return;
      }
      answer(entry);
      entry.resolve({ parameters: reply.parameters, extensions: reply.extensions, stream });
    });
    return false;
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
    this.#observer?.closed(this.#id);
    this.#token?.stop();
    this.#onClose?.();
    this.#resolveClosed();
  }

  #fail(reason: ConnectionError): void {
    if (this.#closedError === undefined) this.#closedError = reason;
    const pending = this.#queue.drain();
    for (const entry of pending) {
      if (entry.stream !== undefined) {
        entry.stream.fail(reason);
      } else if (answer(entry)) {
        entry.reject(reason);
      }
    }
  }
}
