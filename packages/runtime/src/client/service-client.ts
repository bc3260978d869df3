/**
 * The client for service-to-service calls: one target (an address, a list of addresses, or an
 * {@link EndpointSource}), a {@link ConnectionPool} and a health tracker (circuit breaker) per
 * endpoint, a {@link Balancer} picking the endpoint of each call, and an interceptor chain
 * (the user's, then retries) around it all. What generated clients' `connect()` uses.
 */
import type { BackoffOptions } from "./backoff.js";
import type { VarlinkCaller } from "./caller.js";
import { type CallOptions, type ClientOptions, clientInterceptors } from "./client.js";
import { ALWAYS_HEALTHY, type EndpointHealth } from "./endpoint-health.js";
import type { Balancer, EndpointSource, EndpointView } from "./endpoints.js";
import type { RefreshableSource } from "./discovery/watch.js";
import { type InterceptedCalls, interceptedCalls, optionsOf } from "./intercepted.js";
import {
  type ClientInterceptor,
  type ClientRequest,
  type ClientResponse,
  chainInterceptors,
} from "./interceptor.js";
import { ConnectionPool, type PoolOptions } from "./pool.js";
import { HttpCaller } from "./http-caller.js";
import { isHttpUrl } from "../transports/url-address.js";
import { leastOutstanding } from "./balancing/least-outstanding.js";
import { roundRobin } from "./balancing/round-robin.js";
import { parseTarget } from "./discovery/target.js";
import { type BreakerOptions, CircuitBreaker } from "./resilience/breaker.js";
import { type RetryOptions, retryInterceptor } from "./resilience/retry.js";
import { ConnectionError, NoEndpointError, TimeoutError, VarlinkError } from "../errors.js";
import { CONNECTION_ID } from "../observability/connection-observer.js";

/** Options of a {@link ServiceClient}; the connection options apply to every connection. */
export interface ServiceClientOptions extends ClientOptions {
  /**
   * Where the endpoints come from (default: `parseTarget(target)`: an address, a comma-separated
   * list, `dns:`, `dns+srv:` or `resolver:`; see docs/runtime.md "Discovery").
   */
  endpoints?: EndpointSource;
  /** Picks the endpoint of each call (default `"round-robin"`; `"least-outstanding"`: power of two choices). */
  balancer?: Balancer | "round-robin" | "least-outstanding";
  /** Retries of transient failures (default: B's defaults; `false`: none). Runs inside `interceptors`. */
  retry?: RetryOptions | false;
  /** A circuit breaker per endpoint (default: B's defaults; `false`: none). */
  breaker?: BreakerOptions | false;
  /** See `PoolOptions.maxConnections` (default 8). */
  maxConnectionsPerEndpoint?: number;
  /** See `PoolOptions.maxPendingCalls` (default 1024, per endpoint). */
  maxPendingCalls?: number;
  /** See `PoolOptions.pipelining` (default false). */
  pipelining?: boolean;
  /** Backoff between failed connection attempts to one endpoint (defaults 100 ms, at most 10 s). */
  reconnect?: BackoffOptions;
  /** See `PoolOptions.idleTimeoutMs` (default 30 s). */
  idleTimeoutMs?: number;
  /** See `PoolOptions.connectTimeoutMs` (default 20 s). */
  connectTimeoutMs?: number;
  /**
   * An endpoint that leaves the source's list drains (see `ConnectionPool.drain`): its calls in
   * flight may take this long to finish before its pool closes (default `idleTimeoutMs`, 30 s).
   */
  drainTimeoutMs?: number;
  /** See `PoolOptions.connector` (tests). @internal */
  connector?: NonNullable<PoolOptions["connector"]>;
}

/** One endpoint: its connections, its health, and the view balancers see. */
interface Endpoint extends EndpointView {
  /** Its connections; for an http(s):// base URL (simple HTTP mode) an {@link HttpCaller}. */
  readonly pool: ConnectionPool | HttpCaller;
  readonly health: EndpointHealth;
  /** Did its last call fail (connection, timeout)? When all have, the source is asked again. */
  failing: boolean;
}

