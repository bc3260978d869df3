/**
 * One connection of a server: reads calls, runs handlers concurrently, writes replies strictly
 * in call order, and applies backpressure.
 * @internal
 */
import type { Duplex } from "node:stream";
import { type ConnectionLimits, type Message, MessageConnection } from "../wire/connection.js";
import type { CallContext, MethodDefinition, StreamEnd } from "./definitions.js";
import {
  ExpectedMoreError,
  ExpectedUpgradeError,
  INTERNAL_ERROR,
  InvalidParameterError,
  MethodNotImplementedError,
  type VarlinkError,
  toVarlinkError,
} from "../errors.js";
import { Fifo } from "../wire/fifo.js";
import { stringifyJson } from "../wire/json.js";
import { type CallHeader, type Extensions, readCall } from "../wire/header.js";
import type { Channel } from "../transports/transport.js";
import { takeOver } from "../wire/upgrade.js";
import { PeerWatch } from "./peer-watch.js";
import { TURN, nextTurn } from "./next-turn.js";
import type { ServerCall, ServerInvoke } from "./interceptor.js";
import { type Peer, UNKNOWN_PEER } from "./peer.js";
import { nextConnectionId } from "../observability/connection-observer.js";
import type { Principal } from "./principal.js";

/** What a connection needs from its server. @internal */
export interface Dispatcher {
  /** The method's definition, or the error to answer (not found...). */
  lookup(method: string): MethodDefinition | VarlinkError;
  /** The connection closed (remove it from the server's set). */
  closed(connection: ServerConnection): void;
  /** The interceptor chain around the handler; undefined when none are configured. */
  readonly invoke: ServerInvoke | undefined;
  /** Reports a failure answered with `InternalError` (`ServerOptions.onError`). */
  report(error: unknown, context: CallContext): void;
}

/** Connection limits. @internal */
export interface ServerConnectionOptions {
  maxMessageSize?: number;
  /** Calls read but not yet answered before reading pauses (default 128). */
  maxPendingCalls?: number;
  /** Parse integers beyond ±(2^53−1) as bigints (see `InterfaceDefinition.exactIntegers`). */
  exactIntegers?: boolean;
  /** The server's buffer budget and timeouts. */
  limits?: ConnectionLimits;
  /** Who is on the other end (default: {@link UNKNOWN_PEER}). */
  peer?: Peer;
}

/** A call waiting for its turn to write its reply. */
interface Slot {
  /** Encoded final frame(s) once known. */
  frames: string | undefined;
  done: boolean;
  /** A generator to drive once this slot is at the head. */
  stream: AsyncIterator<object> | undefined;
  streaming: boolean;
  /** How a `more` generator's values go out (see {@link MethodDefinition.streamEnd}). */
  end: StreamEnd;
  /** An `upgrade` call: how its handler gets the raw stream once the confirmation is written. */
  upgrade: UpgradeWaiter | undefined;
  /** The handler's context, once it is called (failures are reported with it). */
  context: CallContext | undefined;
  /** The method's omit pass for its replies (see {@link MethodDefinition.omitAbsent}). */
  omitAbsent: ((reply: object) => object) | undefined;
}

/** The handler's side of an `upgrade` call. */
interface UpgradeWaiter {
  /** The handler confirmed with `acceptUpgrade()`; its own result no longer matters. */
  accepted: boolean;
  resolve: ((stream: Duplex) => void) | undefined;
  reject: ((error: Error) => void) | undefined;
}

