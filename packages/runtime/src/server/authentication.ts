/**
 * Server side of `org.varlink.codegen.auth` (docs/security.md, "Authentication"): the
 * `Authenticate` method verifies a bearer token once and binds its identity to the connection;
 * an interceptor, outermost, answers `org.varlink.service.PermissionDenied` to every other call
 * of a connection without a valid identity. A refused token closes the connection after its
 * reply; a connection that does not authenticate within `timeoutMs` is closed.
 * @internal
 */
import { emitWarning } from "node:process";
import { PermissionDeniedError } from "../errors.js";
import {
  AUTHENTICATE,
  AUTH_DESCRIPTION,
  AUTH_INTERFACE,
  AuthenticationFailedError,
  TooManyConnectionsError,
} from "../wire/auth-interface.js";
import type { CallContext, InterfaceDefinition } from "./definitions.js";
import type { IdentityLimit } from "./identity-limit.js";
import type { ServerCall, ServerInterceptor, ServerInvoke, ServerOutcome } from "./interceptor.js";
import type { Principal, TokenVerifier } from "./principal.js";
import { type ErrorReporter, report } from "./report.js";
import { type ServerConnection, connectionOf } from "./server-connection.js";

/** `ServerOptions.authentication`. */
export interface AuthenticationOptions {
  /** Checks a token and says whose it is (e.g. `jwtVerifier({...})` from `@varlink-codegen/runtime/jwt`). */
  verify: TokenVerifier;
  /**
   * A connection that has not authenticated this long after it was accepted is closed (default
   * 10 s; 0 or Infinity: never). Bounds what an anonymous peer can hold.
   */
  timeoutMs?: number;
  /**
   * Methods a connection may call before it authenticated (default: `org.varlink.service.GetInfo`
   * and `GetInterfaceDescription`, so generic tools can see that the service wants a token).
   * `Authenticate` itself always may.
   */
  unauthenticated?: readonly string[];
  /** The clock that expires identities, ms since the epoch (default `Date.now`; tests inject one). */
  now?: () => number;
}

/** Default `AuthenticationOptions.timeoutMs`. */
export const DEFAULT_AUTH_TIMEOUT_MS = 10_000;

const SERVICE_PUBLIC = ["org.varlink.service.GetInfo", "org.varlink.service.GetInterfaceDescription"];

/** What one connection's authentication is doing. */
interface State {
  /** An `Authenticate` in progress: calls read after it wait for its outcome. */
  pending: Promise<void> | undefined;
  /** A token was refused: the connection is closing; later `Authenticate` calls fail at once. */
  refused: boolean;
  /** Closes the connection unless it authenticates in time. */
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** The default operator report of a refused token: a process warning (type `VarlinkAuthenticationFailed`). */
const warnOnRefusal: ErrorReporter = (error, call) => {
  const detail = error instanceof Error ? error.message : String(error);
  emitWarning(`${call.method} refused a token`, { type: "VarlinkAuthenticationFailed", detail });
};

/** Authentication of one server's connections. @internal */
export class Authenticator {
  readonly #verify: TokenVerifier;
  readonly #timeoutMs: number;
  readonly #public: ReadonlySet<string>;
  readonly #now: () => number;
  readonly #report: ErrorReporter;
  readonly #limit: IdentityLimit<ServerConnection> | undefined;
  readonly #states = new Map<ServerConnection, State>();

  constructor(
    options: AuthenticationOptions,
    onError: ErrorReporter | undefined,
    limit: IdentityLimit<ServerConnection> | undefined,
  ) {
    if (typeof options.verify !== "function") throw new TypeError("authentication.verify must be a function");
    const ms = options.timeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;
    if (!(ms >= 0)) throw new RangeError(`bad authentication.timeoutMs: ${ms}`);
    this.#verify = options.verify;
    this.#timeoutMs = ms === Infinity ? 0 : ms;
    this.#public = new Set(options.unauthenticated ?? SERVICE_PUBLIC);
    this.#now = options.now ?? Date.now;
    this.#report = onError ?? warnOnRefusal;
    this.#limit = limit;
  }

  /** The `org.varlink.codegen.auth` interface to register. */
  definition(): InterfaceDefinition {
    return {
      name: AUTH_INTERFACE,
      description: AUTH_DESCRIPTION,
      methods: {
        Authenticate: {
          validateParameters: (p) =>
            typeof p["token"] === "string" ? [] : [{ path: "token", message: "expected a string" }],
          handler: (p, context) => this.#authenticate(p["token"] as string, context),
        },
      },
    };
  }