/** The balancer an option names. */
function balancerOf(option: ServiceClientOptions["balancer"]): Balancer {
  if (typeof option === "object") return option;
  return option === "least-outstanding" ? leastOutstanding() : roundRobin();
}

/** The health tracker of a new endpoint: a circuit breaker, unless `breaker: false`. */
function healthOf(option: BreakerOptions | false | undefined): EndpointHealth {
  return option === false ? ALWAYS_HEALTHY : new CircuitBreaker(option);
}

/** The interceptors the `retry` option adds inside the user's. */
function retryInterceptors(option: RetryOptions | false | undefined): readonly ClientInterceptor[] {
  return option === false ? [] : [retryInterceptor(option)];
}

/**
 * What a failed call says about its endpoint: an error reply proves it alive (`"success"`); a
 * lost or refused connection, a connect that did not complete in time (`connectTimeoutMs`, or
 * the call's timeout while only a connect was pending) or a timeout on a written call is a
 * `"failure"`; the caller's abort, a local error (not a `VarlinkError`: a bad parameter, a frame
 * too large) and this client's own overload (queue full, every connection busy: never written)
 * say nothing (`"none"`: the breaker's trial slot is only released).
 */
function verdict(error: unknown, signal: AbortSignal | undefined): "success" | "failure" | "none" {
  if (signal?.aborted === true || !(error instanceof VarlinkError)) return "none";
  switch (error.kind) {
    case "remote":
      return "success";
    case "circuit-open":
    case "pool-exhausted":
      return "none";
    case "timeout":
      return error.written || error.cause instanceof ConnectionError ? "failure" : "none";
    default:
      return "failure";
  }
}

/** Reports a failed call's {@link verdict} to its endpoint's health. */
function report(health: EndpointHealth, error: unknown, signal: AbortSignal | undefined): void {
  const outcome = verdict(error, signal);
  if (outcome === "failure") health.failure();
  else if (outcome === "success") health.success();
  else health.release();
}

/**
 * A Varlink client over one service's endpoints, implementing {@link VarlinkCaller} like
 * `VarlinkClient`. `new` is lazy (no connection until the first call); {@link ServiceClient.connect}
 * connects first. See docs/runtime.md "Service client".
 */
export class ServiceClient implements VarlinkCaller {
  /** The target as given. */
  readonly target: string;
  readonly #options: ServiceClientOptions;
  readonly #poolOptions: PoolOptions;
  readonly #balancer: Balancer;
  readonly #endpoints = new Map<string, Endpoint>();
  /** Pools of endpoints gone from the source, finishing their calls (closed by `close()`). */
  readonly #draining = new Set<ConnectionPool | HttpCaller>();
  #current: readonly Endpoint[] = [];
  #known: Promise<void>;
  /** Settles `#known` (discovery answered, or the client closed before it did). */
  readonly #settleKnown: () => void;
  #sourceError: unknown;
  readonly #unsubscribe: () => void;
  /** `RefreshableSource.refresh` of the source (DNS, resolver), bound; undefined for static lists. */
  readonly #refresh: (() => void) | undefined;
  readonly #calls: InterceptedCalls;
  #closed = false;

