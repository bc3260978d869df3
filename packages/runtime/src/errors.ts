/**
 * Errors of the wire runtime. Every class has a stable `name` so callers can tell them apart
 * after serialization or across realms; `cause` is kept where there is one.
 */

/** Names of the errors every Varlink service may answer (interface `org.varlink.service`). */
export const ServiceErrors = {
  InterfaceNotFound: "org.varlink.service.InterfaceNotFound",
  MethodNotFound: "org.varlink.service.MethodNotFound",
  MethodNotImplemented: "org.varlink.service.MethodNotImplemented",
  InvalidParameter: "org.varlink.service.InvalidParameter",
  PermissionDenied: "org.varlink.service.PermissionDenied",
  ExpectedMore: "org.varlink.service.ExpectedMore",
  ExpectedUpgrade: "org.varlink.service.ExpectedUpgrade",
} as const;

/**
 * The error reply our server sends when a handler throws something that is not a
 * {@link VarlinkError}. Not declared by `org.varlink.service`, but the name other
 * implementations use for this (the C++ libvarlink, Rust serializers); systemd answers
 * `io.systemd.System` with an errno and varlink/go drops the connection. The reply carries no
 * parameters, so no message or stack of the server leaks to the client.
 */
export const INTERNAL_ERROR = "org.varlink.service.InternalError";

/**
 * What kind of failure a {@link VarlinkError} is: a stable discriminator to `switch` on.
 * - `"remote"`: the service answered with an error reply (`error` is its name);
 * - `"connection"`: no connection, or it was lost before the reply ({@link ConnectionError});
 * - `"timeout"`: no reply within `timeoutMs` ({@link TimeoutError});
 * - `"pool-exhausted"`: too many calls waiting for a connection ({@link PoolExhaustedError});
 * - `"no-endpoint"`: a service client has no endpoint to send to ({@link NoEndpointError});
 * - `"circuit-open"`: the endpoint's circuit breaker fails calls fast (`CircuitOpenError`).
 */
export type ErrorKind =
  "remote" | "connection" | "timeout" | "pool-exhausted" | "no-endpoint" | "circuit-open";

/**
 * Varlink error names of failures raised by this client, not sent by a service (a service never
 * answers with them; `org.varlink.codegen` is this toolchain's namespace). They make
 * `isVarlinkError(e, name)` and name lists (a retry policy's `retryOn`) work for local failures.
 */
export const ClientErrors = {
  Connection: "org.varlink.codegen.ConnectionFailed",
  Timeout: "org.varlink.codegen.Timeout",
  PoolExhausted: "org.varlink.codegen.PoolExhausted",
  NoEndpoint: "org.varlink.codegen.NoEndpoint",
  CircuitOpen: "org.varlink.codegen.CircuitOpen",
} as const;

/** Construction options of a {@link VarlinkError}; the defaults describe an error reply. */
export interface VarlinkErrorOptions {
  cause?: unknown;
  /** Default `"remote"`. */
  kind?: ErrorKind;
  /** Default: the error name and its parameters. */
  message?: string;
  /** See {@link VarlinkError.written} (default true). */
  written?: boolean;
  /** See {@link VarlinkError.transient} (default false). */
  transient?: boolean;
}

/**
 * Every error a client call fails with (except the caller's own mistakes and abort reasons; see
 * docs/runtime.md "Errors"). An error reply keeps its fully-qualified name in `error` and its
 * parameters exactly as received; failures of this client carry a {@link ClientErrors} name and
 * no parameters. Server handlers throw it to answer with an error. `name` is the class name,
 * also for subclasses (generated `UserNotFound` has `name === "UserNotFound"`).
 */
export class VarlinkError extends Error {
  /** Fully-qualified Varlink error name. */
  readonly error: string;
  /** Error parameters as sent on the wire (an own-property object, never null). */
  readonly parameters: Record<string, unknown>;
  /** What failed; see {@link ErrorKind}. */
  readonly kind: ErrorKind;
  /**
   * False only when the call certainly never reached a server (refused before it was written):
   * retrying it is safe for any method. True when the server may have seen (and acted on) it.
   */
  readonly written: boolean;
  /**
   * True when the same call may succeed later (connection lost, timeout, overload, no endpoint
   * yet); false for an error reply, which says what the service decided.
   */
  readonly transient: boolean;

