/**
 * The options that turn a generated client method into a `more` or `oneway` call. A method has
 * one member whatever the IDL says, so completion lists stay short; the flag picks the overload
 * (and with it the return type), as varlinkctl's `--more` / `--oneway` flags pick the call shape.
 */
import type { CallOptions } from "./client.js";

/** `{ more: true }`: the method returns an async iterable of every reply until the last one. */
export interface MoreCallOptions extends CallOptions {
  readonly more: true;
  readonly oneway?: false;
}

/** `{ oneway: true }`: the server sends no reply; the promise resolves once the call is written. */
export interface OnewayCallOptions extends CallOptions {
  readonly oneway: true;
  readonly more?: false;
}