  constructor(target: string, options: ServiceClientOptions = {}) {
    this.target = target;
    this.#options = options;
    this.#poolOptions = {
      ...options,
      ...(options.maxConnectionsPerEndpoint === undefined
        ? {}
        : { maxConnections: options.maxConnectionsPerEndpoint }),
    };
    this.#balancer = balancerOf(options.balancer);
    const interceptors = [...clientInterceptors(options), ...retryInterceptors(options.retry)];
    this.#calls = interceptedCalls(
      chainInterceptors(interceptors, (request) => this.#invoke(request)),
      target,
    );
    let known!: () => void;
    this.#known = new Promise((resolve) => (known = resolve));
    this.#settleKnown = known;
    const source: EndpointSource & Partial<RefreshableSource> = options.endpoints ?? parseTarget(target);
    this.#refresh = typeof source.refresh === "function" ? () => source.refresh?.() : undefined;
    this.#unsubscribe = source.subscribe(
      (addresses) => {
        this.#update(addresses);
        known();
      },
      (error) => {
        this.#sourceError = error;
        known();
      },
    );
  }

  /**
   * Creates the client and opens a connection to its first endpoint; rejects (like
   * `VarlinkClient.connect`) when it is unreachable or there is none.
   */
  static async connect(target: string, options: ServiceClientOptions = {}): Promise<ServiceClient> {
    const client = new ServiceClient(target, options);
    try {
      await client.#known;
      const first = client.#current[0];
      if (first === undefined) throw client.#noEndpoint();
      await first.pool.warm(options.signal);
    } catch (error) {
      await client.close();
      throw error;
    }
    return client;
  }

  /** The endpoints' addresses currently in use. */
  get addresses(): readonly string[] {
    return this.#current.map((endpoint) => endpoint.address);
  }

  /** See `VarlinkCaller.call`. */
  call(method: string, parameters?: object, options?: CallOptions): Promise<Record<string, unknown>> {
    return this.#calls.call(method, parameters, options);
  }

  /** See `VarlinkCaller.callMore`. */
  callMore(
    method: string,
    parameters?: object,
    options?: CallOptions,
  ): AsyncIterable<Record<string, unknown>> {
    return this.#calls.callMore(method, parameters, options);
  }

  /** See `VarlinkCaller.callOneway`. */
  callOneway(method: string, parameters?: object, options?: CallOptions): Promise<void> {
    return this.#calls.callOneway(method, parameters, options);
  }

  /** Stops discovery and closes every connection; waiting calls reject with `ConnectionError`. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#settleKnown(); // calls waiting for a first answer reject ("client closed")
    this.#unsubscribe();
    const pools = [...this.#endpoints.values()].map((endpoint) => endpoint.pool);
    pools.push(...this.#draining);
    this.#draining.clear();
    this.#endpoints.clear();
    this.#current = [];
    await Promise.all(pools.map((pool) => pool.close()));
  }

  /**
   * The endpoints changed: open pools for new ones; those gone get no new calls and their pools
   * drain (calls in flight finish, within `drainTimeoutMs`), so a rollout or a scale-down fails
   * nothing that was already sent.
   */
  #update(addresses: readonly string[]): void {
    if (this.#closed) return;
    this.#sourceError = undefined;
    const keep = new Set(addresses);
    for (const [address, endpoint] of this.#endpoints) {
      if (keep.has(address)) continue;
      this.#endpoints.delete(address);
      const pool = endpoint.pool;
      this.#draining.add(pool);
      void pool.drain().then(() => this.#draining.delete(pool));
    }
    this.#current = addresses.map((address) => {
      const known = this.#endpoints.get(address);
      if (known !== undefined) return known;
      const pool = isHttpUrl(address)
        ? new HttpCaller(address, this.#poolOptions)
        : new ConnectionPool(address, this.#poolOptions);
      const endpoint: Endpoint = {
        address,
        pool,
        health: this.#tracked(() => endpoint, healthOf(this.#options.breaker)),
        failing: false,
        get outstanding() {
          return pool.outstanding;
        },
      };
      this.#endpoints.set(address, endpoint);
      return endpoint;
    });
  }

  /**
   * `health`, also keeping `failing` of the endpoint: when every known endpoint's last call
   * failed, the source is told to look up again now (a service re-registered elsewhere, a DNS
   * record changed) instead of when its answer expires (RefreshableSource's contract).
   */
  #tracked(endpoint: () => Endpoint, health: EndpointHealth): EndpointHealth {
    return {
      available: () => health.available(),
      admit: () => health.admit(),
      success: () => {
        endpoint().failing = false;
        health.success();
      },
      failure: () => {
        endpoint().failing = true;
        health.failure();
        if (this.#current.every((known) => known.failing)) this.#refresh?.();
      },
      release: () => health.release(),
    };
  }

  /**
   * Waits for discovery's first answer, within the call's `timeoutMs` (`TimeoutError`, not
   * written) and `signal` (its reason): a slow DNS server must not hold a call past either.
   */
  async #discovered(request: ClientRequest): Promise<void> {
    const { signal, timeoutMs } = request;
    if (signal?.aborted === true) throw signal.reason;
    if (signal === undefined && timeoutMs === undefined) return this.#known;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        void this.#known.then(resolve);
        if (timeoutMs !== undefined) {
          const message = `${this.target}: no endpoint known within ${timeoutMs} ms (discovery)`;
          timer = setTimeout(() => reject(new TimeoutError(message, { written: false })), timeoutMs);
        }
        if (signal !== undefined) {
          onAbort = () => reject(signal.reason);
          signal.addEventListener("abort", onAbort, { once: true });
        }
      });
    } finally {
      clearTimeout(timer);
      if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
    }
  }

  #noEndpoint(): NoEndpointError {
    const cause = this.#sourceError;
    if (this.#current.length === 0) {
      const why = cause instanceof Error ? `: ${cause.message}` : "";
      return new NoEndpointError(`${this.target}: no endpoint known${why}`, { cause });
    }
    return new NoEndpointError(
      `${this.target}: all ${this.#current.length} endpoints are ejected (circuit open)`,
    );
  }

  /** The innermost step of the chain: picks an endpoint and makes the call on its pool. */
  async #invoke(request: ClientRequest): Promise<ClientResponse> {
    // Retries send the same request (and values) again: an attempt that fails before a
    // connection is picked must not keep the previous attempt's connection id.
    request.values.delete(CONNECTION_ID);
    await this.#discovered(request);
    if (this.#closed) throw new ConnectionError(`${this.target}: client closed`, { written: false });
    const available = this.#current.filter((endpoint) => endpoint.health.available());
    const first = this.#current[0];
    if (first === undefined) throw this.#noEndpoint();
    // Every breaker open: the first one's admit() throws its CircuitOpenError (or, just become
    // half-open, lets this call through as its trial).
    const endpoint = available.length === 0 ? first : (this.#balancer.pick(available) as Endpoint);
    const { pool, health } = endpoint;
    health.admit();
    const options = optionsOf(request);
    const peer = endpoint.address;
    const served = (id: number): void => void request.values.set(CONNECTION_ID, id);
    const outcome = (error: unknown): never => {
      report(health, error, request.signal);
      throw error;
    };
    switch (request.kind) {
      case "call": {
        const parameters = await pool
          .call(request.method, request.parameters, options, served)
          .catch(outcome);
        health.success();
        return { kind: "call", parameters, peer };
      }
      case "oneway":
        await pool.callOneway(request.method, request.parameters, options, served).catch(outcome);
        health.success();
        return { kind: "oneway", peer };
      case "more":
        return {
          kind: "more",
          replies: watched(
            pool.callMore(request.method, request.parameters, options, served),
            health,
            request.signal,
          ),
          peer,
        };
    }
  }
}

/** A stream that reports its endpoint's health once: at its first reply, its end, or its failure. */
async function* watched(
  replies: AsyncIterable<Record<string, unknown>>,
  health: EndpointHealth,
  signal: AbortSignal | undefined,
): AsyncGenerator<Record<string, unknown>> {
  let reported = false;
  try {
    for await (const reply of replies) {
      if (!reported) health.success();
      reported = true;
      yield reply;
    }
  } catch (error) {
    if (!reported) report(health, error, signal);
    reported = true;
    throw error;
  } finally {
    if (!reported) health.success();
  }
}