class Context implements CallContext {
  readonly method: string;
  readonly more: boolean;
  readonly oneway: boolean;
  readonly upgrade: boolean;
  readonly extensions: Extensions;
  readonly peer: Peer;
  readonly #owner: ServerConnection;
  readonly #slot: Slot | undefined;
  #values: Map<unknown, unknown> | undefined;
  constructor(owner: ServerConnection, call: CallHeader, slot: Slot | undefined) {
    this.#owner = owner;
    this.#slot = slot;
    this.method = call.method;
    this.more = call.more;
    this.oneway = call.oneway;
    this.upgrade = call.upgrade;
    this.extensions = call.extensions;
    this.peer = owner.peer;
  }
  get signal(): AbortSignal {
    return this.#owner.signal;
  }
  get principal(): Principal | undefined {
    return this.#owner.principal;
  }
  /** The connection a context of ours belongs to (authentication binds identities to it). */
  static ownerOf(context: CallContext): ServerConnection | undefined {
    return #owner in context ? context.#owner : undefined;
  }
  /** Made on first use: most calls never look. */
  get values(): Map<unknown, unknown> {
    return (this.#values ??= new Map());
  }
  acceptUpgrade(parameters?: object): Promise<Duplex> {
    return this.#owner.acceptUpgrade(this.#slot, parameters);
  }
}

/**
 * The JSON of a handler's reply parameters, or the error to answer instead: a result that is
 * not an object, or cannot be serialized (a cycle, NaN/±Infinity, a bigint outside the int
 * range), is a bug in the handler and is answered with the generic internal error. The method's
 * omit pass (generated) leaves absent optionals out first.
 */
function encodeParameters(parameters: unknown, slot: Slot | undefined): string | VarlinkError {
  if (parameters === undefined || parameters === null) return "{}";
  if (typeof parameters !== "object" || Array.isArray(parameters)) {
    return toVarlinkError(new TypeError("handler result is not an object"));
  }
  try {
    const omit = slot?.omitAbsent;
    return stringifyJson(omit === undefined ? parameters : omit(parameters)) as string;
  } catch (error) {
    return toVarlinkError(error);
  }
}

function errorFrame(error: VarlinkError): string {
  try {
    return `${stringifyJson({ error: error.error, parameters: error.parameters }) as string}\0`;
  } catch {
    return `{"error":${JSON.stringify(INTERNAL_ERROR)},"parameters":{}}\0`;
  }
}

/**
 * What interceptors see of a call (only built when there are interceptors). A class of own data
 * fields: one fixed shape (an object literal with getters is created on a slow path), and
 * `{ ...call, parameters }` copies every member.
 */
class IncomingCall implements ServerCall {
  readonly method: string;
  readonly more: boolean;
  readonly oneway: boolean;
  readonly upgrade: boolean;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly peer: Peer;
  readonly principal: Principal | undefined;
  readonly values: Map<unknown, unknown>;
  readonly context: CallContext;
  readonly parameters: Record<string, unknown>;
  readonly definition: MethodDefinition;
  readonly connectionId: number;
  // Plain fields, not parameter properties: the runtime is erasable syntax only (Node type stripping).
  constructor(
    context: CallContext,
    parameters: Record<string, unknown>,
    definition: MethodDefinition,
    connectionId: number,
  ) {
    this.connectionId = connectionId;
    this.context = context;
    this.parameters = parameters;
    this.definition = definition;
    this.method = context.method;
    this.more = context.more;
    this.oneway = context.oneway;
    this.upgrade = context.upgrade;
    this.extensions = context.extensions;
    this.peer = context.peer;
    this.principal = context.principal;
    this.values = context.values;
  }
}

/** The server connection a handler's context belongs to; undefined for contexts made elsewhere. @internal */
export function connectionOf(context: CallContext): ServerConnection | undefined {
  return Context.ownerOf(context);
}

/** Runs the chain; an interceptor that throws instead of rejecting rejects all the same. */
function invoke(chain: ServerInvoke, call: ServerCall): Promise<unknown> {
  try {
    return chain(call);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** A handler's (or interceptor's) streaming result. @internal */
export function isAsyncIterable(value: unknown): value is AsyncIterable<object> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function"
  );
}

/** @internal */
export class ServerConnection {
  readonly #connection: MessageConnection;
  readonly #dispatcher: Dispatcher;
  readonly #maxPending: number;
  /** Who is on the other end; every call's `context.peer`. */
  readonly peer: Peer;
  /** A process-wide number (`ServerCall.connectionId`, `ConnectionObserver`). */
  readonly id: number = nextConnectionId();
  /** The identity bound by authentication (server/authentication.ts); every call's `context.principal`. */
  principal: Principal | undefined;
  readonly #slots = new Fifo<Slot>();
  /** Oneway handlers still running (graceful close waits for them). */
  #detached = 0;
  #writeBlocked = false;
  #drainWaiters: (() => void)[] = [];
  #closing = false;
  /** The client half-closed: answer what it sent, then close. */
  #peerEnded = false;
  /** Probes a half-closed peer while its calls are pending (see peer-watch.ts). */
  #watch: PeerWatch | undefined;
  #closed = false;
  /** An `upgrade` call was read: read nothing more until it is answered (an error resumes). */
  #upgrading = false;
  /** The connection was upgraded: the socket belongs to a handler, never end it ourselves. */
  #handedOver = false;
  #abort: AbortController | undefined;
  readonly #closedPromise: Promise<void>;
  #resolveClosed!: () => void;

