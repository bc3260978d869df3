/**
 * Server interceptors, in the connect-es shape of the client's (`client/interceptor.ts`): an
 * interceptor takes the next step of a call and returns a step of its own,
 * `(next) => async (call) => { …; return await next(call); }`. The innermost step runs the
 * method's handler. Authorization, logging, metrics and tracing are interceptors.
 *
 * They run after method lookup, the `more`/`upgrade` checks and parameter validation, so they
 * see a method that exists and parameters of the declared types (an authorization check that
 * reads `call.parameters` cannot be fooled by malformed ones, and a call that would be refused
 * anyway costs no policy work); calls refused before that (`MethodNotFound`, `InvalidParameter`,
 * ...) never reach them. A missing handler is the innermost step's `MethodNotImplemented`.
 */
import { MethodNotImplementedError } from "../errors.js";
import type { CallContext, MethodDefinition } from "./definitions.js";
import type { Peer } from "./peer.js";
import type { Principal } from "./principal.js";

/** One incoming call as interceptors see it. Pass a copy on to change `parameters`. */
export interface ServerCall {
  /** Fully-qualified method name, e.g. `"io.example.user.GetUserInfo"`. */
  readonly method: string;
  /** The call's parameters, already validated against the method's declaration. */
  readonly parameters: Record<string, unknown>;
  /** The call's flags (at most one is true; UAPI.20). */
  readonly more: boolean;
  readonly oneway: boolean;
  readonly upgrade: boolean;
  /** The call's vendor-extension members (UAPI.20), as received; `{}` when none. */
  readonly extensions: Readonly<Record<string, unknown>>;
  /** Who called (see {@link Peer}). */
  readonly peer: Peer;
  /** The connection's number, unique in the process (logs tell calls of one connection apart). */
  readonly connectionId: number;
  /** Who the connection authenticated as, when the call started (see `CallContext.principal`). */
  readonly principal: Principal | undefined;
  /** Per-call values, shared with the handler as `context.values` (keys are yours; use symbols). */
  readonly values: Map<unknown, unknown>;
  /** What the handler receives as its context (`context.signal`: aborted when the client goes away). */
  readonly context: CallContext;
  /** The method's definition (its `more`/`upgrade` marks, its handler). */
  readonly definition: MethodDefinition;
}

/**
 * What a step resolves with: the handler's reply parameters (`undefined`: `{}`), or for a
 * streaming handler its `AsyncIterable` of replies (wrap it to see each one). A step that
 * throws answers the error: a `VarlinkError` as is, anything else as `InternalError`.
 */
export type ServerOutcome = object | undefined | AsyncIterable<object>;

/** One step of a call: the handler at the bottom, interceptors above it. */
export type ServerInvoke = (call: ServerCall) => Promise<ServerOutcome>;

/** Wraps the next step of every call. */
export type ServerInterceptor = (next: ServerInvoke) => ServerInvoke;

/** Composes interceptors around `last`: the first in the list runs first (outermost). */
export function chainServerInterceptors(
  interceptors: readonly ServerInterceptor[],
  last: ServerInvoke,
): ServerInvoke {
  return interceptors.reduceRight<ServerInvoke>((next, interceptor) => interceptor(next), last);
}

/** The innermost step: the method's handler, or `MethodNotImplemented` when it has none. @internal */
export const callHandler: ServerInvoke = (call) => {
  const handler = call.definition.handler;
  if (handler === undefined) return Promise.reject(new MethodNotImplementedError(call.method));
  try {
    const result = handler(call.parameters, call.context);
    return (result instanceof Promise ? result : Promise.resolve(result)) as Promise<ServerOutcome>;
  } catch (error) {
    return Promise.reject(error);
  }
};
