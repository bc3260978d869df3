/**
 * Client interceptors, in the connect-es shape: an interceptor takes the next step of the call
 * and returns a step of its own, `(next) => async (request) => { …; return await next(request); }`.
 * Retries, circuit breaking, tracing, logging and auth tokens are all interceptors, so users can
 * write their own the same way. The innermost step writes the call to a connection.
 */
import type { Extensions, ReplyHeader } from "../wire/header.js";

/** The three call shapes an interceptor can see (`upgrade` calls bypass interceptors). */
export type CallKind = "call" | "more" | "oneway";

/** One outgoing call as interceptors see it. Interceptors may replace fields by passing a copy on. */
export interface ClientRequest {
  /** Fully-qualified method name, e.g. `"io.example.user.GetUserInfo"`. */
  readonly method: string;
  /** The call's parameters (`undefined`: none are sent). */
  readonly parameters: object | undefined;
  /** Plain call, `more` stream, or `oneway`. */
  readonly kind: CallKind;
  /** Vendor-extension members sent with the call (UAPI.20); add to a copy to send more. */
  readonly extensions: Extensions | undefined;
  /** The caller's abort signal, if any. */
  readonly signal: AbortSignal | undefined;
  /** The caller's per-call timeout in ms (per reply for `more`), if any. */
  readonly timeoutMs: number | undefined;
  /** Sees every reply header of this call (see `CallOptions.onReply`). */
  readonly onReply: ((reply: ReplyHeader) => void) | undefined;
  /** The method was declared safe to retry (IDL `# [Idempotent]` or a client option). */
  readonly idempotent: boolean;
  /**
   * Where the call is going: the address of a single-connection client, or the target the
   * service client was created with (its endpoints are picked per attempt; see `peer` on the
   * response for the one that answered).
   */
  readonly target: string;
  /** Per-call values shared by the interceptors of this call (keys are yours; use symbols). */
  readonly values: Map<unknown, unknown>;
}

/** What a call step resolves with: the reply, the replies, or (oneway) nothing. */
export type ClientResponse =
  | { readonly kind: "call"; readonly parameters: Record<string, unknown>; readonly peer: string }
  | { readonly kind: "more"; readonly replies: AsyncIterable<Record<string, unknown>>; readonly peer: string }
  | { readonly kind: "oneway"; readonly peer: string };

/** One step of a call: the transport at the bottom, interceptors above it. */
export type Invoke = (request: ClientRequest) => Promise<ClientResponse>;

/** Wraps the next step of every call. */
export type ClientInterceptor = (next: Invoke) => Invoke;

/** Composes interceptors around `last`: the first interceptor in the list runs first (outermost). */
export function chainInterceptors(interceptors: readonly ClientInterceptor[], last: Invoke): Invoke {
  let next = last;
  for (let i = interceptors.length - 1; i >= 0; i--) next = interceptors[i]!(next);
  return next;
}