  /** A connection was accepted: start its clock. */
  opened(connection: ServerConnection): void {
    const state: State = { pending: undefined, refused: false, timer: undefined };
    if (this.#timeoutMs > 0) {
      state.timer = setTimeout(() => {
        state.timer = undefined;
        if (connection.principal === undefined) connection.destroy();
      }, this.#timeoutMs);
      state.timer.unref?.();
    }
    this.#states.set(connection, state);
  }

  /** A connection closed. */
  closed(connection: ServerConnection): void {
    const state = this.#states.get(connection);
    if (state?.timer !== undefined) clearTimeout(state.timer);
    this.#states.delete(connection);
  }

  /** The interceptor, outermost: no valid identity, no call (but the public ones). */
  readonly interceptor: ServerInterceptor = (next) => async (call) => {
    const connection = connectionOf(call.context);
    const state = connection === undefined ? undefined : this.#states.get(connection);
    if (call.method === AUTHENTICATE)
      return state === undefined ? await next(call) : await this.#queue(state, next, call);
    if (state?.pending !== undefined) await state.pending;
    const principal = call.context.principal;
    if (principal !== undefined && (principal.expiresAt === undefined || principal.expiresAt > this.#now())) {
      return await next(principal === call.principal ? call : { ...call, principal });
    }
    if (this.#public.has(call.method)) return await next(call);
    throw new PermissionDeniedError();
  };

  /**
   * Runs an `Authenticate` call after the one before it, and makes calls read after it wait for
   * its outcome. Registered here, as the call is read, not in the handler: interceptors inside
   * this one may await before they pass the call on.
   */
  async #queue(state: State, next: ServerInvoke, call: ServerCall): Promise<ServerOutcome> {
    const before = state.pending;
    const outcome = (async () => {
      if (before !== undefined) await before;
      return await next(call);
    })();
    const pending = outcome.then(
      () => undefined,
      () => undefined,
    );
    state.pending = pending;
    try {
      return await outcome;
    } finally {
      if (state.pending === pending) state.pending = undefined;
    }
  }

  async #authenticate(token: string, context: CallContext): Promise<object> {
    const connection = connectionOf(context);
    const state = connection === undefined ? undefined : this.#states.get(connection);
    if (connection === undefined || state === undefined) throw new AuthenticationFailedError();
    // A refused token already closes the connection: calls read behind it are neither verified nor reported.
    if (state.refused) throw new AuthenticationFailedError();
    let principal: Principal;
    try {
      principal = await this.#bounded(this.#verify(token, context.peer));
      if (typeof principal?.subject !== "string") throw new TypeError("the verifier returned no subject");
    } catch (error) {
      report(this.#report, error, context);
      return this.#refuse(connection, state, new AuthenticationFailedError());
    }
    // Closed while the verifier ran: its identity slot was released already, take none.
    if (this.#states.get(connection) !== state) throw new AuthenticationFailedError();
    const identity = `token:${principal.issuer ?? ""}\0${principal.subject}`;
    if (this.#limit !== undefined && !this.#limit.admit(connection, "token", identity)) {
      return this.#refuse(connection, state, new TooManyConnectionsError());
    }
    connection.principal = principal;
    if (state.timer !== undefined) clearTimeout(state.timer);
    state.timer = undefined;
    const expires = principal.expiresAt === undefined ? null : Math.floor(principal.expiresAt / 1000);
    return { subject: principal.subject, expires };
  }

  /**
   * `verification`, bounded by the authentication timeout: a verifier that hangs would hold
   * every call read after the `Authenticate` (also a re-authentication, whose connection
   * timer was cleared long ago).
   */
  #bounded(verification: Promise<Principal>): Promise<Principal> {
    if (this.#timeoutMs === 0) return verification;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the verifier did not answer within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
    });
    return Promise.race([verification, late]).finally(() => clearTimeout(timer));
  }

  /** Answers `error`, then the connection closes (graceful: calls already read are answered). */
  #refuse(connection: ServerConnection, state: State, error: Error): never {
    state.refused = true;
    connection.principal = undefined;
    void connection.shutdown();
    throw error;
  }
}
