/**
 * Connections to ONE address, so that one slow call does not delay another. Varlink answers the
 * calls of a connection in order, so the pool gives each call a connection that owes no reply:
 * an idle one, else a new one (up to `maxConnections`), else the call waits in a bounded queue
 * for one to free up, or, only when the caller asked for pipelining, goes behind the calls of
 * the least-loaded connection. See docs/runtime.md "Connections" for the model and its cost.
 */
import { type BackoffOptions, backoffDelay } from "./backoff.js";
import { type CallOptions, type ClientOptions, VarlinkClient } from "./client.js";
import { ConnectionError, PoolExhaustedError, TimeoutError } from "../errors.js";
import { Fifo } from "../wire/fifo.js";

/** Options of a {@link ConnectionPool}; the connection options apply to each connection. */
export interface PoolOptions extends Omit<ClientOptions, "interceptors" | "signal" | "logger" | "logging"> {
  /**
   * Connections open at most (default 8). Each costs a socket and, on the server, a connection
   * slot; 8 covers the concurrency of a typical caller while staying far below servers' limits
   * (our server's default `maxConnections` is in the thousands, systemd's per-UID limit 128).
   */
  maxConnections?: number;
  /**
   * Calls waiting for a connection at most (default 1024); one more rejects with
   * {@link PoolExhaustedError}. Waiting calls hold only memory; the bound turns a peer that
   * stopped answering into errors instead of a queue that grows without end.
   */
  maxPendingCalls?: number;
  /**
   * When every connection is busy and none may be opened, send the call behind the calls of the
   * least-loaded connection instead of waiting (default false: it may wait behind a slow call).
   */
  pipelining?: boolean;
  /** Backoff between failed connection attempts (full jitter; defaults 100 ms, at most 10 s). */
  reconnect?: BackoffOptions;
  /** An idle connection beyond `keepIdle` closes after this long (default 30 s). */
  idleTimeoutMs?: number;
  /**
   * A connect (with a TLS handshake, if any) not done after this long fails with a
   * `ConnectionError` (`written: false`) and counts as a failed attempt (default 20 s, as
   * gRPC's): a blackholed address must not hold calls until the OS gives up (minutes).
   */
  connectTimeoutMs?: number;
  /**
   * {@link ConnectionPool.drain} closes the pool after this long even if calls are still in
   * flight (they then fail with `ConnectionError`; default `idleTimeoutMs`, 30 s).
   */
  drainTimeoutMs?: number;
  /** Idle connections kept open however long they idle (default 1). */
  keepIdle?: number;
  /**
   * Opens one connection (default `VarlinkClient.connect`); tests inject one that never
   * completes, as a blackholed address does. @internal
   */
  connector?: (address: string, options: ClientOptions) => Promise<VarlinkClient>;
  /** Jitter source of the backoff (tests). */
  random?: () => number;
  /** Clock of the backoff (tests). */
  now?: () => number;
}

/**
 * Told the number of the connection a call was given to (`VarlinkClient.connectionId`): how a
 * service client learns which pooled connection served a call, for its call log.
 */
export type Served = (connectionId: number) => void;

/** One connection of the pool. */
interface Member {
  readonly client: VarlinkClient;
  /** A call on it timed out or was aborted: pipelining skips it until it owes nothing. */
  stalled: boolean;
  /** Handed to a call that has not been written yet (the client does not count it). */
  reserved: boolean;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Closed by the pool to make room for waiting calls (set aside, its reply never came). */
  reclaimed: boolean;
}

/** A call waiting for a connection. */
interface Waiter {
  resolve: (member: Member) => void;
  reject: (error: unknown) => void;
  /** Removes its timer and abort listener. */
  cleanup: () => void;
  done: boolean;
}

/**
 * A pool of connections to one Varlink address; the building block of `ServiceClient`, usable
 * on its own. Lazy: the first call opens the first connection.
 */
