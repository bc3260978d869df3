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
 * A Varlink error reply: the fully-qualified error name (`org.example.ftl.NotFound`) and its
 * parameters, exactly as received. Server handlers throw it to answer with an error.
 */
export class VarlinkError extends Error {
  /** Fully-qualified Varlink error name. */
  readonly error: string;
  /** Error parameters as sent on the wire (an own-property object, never null). */
  readonly parameters: Record<string, unknown>;

  constructor(error: string, parameters: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(describeError(error, parameters), options);
    this.name = "VarlinkError";
    this.error = error;
    this.parameters = parameters;
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

/** The connection is gone (refused, closed by the peer, closed locally) before a reply arrived. */
export class ConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConnectionError";
  }
}

/** The peer broke the protocol (invalid JSON, a message that is not an object, oversized frame...). */
export class ProtocolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ProtocolError";
  }
}

/** A call did not get its reply within its `timeoutMs`. */
export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimeoutError";
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

/** True when `e` is a Varlink error reply, optionally with the given fully-qualified name. */
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

/**
 * What a server sends for a thrown value: a {@link VarlinkError} as is, anything else as the
 * parameterless {@link INTERNAL_ERROR} (the cause stays local; nothing of it goes on the wire).
 */
export function toVarlinkError(reason: unknown): VarlinkError {
  if (reason instanceof VarlinkError) return reason;
  return new VarlinkError(INTERNAL_ERROR, {}, { cause: reason });
}
