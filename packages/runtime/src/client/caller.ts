/**
 * What a typed (generated) client needs from the client underneath it: the three call shapes and
 * close. A single connection ({@link VarlinkClient}) and the pooled, balanced, resilient service
 * client both provide it, so generated code works on either.
 */
import type { CallOptions } from "./client.js";

/** The untyped call surface shared by every client of this runtime. */
export interface VarlinkCaller {
  /** Calls `method` (fully qualified) and resolves with the reply's parameters. */
  call(method: string, parameters?: object, options?: CallOptions): Promise<Record<string, unknown>>;
  /** Calls `method` with `more: true`; iterate to receive each reply (sent when iteration starts). */
  callMore(
    method: string,
    parameters?: object,
    options?: CallOptions,
  ): AsyncIterable<Record<string, unknown>>;
  /** Sends `method` with `oneway: true`; resolves once the call is written. */
  callOneway(method: string, parameters?: object, options?: CallOptions): Promise<void>;
  /** Closes every connection; calls still waiting reject with `ConnectionError`. */
  close(): Promise<void>;
}