  constructor(error: string, parameters: Record<string, unknown> = {}, options?: VarlinkErrorOptions) {
    super(
      options?.message ?? describeError(error, parameters),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.error = error;
    this.parameters = parameters;
    this.kind = options?.kind ?? "remote";
    this.written = options?.written ?? true;
    this.transient = options?.transient ?? false;
  }
}

function describeError(error: string, parameters: Record<string, unknown>): string {
  const keys = Object.keys(parameters);
  if (keys.length === 0) return error;
  let text: string;
  try {
    text = JSON.stringify(parameters);
  } catch {
    text = `{${keys.join(", ")}}`;
  }
  return `${error} ${text.length > 200 ? text.slice(0, 197) + "..." : text}`;
}

/**
 * The connection is gone (refused, closed by the peer, closed locally) before a reply arrived.
 * `written` says whether the call may have reached the server (default true: it was written to
 * a connection that was then lost); refused before writing, it is false.
 */
export class ConnectionError extends VarlinkError {
  constructor(message: string, options?: { cause?: unknown; written?: boolean }) {
    super(
      ClientErrors.Connection,
      {},
      {
        message,
        cause: options?.cause,
        kind: "connection",
        written: options?.written ?? true,
        transient: true,
      },
    );
  }
}

/**
 * A call did not get its reply within its `timeoutMs`. `written` is true when it timed out on a
 * connection (the server may act on it), false when it timed out waiting for one; then a
 * `cause` that is a {@link ConnectionError} says the wait was for a connect that did not
 * complete (the endpoint's fault, not this client's full queue).
 */
export class TimeoutError extends VarlinkError {
  constructor(message: string, options?: { cause?: unknown; written?: boolean }) {
    super(
      ClientErrors.Timeout,
      {},
      {
        message,
        cause: options?.cause,
        kind: "timeout",
        written: options?.written ?? true,
        transient: true,
      },
    );
  }
}

/**
 * A pool had no connection for the call and `maxPendingCalls` calls were already waiting for
 * one. Nothing was sent.
 */
export class PoolExhaustedError extends VarlinkError {
  constructor(message: string) {
    super(
      ClientErrors.PoolExhausted,
      {},
      { message, kind: "pool-exhausted", written: false, transient: true },
    );
  }
}

/** A service client has no available endpoint (none discovered yet, or all ejected). Nothing was sent. */
export class NoEndpointError extends VarlinkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(
      ClientErrors.NoEndpoint,
      {},
      {
        message,
        cause: options?.cause,
        kind: "no-endpoint",
        written: false,
        transient: true,
      },
    );
  }
}

/**
 * An endpoint's circuit breaker is open (too many consecutive failures) or its half-open trial
 * slots are taken: the call failed fast and nothing was sent. Transient: the breaker lets a
 * trial call through after its `openMs`.
 */
export class CircuitOpenError extends VarlinkError {
  constructor(message: string) {
    super(ClientErrors.CircuitOpen, {}, { message, kind: "circuit-open", written: false, transient: true });
  }
}

/** The peer broke the protocol (invalid JSON, a message that is not an object, oversized frame...). */
export class ProtocolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ProtocolError";
  }
}

/** An address string could not be understood; the message names the address. */
export class AddressError extends Error {
  /** The address as given. */
  readonly address: string;
  constructor(address: string, reason: string) {
    super(`invalid varlink address '${address}': ${reason}`);
    this.name = "AddressError";
    this.address = address;
  }
}

/** `org.varlink.service.InterfaceNotFound`: the service does not provide the interface. */
export class InterfaceNotFoundError extends VarlinkError {
  constructor(iface: string) {
    super(ServiceErrors.InterfaceNotFound, { interface: iface });
  }
}

