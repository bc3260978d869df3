/**
 * The client side of one `more` call: an async iterator fed by the connection's reply queue.
 * @internal
 */
/** What the stream needs from its client. @internal */
export interface StreamHost {
  /** Sends the call (on first `next()`), registering `stream` to receive its replies. */
  start(stream: CallStream): void;
  /** The consumer caught up (buffer below the low-water mark): reading may resume. */
  resume(stream: CallStream): void;
}

/**
 * Replies of one `more` call. The call is sent when iteration starts. Breaking out of the loop
 * (`return()`), an abort or a timeout leave the entry in the client's queue as "abandoned": its
 * remaining replies are read and dropped, so the replies of later calls still match.
 * @internal
 */
export class CallStream implements AsyncIterableIterator<Record<string, unknown>> {
  /** True once the final reply (or an error) arrived: the entry has left the queue. */
  finished = false;
  /** True once the consumer is gone: replies are dropped. */
  abandoned = false;
  readonly #host: StreamHost;
  readonly #signal: AbortSignal | undefined;
  readonly #timeoutMs: number | undefined;
  readonly #lowWater: number;
  #started = false;
  #buffer: Record<string, unknown>[] = [];
  #error: unknown = undefined;
  #hasError = false;
  #waiter:
    | { resolve: (r: IteratorResult<Record<string, unknown>>) => void; reject: (e: unknown) => void }
    | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #onAbort: (() => void) | undefined;
  readonly #makeTimeoutError: () => Error;

  /** Fully-qualified method name. */
  readonly method: string;
  /** Call parameters, sent when iteration starts. */
  readonly parameters: object | undefined;

  constructor(
    method: string,
    parameters: object | undefined,
    host: StreamHost,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    lowWater: number,
    makeTimeoutError: () => Error,
  ) {
    this.method = method;
    this.parameters = parameters;
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

  next(): Promise<IteratorResult<Record<string, unknown>>> {
    if (!this.#started) {
      this.#started = true;
      if (this.#signal?.aborted) {
        this.finished = true;
        this.abandoned = true;
        return Promise.reject(this.#signal.reason);
      }
      if (this.#signal !== undefined) {
        const signal = this.#signal;
        this.#onAbort = () => this.#abandonWith(signal.reason);
        signal.addEventListener("abort", this.#onAbort, { once: true });
      }
      try {
        this.#host.start(this);
      } catch (error) {
        this.#cleanup();
        this.finished = true;
        this.abandoned = true;
        return Promise.reject(error);
      }
    }
    if (this.#buffer.length > 0) {
      const value = this.#buffer.shift() as Record<string, unknown>;
      if (this.#buffer.length === this.#lowWater) this.#host.resume(this);
      return Promise.resolve({ value, done: false });
    }
    if (this.#hasError) {
      this.#hasError = false;
      const error = this.#error;
      this.#error = undefined;
      return Promise.reject(error);
    }
    if (this.finished || this.abandoned) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
      this.#armTimer();
    });
  }

  return(): Promise<IteratorResult<Record<string, unknown>>> {
    this.#abandon();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** A reply arrived for this call. `last` when it ends the stream. @internal */
  push(parameters: Record<string, unknown>, last: boolean): void {
    if (last) this.#finish();
    if (this.abandoned) return;
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      this.#clearTimer();
      waiter.resolve({ value: parameters, done: false });
    } else {
      this.#buffer.push(parameters);
    }
  }

  /** The call failed (error reply, or connection lost). Ends the stream. @internal */
  fail(error: unknown): void {
    this.#finish();
    if (this.abandoned) return;
    this.abandoned = true;
    this.#deliverError(error);
  }

  #finish(): void {
    this.finished = true;
    this.#cleanupAbort();
  }

  #deliverError(error: unknown): void {
    this.#cleanup();
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.reject(error);
    } else {
      this.#hasError = true;
      this.#error = error;
    }
  }

  #abandonWith(reason: unknown): void {
    if (this.abandoned) return;
    this.abandoned = true;
    this.#buffer = [];
    this.#deliverError(reason);
    this.#host.resume(this);
  }

  #abandon(): void {
    if (!this.#started) {
      // Never iterated: the call is never sent.
      this.#started = true;
      this.finished = true;
    }
    if (this.abandoned && this.#buffer.length === 0) return;
    this.abandoned = true;
    this.#buffer = [];
    this.#hasError = false;
    this.#cleanup();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.resolve({ value: undefined, done: true });
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