  constructor(channel: Channel, dispatcher: Dispatcher, options: ServerConnectionOptions) {
    this.#dispatcher = dispatcher;
    this.#maxPending = options.maxPendingCalls ?? 128;
    this.peer = options.peer ?? UNKNOWN_PEER;
    this.principal = undefined;
    this.#closedPromise = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#connection = new MessageConnection(
      channel,
      options.maxMessageSize === undefined ? {} : { maxMessageSize: options.maxMessageSize },
      options.limits,
    );
    this.#connection.exactIntegers = options.exactIntegers === true;
    this.#connection.start({
      message: (m) => this.#call(m),
      drain: () => this.#drained(),
      close: () => this.#onClose(),
      busy: () => this.#pending() > 0,
      end: () => {
        this.#peerEnded = true;
        this.#maybeEnd();
        if (!this.#closed && this.#pending() > 0) {
          this.#watch ??= new PeerWatch();
          this.#watch.start(() => this.#connection.probe());
        }
      },
    });
  }

  /** From now on, parse integers beyond ±(2^53−1) as bigints (an exact interface was added). */
  parseExactIntegers(): void {
    this.#connection.exactIntegers = true;
  }

  /**
   * Aborted when the connection is gone. Made on first use (most handlers never look); a
   * handler that first looks after the close gets it already aborted.
   */
  get signal(): AbortSignal {
    if (this.#abort === undefined) {
      this.#abort = new AbortController();
      if (this.#closed) this.#abort.abort(new Error("connection closed"));
    }
    return this.#abort.signal;
  }

  /** Resolves once the channel is closed. */
  get whenClosed(): Promise<void> {
    return this.#closedPromise;
  }

  /** Graceful close: read no more calls, answer those already read, then close. */
  shutdown(): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
      this.#connection.pauseReading();
      this.#maybeEnd();
    }
    return this.#closedPromise;
  }

  /**
   * performance.now() since which nothing happened, or undefined while a call is in progress or
   * the connection was upgraded (its raw stream is the handler's, never ours to evict).
   */
  get idleSince(): number | undefined {
    return this.#handedOver || this.#pending() > 0 ? undefined : this.#connection.lastActivity;
  }

  /** Closes now; handlers see their signal aborted. */
  destroy(): void {
    this.#connection.destroy();
  }

  /** Calls read and not finished: answers to write, and oneway handlers still running. */
  #pending(): number {
    return this.#slots.length + this.#detached;
  }

  #mayRead(): boolean {
    return (
      this.#pending() < this.#maxPending &&
      !this.#writeBlocked &&
      !this.#closing &&
      !this.#closed &&
      !this.#upgrading &&
      // Confirmed: every byte from here on is the upgraded stream's, never a Varlink frame.
      !this.#handedOver
    );
  }

  #call(message: Message): boolean {
    const call = readCall(message);
    if (typeof call === "string") {
      this.#malformed();
      return false;
    }
    const slot: Slot | undefined = call.oneway
      ? undefined
      : {
          frames: undefined,
          done: false,
          stream: undefined,
          streaming: false,
          end: "last-yield",
          upgrade: call.upgrade ? { accepted: false, resolve: undefined, reject: undefined } : undefined,
          context: undefined,
          omitAbsent: undefined,
        };
    if (slot !== undefined) this.#slots.push(slot);
    else this.#detached++;
    // No byte past this call's NUL may be read until it is answered: they may be the upgraded
    // protocol's (the decoder keeps them; see #upgraded).
    if (call.upgrade) this.#upgrading = true;
    this.#dispatch(call, slot);
    return this.#mayRead();
  }

  /**
   * UAPI.20: a malformed call closes the connection (there is no well-defined reply). Nothing
   * after it is read; the calls read before it are still answered, in order, as a server that
   * handles one call at a time (sd-varlink) would have done before it saw the bad one; then the
   * connection closes without a reply to it.
   */
  #malformed(): void {
    this.#closing = true;
    this.#connection.pauseReading();
    this.#maybeEnd();
  }

  #dispatch(call: CallHeader, slot: Slot | undefined): void {
    const { method, more, oneway, parameters } = call;
    const definition = this.#dispatcher.lookup(method);
    if (definition instanceof Error) {
      this.#settle(slot, errorFrame(definition));
      return;
    }
    const found = definition;
    if (found.upgrade === "requires" && !call.upgrade) {
      this.#settle(slot, errorFrame(new ExpectedUpgradeError()));
      return;
    }
    if (found.more === "requires" && !more && !oneway) {
      this.#settle(slot, errorFrame(new ExpectedMoreError()));
      return;
    }
    const context = new Context(this, call, slot);
    if (slot !== undefined) {
      slot.context = context;
      slot.omitAbsent = found.omitAbsent;
    }
    if (found.validateParameters !== undefined) {
      let first: { path: string } | undefined;
      try {
        first = found.validateParameters(parameters)[0];
      } catch (error) {
        this.#settle(slot, this.#fail(error, context));
        return;
      }
      if (first !== undefined) {
        this.#settle(slot, errorFrame(new InvalidParameterError(first.path)));
        return;
      }
    }
    if (slot !== undefined)
      slot.end = found.streamEnd ?? (found.more === "requires" ? "prompt" : "last-yield");
    const streams = more && !oneway;
    const intercepted = this.#dispatcher.invoke;
    if (intercepted !== undefined) {
      // Interceptors (never on the path when none are configured): the handler runs innermost.
      invoke(intercepted, new IncomingCall(context, parameters, found, this.id)).then(
        (value: unknown) => this.#resolved(value, streams, slot, context),
        (error: unknown) => this.#settle(slot, this.#fail(error, context)),
      );
      return;
    }
    const handler = found.handler;
    if (handler === undefined) {
      this.#settle(slot, errorFrame(new MethodNotImplementedError(method)));
      return;
    }
    let result: unknown;
    try {
      result = handler(parameters, context);
    } catch (error) {
      this.#settle(slot, this.#fail(error, context));
      return;
    }
    if (this.#acceptedUpgrade(slot)) {
      if (result instanceof Promise) result.catch(() => {});
    } else if (isAsyncIterable(result)) {
      this.#iterate(result, streams, slot, context);
    } else if (result instanceof Promise) {
      result.then(
        (value: unknown) => this.#resolved(value, streams, slot, context),
        (error: unknown) => this.#settle(slot, this.#fail(error, context)),
      );
    } else {
      this.#settle(slot, this.#reply(result, context, slot));
    }
  }

  /**
   * The error frame answering a handler's (or interceptor's) failure. An internal error with a
   * cause (a thrown non-`VarlinkError`, a reply that cannot be encoded) is reported to the
   * operator first (`ServerOptions.onError`); nothing of it goes on the wire.
   */
  #fail(error: unknown, context: CallContext): string {
    const answer = toVarlinkError(error);
    if (answer.error === INTERNAL_ERROR && answer.cause !== undefined) {
      this.#dispatcher.report(answer.cause, context);
    }
    return errorFrame(answer);
  }

  /** Encodes a final reply (or the error answered when the parameters cannot be sent). */
  #reply(parameters: unknown, context: CallContext, slot: Slot | undefined): string {
    const json = encodeParameters(parameters, slot);
    return typeof json === "string" ? `{"parameters":${json}}\0` : this.#fail(json, context);
  }

  /**
   * The handler accepted an upgrade: the connection is its own now, and what it returns has
   * nowhere to go. (It may return the upgraded stream, which is async-iterable: iterating it
   * would eat the stream's first chunk and then destroy it.)
   */
  #acceptedUpgrade(slot: Slot | undefined): boolean {
    return slot?.upgrade?.accepted === true;
  }

  #resolved(value: unknown, more: boolean, slot: Slot | undefined, context: CallContext): void {
    if (this.#acceptedUpgrade(slot)) return;
    if (isAsyncIterable(value)) this.#iterate(value, more, slot, context);
    else this.#settle(slot, this.#reply(value, context, slot));
  }

  #iterate(
    iterable: AsyncIterable<object>,
    more: boolean,
    slot: Slot | undefined,
    context: CallContext,
  ): void {
    const iterator = iterable[Symbol.asyncIterator]();
    if (more && slot !== undefined) {
      slot.stream = iterator;
      this.#pump();
      return;
    }
    // Without `more` only one reply is allowed: the first value; then the generator is stopped.
    iterator.next().then(
      (first) => {
        this.#settle(slot, this.#reply(first.value, context, slot));
        if (first.done !== true) void iterator.return?.()?.catch(() => {});
      },
      (error: unknown) => this.#settle(slot, this.#fail(error, context)),
    );
  }

  /** A call is answered: record its reply (or, oneway, just count it done). */
  #settle(slot: Slot | undefined, frame: string): void {
    if (slot === undefined) {
      this.#connection.touch();
      this.#detached--;
      this.#pump();
      return;
    }
    // An accepted upgrade was answered by acceptUpgrade(); what the handler returns or throws
    // afterwards has nowhere to go.
    if (this.#acceptedUpgrade(slot)) return;
    slot.frames = frame;
    slot.done = true;
    this.#pump();
  }

  /** Writes every answered call at the head of the queue; starts a stream that reached the head. */
  #pump(): void {
    for (let slot = this.#slots.peek(); slot !== undefined; slot = this.#slots.peek()) {
      if (slot.stream !== undefined) {
        if (!slot.streaming) {
          slot.streaming = true;
          void this.#drive(slot, slot.stream);
        }
        return;
      }
      if (!slot.done) return;
      this.#slots.shift();
      if (!this.#closed && !this.#connection.sendText(slot.frames as string)) this.#blocked();
      if (slot.upgrade !== undefined && this.#upgraded(slot.upgrade, slot.frames as string)) return;
    }
    if (this.#connection.readingPaused && this.#mayRead()) this.#connection.resumeReading();
    this.#maybeEnd();
  }

  /**
   * Streams a generator's values (see {@link MethodDefinition.streamEnd}). `"last-yield"`: one
   * value is held back until the next is produced (or the generator ends), so the last reply is
   * the one without `continues`. `"return"`: each value goes out at once and the return value is
   * the final reply. `"prompt"`: as `"last-yield"`, but a held value goes out at once when the
   * next one is not ready by the next turn of the event loop; a generator that then ends without
   * a return value ends the stream with `{}`. A value that cannot be sent ends the stream with
   * the internal error and stops the generator: nothing may follow an error reply, or the client
   * would match it to its next call.
   */
  async #drive(slot: Slot, iterator: AsyncIterator<object>): Promise<void> {
    let held: object | undefined;
    let hasHeld = false;
    let final: string | undefined;
    /** The generator may still produce values (it must be stopped if we end the stream). */
    let running = true;
    const end = slot.end;
    const context = slot.context as CallContext;
    try {
      while (final === undefined) {
        if (this.#writeBlocked) await new Promise<void>((resolve) => this.#drainWaiters.push(resolve));
        if (this.#closed) {
          await iterator.return?.();
          return;
        }
        const next = iterator.next();
        let step: IteratorResult<object> | typeof TURN =
          end === "prompt" && hasHeld ? await Promise.race([next, nextTurn()]) : await next;
        if (step === TURN) {
          // Not ready: the value held back goes out now instead of waiting for its successor.
          hasHeld = false;
          final = this.#continues(held, context, slot);
          if (final !== undefined) {
            void next.catch(() => {}); // abandoned with the stream: its failure has nowhere to go
            break;
          }
          step = await next;
        }
        if (step.done === true) running = false;
        if (end === "return") {
          final = running
            ? this.#continues(step.value, context, slot)
            : this.#reply(step.value, context, slot);
        } else if (!running && (step.value === undefined || step.value === null)) {
          // Returned nothing: the value held back is the final reply ({} once it was sent).
          final = this.#reply(hasHeld ? held : undefined, context, slot);
        } else {
          // A value (or a return value) follows the one held back: that one continues.
          if (hasHeld) final = this.#continues(held, context, slot);
          held = step.value;
          hasHeld = true;
          if (!running) final ??= this.#reply(step.value, context, slot);
        }
      }
    } catch (error) {
      running = false;
      final = (hasHeld ? this.#continues(held, context, slot) : undefined) ?? this.#fail(error, context);
    }
    if (running) void iterator.return?.()?.catch(() => {});
    slot.stream = undefined;
    slot.frames = final;
    slot.done = true;
    this.#pump();
  }

  /**
   * Sends a `continues` reply. Returns the error frame that must end the stream instead when
   * the value cannot be sent.
   */
  #continues(parameters: unknown, context: CallContext, slot: Slot): string | undefined {
    const json = encodeParameters(parameters, slot);
    if (typeof json !== "string") return this.#fail(json, context);
    this.#write(`{"parameters":${json},"continues":true}\0`);
    return undefined;
  }

  #write(frame: string): void {
    if (!this.#closed && !this.#connection.sendText(frame)) this.#blocked();
  }

  #blocked(): void {
    this.#writeBlocked = true;
    this.#connection.pauseReading();
  }

  #drained(): void {
    this.#writeBlocked = false;
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
    this.#pump();
  }

  #maybeEnd(): void {
    if (this.#handedOver) return;
    if (this.#watch !== undefined && this.#pending() === 0) this.#watch.stop();
    if (
      (this.#closing || (this.#peerEnded && !this.#connection.hasHeldFrames)) &&
      !this.#closed &&
      this.#pending() === 0
    ) {
      this.#connection.end();
    }
  }

  /**
   * Confirms an `upgrade` call with `parameters`: the reply is written in its turn, then the
   * connection is handed over (see {@link CallContext.acceptUpgrade}).
   */
  acceptUpgrade(slot: Slot | undefined, parameters: object | undefined): Promise<Duplex> {
    const waiter = slot?.upgrade;
    if (slot === undefined || waiter === undefined) {
      return Promise.reject(new TypeError("acceptUpgrade(): the call did not set 'upgrade'"));
    }
    if (waiter.accepted || slot.done) {
      return Promise.reject(new TypeError("acceptUpgrade(): the call is already answered"));
    }
    if (this.#closed) return Promise.reject(new Error("connection closed"));
    const json = encodeParameters(parameters, slot);
    if (typeof json !== "string") {
      this.#settle(slot, this.#fail(json, slot.context as CallContext));
      return Promise.reject(new TypeError("acceptUpgrade(): the reply parameters cannot be sent"));
    }
    return new Promise<Duplex>((resolve, reject) => {
      waiter.resolve = resolve;
      waiter.reject = reject;
      slot.frames = `{"parameters":${json}}\0`;
      slot.done = true;
      waiter.accepted = true;
      this.#pump();
    });
  }

  /**
   * The answer of an `upgrade` call was just written. An error leaves a Varlink connection:
   * reading resumes. A reply confirmed the upgrade: from here on the connection carries raw
   * bytes, so it is handed to the handler that accepted (or, when the handler just returned a
   * reply, closed: nobody owns the upgraded stream). Returns true when the connection is no
   * longer ours.
   */
  #upgraded(waiter: UpgradeWaiter, frame: string): boolean {
    this.#upgrading = false;
    // Our error frames are the only answers that start with "error" (see errorFrame).
    if (frame.startsWith('{"error"')) return false;
    this.#handedOver = true;
    if (!waiter.accepted || this.#closed) {
      this.#connection.release();
      this.#connection.end();
      waiter.reject?.(new Error("connection closed"));
      return true;
    }
    // Not now: a handler that accepts at once runs inside the upgrade call's own frame
    // callback, before the decoder has set aside the bytes after it.
    queueMicrotask(() => {
      let stream: Duplex;
      try {
        stream = takeOver(this.#connection);
      } catch (error) {
        waiter.reject?.(error as Error);
        return;
      }
      stream.once("close", () => this.#onClose());
      waiter.resolve?.(stream);
    });
    return true;
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#watch?.stop();
    // An accepted upgrade whose reply was not written yet will never be: tell its handler.
    for (const slot of this.#slots.drain()) slot.upgrade?.reject?.(new Error("connection closed"));
    this.#abort?.abort(new Error("connection closed"));
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
    this.#dispatcher.closed(this);
    this.#resolveClosed();
  }
}