/** `org.varlink.service.MethodNotFound`: the interface has no such method. */
export class MethodNotFoundError extends VarlinkError {
  constructor(method: string) {
    super(ServiceErrors.MethodNotFound, { method });
  }
}

/** `org.varlink.service.MethodNotImplemented`: the method exists but has no implementation. */
export class MethodNotImplementedError extends VarlinkError {
  constructor(method: string) {
    super(ServiceErrors.MethodNotImplemented, { method });
  }
}

/** `org.varlink.service.InvalidParameter`: `parameter` names the offending parameter (path). */
export class InvalidParameterError extends VarlinkError {
  constructor(parameter: string) {
    super(ServiceErrors.InvalidParameter, { parameter });
  }
}

/** `org.varlink.service.PermissionDenied`. */
export class PermissionDeniedError extends VarlinkError {
  constructor() {
    super(ServiceErrors.PermissionDenied, {});
  }
}

/** `org.varlink.service.ExpectedMore`: the method must be called with `more: true`. */
export class ExpectedMoreError extends VarlinkError {
  constructor() {
    super(ServiceErrors.ExpectedMore, {});
  }
}

/** `org.varlink.service.ExpectedUpgrade` (UAPI.20): the method must be called with `upgrade: true`. */
export class ExpectedUpgradeError extends VarlinkError {
  constructor() {
    super(ServiceErrors.ExpectedUpgrade, {});
  }
}

/**
 * True when `e` is a {@link VarlinkError} (every failure of a client call), optionally with the
 * given fully-qualified name (an error reply's, or a {@link ClientErrors} name).
 */
export function isVarlinkError(e: unknown, name?: string): e is VarlinkError {
  return e instanceof VarlinkError && (name === undefined || e.error === name);
}

/** True for an `org.varlink.service.InterfaceNotFound` reply. */
export function isInterfaceNotFound(e: unknown): e is VarlinkError & { parameters: { interface: string } } {
  return isVarlinkError(e, ServiceErrors.InterfaceNotFound);
}

/** True for an `org.varlink.service.MethodNotFound` reply. */
export function isMethodNotFound(e: unknown): e is VarlinkError & { parameters: { method: string } } {
  return isVarlinkError(e, ServiceErrors.MethodNotFound);
}

/** True for an `org.varlink.service.MethodNotImplemented` reply. */
export function isMethodNotImplemented(e: unknown): e is VarlinkError & { parameters: { method: string } } {
  return isVarlinkError(e, ServiceErrors.MethodNotImplemented);
}

/** True for an `org.varlink.service.InvalidParameter` reply. */
export function isInvalidParameter(e: unknown): e is VarlinkError & { parameters: { parameter: string } } {
  return isVarlinkError(e, ServiceErrors.InvalidParameter);
}

/** True for an `org.varlink.service.PermissionDenied` reply. */
export function isPermissionDenied(e: unknown): e is VarlinkError {
  return isVarlinkError(e, ServiceErrors.PermissionDenied);
}

/** True for an `org.varlink.service.ExpectedMore` reply. */
export function isExpectedMore(e: unknown): e is VarlinkError {
  return isVarlinkError(e, ServiceErrors.ExpectedMore);
}

/** True for an `org.varlink.service.ExpectedUpgrade` reply. */
export function isExpectedUpgrade(e: unknown): e is VarlinkError {
  return isVarlinkError(e, ServiceErrors.ExpectedUpgrade);
}

/** True when `e` is an error reply a service sent (kind `"remote"`), not a failure of this client. */
export function isErrorReply(e: unknown): e is VarlinkError {
  return e instanceof VarlinkError && e.kind === "remote";
}

/**
 * What a server sends for a thrown value: an error reply ({@link VarlinkError} of kind
 * `"remote"`) as is, anything else, including a client failure such as a `ConnectionError` from a
 * call the handler made, as the parameterless {@link INTERNAL_ERROR} (the cause stays local;
 * nothing of it goes on the wire).
 */
export function toVarlinkError(reason: unknown): VarlinkError {
  if (isErrorReply(reason)) return reason;
  return new VarlinkError(INTERNAL_ERROR, {}, { cause: reason });
}
