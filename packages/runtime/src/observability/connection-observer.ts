/**
 * The connection and byte hooks metrics need and interceptors cannot see: connections opening
 * and closing, and the bytes read and written. Dependency-free; `@varlink-codegen/runtime/prometheus`
 * implements one. Zero cost when unset: the wire code tests one field per chunk and per frame,
 * and measures a written frame's bytes only when an observer is there to count them.
 */

/**
 * Told of a server's (`ServerOptions.observer`) or a client's (`ClientOptions.observer`)
 * connections. Called synchronously on the hot path: keep it to counting.
 */
export interface ConnectionObserver {
  /** A connection was opened (`id`: the same number as `ServerCall.connectionId`; `peer`: who, as text). */
  opened(id: number, peer: string): void;
  /** That connection closed (once per `opened`). */
  closed(id: number): void;
  /** `count` bytes were read from a connection. */
  bytesIn(count: number): void;
  /** `count` bytes (UTF-8) were handed to a connection to write. */
  bytesOut(count: number): void;
}

let lastConnectionId = 0;

/** A process-wide connection number (server and client connections share the sequence). @internal */
export function nextConnectionId(): number {
  return ++lastConnectionId;
}

/**
 * Key of `ClientRequest.values` under which a client puts the number of the connection it wrote
 * the call on (a service client: the pooled connection; through retries, the last attempt's),
 * so an interceptor outside it (the call log) can say which connection served the call.
 */
export const CONNECTION_ID: unique symbol = Symbol("varlink-codegen.connectionId");
