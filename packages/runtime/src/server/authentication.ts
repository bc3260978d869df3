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
import type { ServerInterceptor } from "./interceptor.js";
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
    const state: State = { pending: undefined, timer: undefined };
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
    if (call.method === AUTHENTICATE) return await next(call);
    const connection = connectionOf(call.context);
    const pending = connection === undefined ? undefined : this.#states.get(connection)?.pending;
    if (pending !== undefined) await pending;
    const principal = call.context.principal;
    if (principal !== undefined && (principal.expiresAt === undefined || principal.expiresAt > this.#now())) {
      return await next(principal === call.principal ? call : { ...call, principal });
    }
    if (this.#public.has(call.method)) return await next(call);
    throw new PermissionDeniedError();
  };

  async #authenticate(token: string, context: CallContext): Promise<object> {
    const connection = connectionOf(context);
    const state = connection === undefined ? undefined : this.#states.get(connection);
    if (connection === undefined || state === undefined) throw new AuthenticationFailedError();
    let done!: () => void;
    const pending = new Promise<void>((resolve) => (done = resolve));
    // Calls read after this one run under its outcome, not under the identity before it.
    const before = state.pending;
    state.pending = pending;
    try {
      if (before !== undefined) await before;
      let principal: Principal;
      try {
        principal = await this.#verify(token, context.peer);
        if (typeof principal?.subject !== "string") throw new TypeError("the verifier returned no subject");
      } catch (error) {
        report(this.#report, error, context);
        return this.#refuse(connection, new AuthenticationFailedError());
      }
      const identity = `token:${principal.issuer ?? ""}\0${principal.subject}`;
      if (this.#limit !== undefined && !this.#limit.admit(connection, "token", identity)) {
        return this.#refuse(connection, new TooManyConnectionsError());
      }
      connection.principal = principal;
      if (state.timer !== undefined) clearTimeout(state.timer);
      state.timer = undefined;
      const expires = principal.expiresAt === undefined ? null : Math.floor(principal.expiresAt / 1000);
      return { subject: principal.subject, expires };
    } finally {
      if (state.pending === pending) state.pending = undefined;
      done();
    }
  }

  /** Answers `error`, then the connection closes (graceful: calls already read are answered). */
  #refuse(connection: ServerConnection, error: Error): never {
    connection.principal = undefined;
    void connection.shutdown();
    throw error;
  }
}
