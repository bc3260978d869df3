/**
 * The client side of one `more` call: an async iterator fed by the connection's reply queue.
 * @internal
 */
import type { CallOptions } from "./client.js";
import { Fifo } from "../wire/fifo.js";

/** What the stream needs from its client. @internal */
export interface StreamHost {
  /** Sends the call (on first `next()`), registering `stream` to receive its replies. */
  start(stream: CallStream): void;
  /** The consumer caught up (buffer below the low-water mark): reading may resume. */
  resume(stream: CallStream): void;
}

type Result = IteratorResult<Record<string, unknown>>;

interface Waiter {
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

const DONE: Result = { value: undefined, done: true };

/**
 * Replies of one `more` call. The call is sent when iteration starts. Breaking out of the loop
 * (`return()`), an abort or a timeout leave the entry in the client's queue as "abandoned": its
 * remaining replies are read and dropped, so the replies of later calls still match. Several
 * `next()` calls may be pending at once; they are answered in order.
 * @internal
 */
export class CallStream implements AsyncIterableIterator<Record<string, unknown>> {
  /** True once the final reply (or an error) arrived: the entry has left the queue. */
  finished = false;
  /** True once the consumer is gone: replies are dropped. */
  abandoned = false;
  /** Fully-qualified method name. */
  readonly method: string;
  /** Call parameters, sent when iteration starts. */
  readonly parameters: object | undefined;
  /** The call's options (extensions to send, the reply observer). */
  readonly options: CallOptions | undefined;
  readonly #host: StreamHost;
  readonly #signal: AbortSignal | undefined;
  readonly #timeoutMs: number | undefined;
  readonly #lowWater: number;
  readonly #makeTimeoutError: () => Error;
  #started = false;
  readonly #buffer = new Fifo<Record<string, unknown>>();
  readonly #waiters = new Fifo<Waiter>();
  /** An error not yet thrown to the consumer (it gets the buffered replies first). */
  #error: { value: unknown } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #onAbort: (() => void) | undefined;

  constructor(
    method: string,
    parameters: object | undefined,
    options: CallOptions | undefined,
    host: StreamHost,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    lowWater: number,
    makeTimeoutError: () => Error,
  ) {
    this.method = method;
    this.parameters = parameters;
    this.options = options;
    this.#host = host;
    this.#signal = signal;
    this.#timeoutMs = timeoutMs;
    this.#lowWater = lowWater;
    this.#makeTimeoutError = makeTimeoutError;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Replies buffered and not yet consumed. */
  get buffered(): number {
    return this.#buffer.length;
  }

  next(): Promise<Result> {
    if (!this.#started) {
      const failure = this.#start();
      if (failure !== undefined) return Promise.reject(failure.value);
    }
    const value = this.#buffer.shift();
    if (value !== undefined) {
      if (this.#buffer.length === this.#lowWater) this.#host.resume(this);
      return Promise.resolve({ value, done: false });
    }
    if (this.#error !== undefined) {
      const error = this.#error.value;
      this.#error = undefined;
      return Promise.reject(error);
    }
    if (this.finished || this.abandoned) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      if (this.#timer === undefined) this.#armTimer();
    });
  }

  return(): Promise<Result> {
    if (!this.#started) {
      // Never iterated: the call is never sent.
      this.#started = true;
      this.finished = true;
    }
    this.#abandon();
    return Promise.resolve(DONE);
  }

  /** A reply arrived for this call. `last` when it ends the stream. @internal */
  push(parameters: Record<string, unknown>, last: boolean): void {
    if (last) this.#finish();
    if (this.abandoned) return;
    const waiter = this.#waiters.shift();
    if (waiter === undefined) {
      this.#buffer.push(parameters);
      return;
    }
    this.#clearTimer();
    waiter.resolve({ value: parameters, done: false });
    if (last) this.#endWaiters(undefined);
    else if (this.#waiters.length > 0) this.#armTimer();
  }

  /** The call failed (error reply, or connection lost). Ends the stream. @internal */
  fail(error: unknown): void {
    this.#finish();
    if (this.abandoned) return;
    this.abandoned = true;
    this.#throw(error);
  }

  /** Returns a rejection reason when the call cannot start. */
  #start(): { value: unknown } | undefined {
    this.#started = true;
    const signal = this.#signal;
    if (signal?.aborted) {
      this.finished = true;
      this.abandoned = true;
      return { value: signal.reason };
    }
    if (signal !== undefined) {
      this.#onAbort = () => this.#abandonWith(signal.reason);
      signal.addEventListener("abort", this.#onAbort, { once: true });
    }
    try {
      this.#host.start(this);
    } catch (error) {
      this.#cleanup();
      this.finished = true;
      this.abandoned = true;
      return { value: error };
    }
    return undefined;
  }

  #finish(): void {
    this.finished = true;
    this.#cleanupAbort();
  }

  /** Throws `error` to the consumer: to the first pending `next()`, or the next one. */
  #throw(error: unknown): void {
    this.#cleanup();
    if (this.#waiters.length > 0) this.#endWaiters(error);
    else this.#error = { value: error };
  }

  /** Settles every pending `next()`: the first rejects with `error` (if any), the rest are done. */
  #endWaiters(error: unknown): void {
    this.#clearTimer();
    const waiters = this.#waiters.drain();
    waiters.forEach((waiter, i) => {
      if (i === 0 && error !== undefined) waiter.reject(error);
      else waiter.resolve(DONE);
    });
  }

  #abandonWith(reason: unknown): void {
    if (this.abandoned) return;
    this.abandoned = true;
    this.#buffer.drain();
    this.#throw(reason);
    this.#host.resume(this);
  }

  #abandon(): void {
    this.abandoned = true;
    this.#buffer.drain();
    this.#error = undefined;
    this.#cleanup();
    this.#endWaiters(undefined);
    this.#host.resume(this);
  }

  #armTimer(): void {
    if (this.#timeoutMs === undefined) return;
    this.#timer = setTimeout(() => this.#abandonWith(this.#makeTimeoutError()), this.#timeoutMs);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #cleanupAbort(): void {
    if (this.#onAbort !== undefined) this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#onAbort = undefined;
  }

  #cleanup(): void {
    this.#clearTimer();
    this.#cleanupAbort();
  }
}