export class ConnectionPool {
  /** The address every connection goes to. */
  readonly address: string;
  readonly #options: PoolOptions;
  readonly #max: number;
  readonly #maxPending: number;
  readonly #members = new Set<Member>();
  /** Connections owing nothing, most recently freed last (taken from the end: LIFO). */
  readonly #idle: Member[] = [];
  /** Calls waiting for a connection, in order; given-up ones stay until shifted or compacted. */
  readonly #waiters = new Fifo<Waiter>();
  /** Waiters not given up (timeout, abort): what counts against `maxPendingCalls`. */
  #waiting = 0;
  #connecting = 0;
  /** Consecutive failed connection attempts; the next waits until `#retryAt`. */
  #failures = 0;
  #retryAt = 0;
  #lastError: unknown;
  #closed = false;
  /** Set-aside connections (a call gave up, its reply is still owed), oldest first. */
  readonly #setAside = new Set<Member>();
  /** Set-aside connections closed for waiting calls whose close has not been seen yet. */
  #reclaiming = 0;
  /** Calls `#grow` again once the backoff after a failed connect has passed. */
  #regrowTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set by {@link ConnectionPool.drain}: the pool closes once nothing is outstanding. */
  #draining = false;
  #drain: Promise<void> | undefined;
  /** Resolves `#drain` (the pool has closed). */
  #drainEnded: (() => void) | undefined;
  /** Closes a draining pool at `drainTimeoutMs` whatever is still in flight. */
  #drainTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(address: string, options: PoolOptions = {}) {
    this.address = address;
    // A service client's options hold interceptors, a signal and a logger: they are its, not
    // each connection's (its observer is each connection's: bytes and connections are counted there).
    const {
      interceptors: _interceptors,
      signal: _signal,
      logger: _logger,
      logging: _logging,
      ...connection
    } = options as ClientOptions & PoolOptions;
    // An `exec:` connection is a spawned service of its own: one, pipelined, as before pools.
    const exec = address.startsWith("exec:");
    this.#options = exec ? { ...connection, pipelining: true } : connection;
    this.#max = exec ? 1 : Math.max(1, options.maxConnections ?? 8);
    this.#maxPending = Math.max(0, options.maxPendingCalls ?? 1024);
  }

  /** Calls on their way or waiting here: owed replies plus queued calls (for balancing). */
  get outstanding(): number {
    let owed = this.#waiting;
    for (const member of this.#members) owed += member.client.owed + (member.reserved ? 1 : 0);
    return owed;
  }

  /** Open connections (idle or busy). */
  get size(): number {
    return this.#members.size;
  }

  /** True while connecting is backing off after a failure: calls fail fast. */
  get backingOff(): boolean {
    return this.#members.size === 0 && this.#failures > 0 && this.#now() < this.#retryAt;
  }

  /** Opens one connection now (eager clients); rejects like `VarlinkClient.connect`. */
  async warm(signal?: AbortSignal): Promise<void> {
    if (this.#members.size > 0) return;
    const member = await this.#open(signal);
    this.#free(member);
  }

  /** See `VarlinkClient.call`. The reply is awaited on a connection that owes no other reply. */
  async call(
    method: string,
    parameters?: object,
    options?: CallOptions,
    served?: Served,
  ): Promise<Record<string, unknown>> {
    const started = options?.timeoutMs === undefined ? 0 : this.#now();
    const member = await this.#acquire(method, options);
    member.reserved = false;
    served?.(member.client.connectionId);
    const sent = this.#remaining(options, started);
    try {
      return await member.client.call(method, parameters, sent);
    } catch (error) {
      this.#gaveUp(member, error, options);
      throw error;
    } finally {
      this.#settled(member);
    }
  }

  /**
   * See `VarlinkClient.callMore`. The stream holds its connection until it ends; left early
   * (break, abort, timeout) while the server still streams, its connection is closed (without
   * pipelining) rather than kept reading replies nobody wants.
   */
  callMore(
    method: string,
    parameters?: object,
    options?: CallOptions,
    served?: Served,
  ): AsyncIterable<Record<string, unknown>> {
    const acquire = (): Promise<Member> => this.#acquire(method, options);
    const settled = (member: Member): void => this.#settled(member);
    const putAside = (member: Member): void => this.#putAside(member);
    const pipelining = this.#options.pipelining === true;
    return (async function* () {
      const member = await acquire();
      member.reserved = false;
      served?.(member.client.connectionId);
      let ended = false;
      try {
        for await (const reply of member.client.callMore(method, parameters, options)) yield reply;
        ended = true;
      } catch (error) {
        ended = !(error instanceof TimeoutError) && options?.signal?.aborted !== true;
        throw error;
      } finally {
        if (!ended && member.client.owed > 0) {
          if (pipelining) putAside(member);
          else void member.client.close();
        }
        settled(member);
      }
    })();
  }

  /** See `VarlinkClient.callOneway`: written on any open connection (no reply is owed). */
  async callOneway(
    method: string,
    parameters?: object,
    options?: CallOptions,
    served?: Served,
  ): Promise<void> {
    let least: Member | undefined;
    for (const member of this.#members) {
      if (member.client.closed) continue;
      if (least === undefined || member.client.owed < least.client.owed) least = member;
    }
    if (least !== undefined && !this.#draining) {
      served?.(least.client.connectionId);
      return least.client.callOneway(method, parameters, options);
    }
    const member = await this.#acquire(method, options);
    member.reserved = false;
    served?.(member.client.connectionId);
    try {
      await member.client.callOneway(method, parameters, options);
    } finally {
      this.#settled(member);
    }
  }

  /**
   * Closes the pool gracefully (its endpoint left discovery): new calls reject at once with
   * {@link ConnectionError} (`written: false`, safe to send elsewhere), calls in flight and
   * those already waiting for a connection go on, and once none is left the pool closes, or
   * after `drainTimeoutMs` at the latest (what is still in flight then fails, as on `close()`).
   * Resolves when it has closed; calling it again returns the same promise.
   */
  drain(): Promise<void> {
    if (this.#drain !== undefined) return this.#drain;
    if (this.#closed) return (this.#drain = Promise.resolve());
    this.#drain = new Promise<void>((resolve) => (this.#drainEnded = resolve));
    this.#draining = true;
    const limitMs = this.#options.drainTimeoutMs ?? this.#options.idleTimeoutMs ?? 30_000;
    this.#drainTimer = setTimeout(() => void this.close(), limitMs);
    this.#drainTimer.unref?.();
    this.#quiet();
    return this.#drain;
  }

  /** Closes every connection; waiting calls and later ones reject with {@link ConnectionError}. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#regrowTimer !== undefined) clearTimeout(this.#regrowTimer);
    this.#regrowTimer = undefined;
    if (this.#drainTimer !== undefined) clearTimeout(this.#drainTimer);
    this.#drainTimer = undefined;
    this.#failWaiters(new ConnectionError(`pool for ${this.address} closed`, { written: false }));
    const members = [...this.#members];
    this.#members.clear();
    this.#idle.length = 0;
    await Promise.all(
      members.map((member) => {
        if (member.idleTimer !== undefined) clearTimeout(member.idleTimer);
        return member.client.close();
      }),
    );
    this.#drainEnded?.();
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  /**
   * Draining and no call left that someone waits for (no waiting or reserved call, no owed
   * reply but those of set-aside connections without pipelining: their callers gave up): close.
   */
  #quiet(): void {
    if (!this.#draining || this.#closed || this.#waiting > 0) return;
    const pipelining = this.#options.pipelining === true;
    for (const member of this.#members) {
      if (member.reserved) return;
      if (member.client.owed > 0 && (pipelining || !this.#setAside.has(member))) return;
    }
    void this.close();
  }

  /** The options a call is written with: its timeout less the time it waited for a connection. */
  #remaining(options: CallOptions | undefined, started: number): CallOptions | undefined {
    const timeoutMs = options?.timeoutMs;
    if (timeoutMs === undefined || options === undefined) return options;
    const waited = this.#now() - started;
    return waited <= 0 ? options : { ...options, timeoutMs: Math.max(1, timeoutMs - waited) };
  }

  /** A call gave up on its connection (timeout, abort): pipelining avoids it while it owes. */
  #gaveUp(member: Member, error: unknown, options: CallOptions | undefined): void {
    if (error instanceof TimeoutError || options?.signal?.aborted === true) this.#putAside(member);
  }

  /** `member` owes a reply nobody waits for: not reused until it arrives (or it is reclaimed). */
  #putAside(member: Member): void {
    member.stalled = true;
    if (member.client.owed === 0 || member.client.closed) return;
    this.#setAside.add(member);
    this.#grow();
    this.#quiet();
  }

  /**
   * Calls wait and no connection may be opened: close set-aside connections, oldest first, one
   * per waiting call, so that a server that never answers some calls cannot wedge the pool (a
   * set-aside connection is never reused while its reply is owed, so closing is the only way to
   * get its slot back).
   */
  #reclaim(): void {
    while (
      this.#setAside.size > 0 &&
      this.#waiting > this.#connecting + this.#reclaiming &&
      this.#members.size - this.#reclaiming + this.#connecting >= this.#max
    ) {
      const [oldest] = this.#setAside;
      if (oldest === undefined) return;
      this.#setAside.delete(oldest);
      oldest.reclaimed = true;
      this.#reclaiming++;
      void oldest.client.close();
    }
  }

  /** A connection for one call (the call is written right after, synchronously). */
  #acquire(method: string, options: CallOptions | undefined): Promise<Member> {
    if (this.#closed) {
      return Promise.reject(new ConnectionError(`pool for ${this.address} closed`, { written: false }));
    }
    if (this.#draining) {
      return Promise.reject(
        new ConnectionError(`pool for ${this.address} is draining (endpoint removed)`, { written: false }),
      );
    }
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const idle = this.#takeIdle();
    if (idle !== undefined) return Promise.resolve(idle);
    if (this.backingOff) return Promise.reject(this.#backoffError());
    if (this.#options.pipelining === true && this.#members.size + this.#connecting >= this.#max) {
      const least = this.#leastLoaded();
      if (least !== undefined) return Promise.resolve(least);
    }
    if (this.#waiting >= this.#maxPending) {
      return Promise.reject(
        new PoolExhaustedError(
          `${method}: ${this.#waiting} calls already wait for a connection to ${this.address} (maxPendingCalls)`,
        ),
      );
    }
    return new Promise<Member>((resolve, reject) => {
      const waiter = this.#wait(method, resolve, reject, signal, options?.timeoutMs);
      this.#waiters.push(waiter);
      this.#waiting++;
      this.#grow();
    });
  }

  #wait(
    method: string,
    resolve: (member: Member) => void,
    reject: (error: unknown) => void,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
  ): Waiter {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const giveUp = (reason: unknown): void => {
      if (waiter.done) return;
      this.#leave(waiter);
      reject(reason);
    };
    const onAbort = (): void => giveUp(signal?.reason);
    const waiter: Waiter = {
      done: false,
      resolve: (member) => {
        this.#leave(waiter);
        resolve(member);
      },
      reject: giveUp,
      cleanup: () => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      },
    };
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => giveUp(this.#waitTimeout(method, timeoutMs)), timeoutMs);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    return waiter;
  }

  /**
   * The error of a call that waited `timeoutMs` for a connection. With none open and one being
   * opened, it waited for a connect that did not complete: its cause says so (an endpoint
   * failure for the service client's health); otherwise every connection was busy (this
   * client's own load).
   */
  #waitTimeout(method: string, timeoutMs: number): TimeoutError {
    const message = `${method}: no connection to ${this.address} within ${timeoutMs} ms`;
    if (this.#members.size > 0 || this.#connecting === 0)
      return new TimeoutError(message, { written: false });
    const cause = new ConnectionError(
      `connecting to ${this.address} did not complete within ${timeoutMs} ms`,
      {
        written: false,
      },
    );
    return new TimeoutError(`${message} (connecting)`, { cause, written: false });
  }

  /** `waiter` is answered or gave up; many given up while nothing frees: drop them from the queue. */
  #leave(waiter: Waiter): void {
    waiter.done = true;
    waiter.cleanup();
    this.#waiting--;
    if (this.#draining) queueMicrotask(() => this.#quiet());
    if (this.#waiters.length > 2 * this.#waiting + 32) {
      for (const w of this.#waiters.drain()) if (!w.done) this.#waiters.push(w);
    }
  }

  #takeIdle(): Member | undefined {
    for (let member = this.#idle.pop(); member !== undefined; member = this.#idle.pop()) {
      if (member.idleTimer !== undefined) clearTimeout(member.idleTimer);
      member.idleTimer = undefined;
      if (member.client.closed || member.client.owed > 0) continue;
      member.client.keepAlive(true);
      member.reserved = true;
      return member;
    }
    return undefined;
  }

  #leastLoaded(): Member | undefined {
    let least: Member | undefined;
    for (const member of this.#members) {
      if (member.stalled || member.client.closed) continue;
      if (least === undefined || member.client.owed < least.client.owed) least = member;
    }
    return least;
  }

  /** Opens connections for waiting calls, within the bounds and the backoff. */
  #grow(): void {
    while (
      !this.#closed &&
      this.#waiting > this.#connecting &&
      this.#members.size + this.#connecting < this.#max &&
      !(this.#failures > 0 && this.#now() < this.#retryAt)
    ) {
      this.#open(undefined).then(
        (member) => this.#free(member),
        (error: unknown) => {
          // Calls wait for any connection; with none left to wait for, they fail now.
          if (this.#members.size === 0 && this.#connecting === 0) this.#failWaiters(error);
          // Otherwise they wait for a busy one or a new one, opened once the backoff passed.
          else this.#grow();
        },
      );
    }
    // Calls wait for a connection only the backoff holds back: try again once it has passed.
    const held = this.#waiting > this.#connecting && this.#members.size + this.#connecting < this.#max;
    if (held && this.#failures > 0 && this.#connecting === 0) this.#regrowLater();
    this.#reclaim();
  }

  /** One pending timer that calls `#grow` when `#retryAt` passes, while calls wait (unref'd). */
  #regrowLater(): void {
    if (this.#regrowTimer !== undefined || this.#closed || this.#waiting === 0) return;
    this.#regrowTimer = setTimeout(
      () => {
        this.#regrowTimer = undefined;
        this.#grow();
      },
      Math.max(1, this.#retryAt - this.#now()),
    );
    this.#regrowTimer.unref?.();
  }

  async #open(signal: AbortSignal | undefined): Promise<Member> {
    this.#connecting++;
    let client: VarlinkClient;
    try {
      client = await this.#connect(signal);
    } catch (error) {
      this.#connecting--;
      this.#failures++;
      this.#lastError = error;
      this.#retryAt =
        this.#now() + backoffDelay(this.#failures - 1, this.#options.reconnect, this.#options.random);
      throw error;
    }
    this.#connecting--;
    this.#failures = 0;
    const member: Member = {
      client,
      stalled: false,
      reserved: false,
      idleTimer: undefined,
      reclaimed: false,
    };
    if (this.#closed) {
      void client.close();
      throw new ConnectionError(`pool for ${this.address} closed`, { written: false });
    }
    this.#members.add(member);
    client.onDrained = () => this.#settled(member);
    void client.ended.then(() => this.#lost(member));
    return member;
  }

  /**
   * One connect, bounded by `connectTimeoutMs`: on expiry it is aborted (its signal) and the
   * attempt fails at once, even if the connector ignores the signal; a connection that still
   * arrives later is closed.
   */
  #connect(signal: AbortSignal | undefined): Promise<VarlinkClient> {
    const limitMs = this.#options.connectTimeoutMs ?? 20_000;
    const attempt = new AbortController();
    const onAbort = (): void => attempt.abort(signal?.reason);
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    const connecting = (this.#options.connector ?? VarlinkClient.connect)(this.address, {
      ...this.#options,
      signal: attempt.signal,
    });
    return new Promise<VarlinkClient>((resolve, reject) => {
      let expired = false;
      const timer = setTimeout(() => {
        expired = true;
        const error = new ConnectionError(
          `cannot connect to ${this.address}: not connected within ${limitMs} ms (connectTimeoutMs)`,
          { written: false },
        );
        attempt.abort(error);
        reject(error);
      }, limitMs);
      timer.unref?.();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      connecting.then(
        (client) => {
          done();
          if (expired) void client.close();
          else resolve(client);
        },
        (error: unknown) => {
          done();
          reject(error);
        },
      );
    });
  }

  /** A call on `member` ended on the caller's side, or its last owed reply arrived. */
  #settled(member: Member): void {
    if (member.reserved || member.client.owed > 0 || member.client.closed) return;
    if (!this.#members.has(member) || this.#idle.includes(member)) return;
    member.stalled = false;
    this.#setAside.delete(member);
    this.#free(member);
  }

  /** `member` owes nothing: give it to the first waiting call, or keep it idle. */
  #free(member: Member): void {
    for (let waiter = this.#waiters.shift(); waiter !== undefined; waiter = this.#waiters.shift()) {
      if (waiter.done) continue;
      member.reserved = true;
      waiter.resolve(member);
      return;
    }
    this.#idle.push(member);
    // Idle, it owes nothing: it must not keep the process alive (taken, it does again).
    member.client.keepAlive(false);
    this.#quiet();
    const keep = this.#options.keepIdle ?? 1;
    if (this.#idle.length <= keep) return;
    member.idleTimer = setTimeout(() => {
      member.idleTimer = undefined;
      const at = this.#idle.indexOf(member);
      if (at < 0 || this.#idle.length <= keep) return;
      this.#idle.splice(at, 1);
      void member.client.close();
    }, this.#options.idleTimeoutMs ?? 30_000);
    member.idleTimer.unref?.();
  }

  /** A connection closed (either side): forget it; its calls got `ConnectionError` from it. */
  #lost(member: Member): void {
    if (member.idleTimer !== undefined) clearTimeout(member.idleTimer);
    this.#members.delete(member);
    this.#setAside.delete(member);
    if (member.reclaimed) this.#reclaiming--;
    const at = this.#idle.indexOf(member);
    if (at >= 0) this.#idle.splice(at, 1);
    this.#quiet();
    if (this.#waiting === 0) return;
    this.#grow();
    if (this.#members.size === 0 && this.#connecting === 0) this.#failWaiters(this.#backoffError());
  }

  #backoffError(): ConnectionError {
    const last = this.#lastError;
    const why = last instanceof Error ? `: ${last.message}` : "";
    const wait = Math.max(0, this.#retryAt - this.#now());
    return new ConnectionError(`cannot connect to ${this.address}${why} (next attempt in ${wait} ms)`, {
      cause: last,
      written: false,
    });
  }

  #failWaiters(error: unknown): void {
    for (const waiter of this.#waiters.drain()) waiter.reject(error);
  }
}
