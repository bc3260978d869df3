/**
 * Client side of `org.varlink.codegen.auth` (docs/security.md, "Authentication"): with a token
 * provider, every new connection calls `Authenticate` before any other call is written on it,
 * and re-authenticates on the live connection ahead of the identity's expiry. A refused token
 * fails the connection attempt (the pool backs off, a service client's breaker counts it).
 * @internal
 */
import { VarlinkError, isVarlinkError } from "../errors.js";
import { AUTHENTICATE, AUTH_INTERFACE, AuthErrors } from "../wire/auth-interface.js";

/** A bearer token, and when it expires (ms since the epoch) when the provider knows. */
export interface Token {
  readonly token: string;
  readonly expiresAt?: number;
}

/**
 * `ClientOptions.tokenProvider`: a current token (e.g. from an OAuth 2.0 client-credentials
 * flow, cached). Called for each new connection and for each refresh.
 */
export type TokenProvider = () => Promise<string | Token>;

/** Default `ClientOptions.tokenRefreshAheadMs`: re-authenticate 30 s before the identity expires. */
export const DEFAULT_TOKEN_REFRESH_AHEAD_MS = 30_000;

/** The floor of the refresh delay: a token that (nearly) expired does not make a hot loop. */
const MIN_REFRESH_MS = 1000;

/**
 * `org.varlink.codegen.auth.AuthenticationFailed` as a client sees it: connecting failed because
 * the service refused the token (`kind: "connection"`: the attempt failed, nothing was called).
 */
export class AuthenticationError extends VarlinkError {
  constructor(address: string, cause: VarlinkError) {
    const refused =
      cause.error === AuthErrors.AuthenticationFailed || cause.error === AuthErrors.TooManyConnections;
    super(
      AuthErrors.AuthenticationFailed,
      {},
      {
        message: refused
          ? `${address}: the service refused the token (${cause.error})`
          : `${address}: cannot authenticate: the service answered ${cause.error} to ${AUTHENTICATE} (it does not implement ${AUTH_INTERFACE}?)`,
        cause,
        kind: "connection",
        written: false,
        transient: false,
      },
    );
  }
}

/**
 * How long to wait before refreshing an identity that expires at `expiresAt`: `ahead` ms before,
 * but at least half the time left and at least {@link MIN_REFRESH_MS}. Undefined: never (no
 * expiry, or already expired: the next connection asks the provider again).
 */
export function refreshDelay(expiresAt: number | undefined, now: number, ahead: number): number | undefined {
  if (expiresAt === undefined || !(expiresAt > now)) return undefined;
  const left = expiresAt - now;
  return Math.max(MIN_REFRESH_MS, left - ahead, left / 2);
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** What a session needs of its connection. */
export interface TokenHost {
  /** The call on this connection, bypassing interceptors. */
  call(method: string, parameters: object, signal?: AbortSignal): Promise<Record<string, unknown>>;
  /** A refresh failed: the connection is closed. */
  close(): void;
  /** For error messages. */
  readonly address: string;
}

/** The authentication of one client connection. @internal */
export class TokenSession {
  readonly #provider: TokenProvider;
  readonly #host: TokenHost;
  readonly #ahead: number;
  readonly #now: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(provider: TokenProvider, host: TokenHost, ahead?: number, now?: () => number) {
    this.#provider = provider;
    this.#host = host;
    this.#ahead = ahead ?? DEFAULT_TOKEN_REFRESH_AHEAD_MS;
    this.#now = now ?? Date.now;
  }

  /** Presents a fresh token on the connection; rejects with {@link AuthenticationError} when refused. */
  async authenticate(signal?: AbortSignal): Promise<void> {
    const given = await abortable(this.#provider(), signal);
    const { token, expiresAt } = typeof given === "string" ? { token: given, expiresAt: undefined } : given;
    if (typeof token !== "string") throw new TypeError("tokenProvider returned no token");
    let reply: Record<string, unknown>;
    try {
      reply = await this.#host.call(AUTHENTICATE, { token }, signal);
    } catch (error) {
      if (isVarlinkError(error) && error.kind === "remote")
        throw new AuthenticationError(this.#host.address, error);
      throw error;
    }
    const expires = typeof reply["expires"] === "number" ? reply["expires"] * 1000 : undefined;
    this.#schedule(expiresAt ?? expires);
  }

  /** The connection closed: no more refreshes. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(expiresAt: number | undefined): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const delay = refreshDelay(expiresAt, this.#now(), this.#ahead);
    if (delay === undefined || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // A refused refresh (or a provider that fails) ends the connection: its calls would soon be
      // PermissionDenied; a new connection asks the provider again.
      this.authenticate().catch(() => this.#host.close());
    }, delay);
    this.#timer.unref?.();
  }
}
