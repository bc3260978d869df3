/**
 * What a generated typed client's methods delegate to (one line each): send through the
 * `VarlinkCaller` underneath, check each reply against the method's validator, and turn a
 * declared Varlink error into the interface's error class. It used to be four private methods
 * written into every generated client (~70 lines a module); the behaviour is the same.
 * @internal For generated code; no semver.
 */
import { checkReply, type Validator } from "../validate/validate.js";
import type { VarlinkCaller } from "./caller.js";
import type { CallOptions } from "./client.js";

/** A typed client's settings, shared by all its calls. @internal */
export interface TypedCaller {
  readonly varlink: VarlinkCaller;
  /** Check replies (`validateReplies`). */
  readonly check: boolean;
  /** Bigint mode: the validator runs on every reply, since it is what turns ints into bigints. */
  readonly bigint: boolean;
  /** The interface's error narrowing (`narrowXError`); none when it declares no errors. */
  readonly narrow: ((error: unknown, method: string, check: boolean) => unknown) | undefined;
}

/** Call options of a typed method: which of the three call shapes, by flag. @internal */
export type TypedCallOptions = CallOptions & { readonly more?: boolean; readonly oneway?: boolean };

/** What a failed call throws: the interface's error class for a declared error, else `error`. */
function narrowed(caller: TypedCaller, error: unknown, method: string): unknown {
  return caller.narrow === undefined ? error : caller.narrow(error, method, caller.check);
}

/** A plain call: the checked reply. @internal */
export async function typedCall<R>(
  caller: TypedCaller,
  method: string,
  parameters: object,
  validate: Validator,
  options: CallOptions | undefined,
): Promise<R> {
  try {
    const reply = await caller.varlink.call(method, parameters, options);
    return checkReply<R>(method, reply, validate, caller.check, caller.bigint);
  } catch (error) {
    throw narrowed(caller, error, method);
  }
}

/** A `more` call: every reply, checked. @internal */
export async function* typedCallMore<R>(
  caller: TypedCaller,
  method: string,
  parameters: object,
  validate: Validator,
  options: CallOptions | undefined,
): AsyncGenerator<R, void, undefined> {
  try {
    for await (const reply of caller.varlink.callMore(method, parameters, options))
      yield checkReply<R>(method, reply, validate, caller.check, caller.bigint);
  } catch (error) {
    throw narrowed(caller, error, method);
  }
}

/** One typed method: a plain call, or with `{ more: true }` the stream, or with `{ oneway: true }` no reply. @internal */
export function typedInvoke<R>(
  caller: TypedCaller,
  method: string,
  parameters: object,
  validate: Validator,
  options: TypedCallOptions | undefined,
): Promise<R> | AsyncGenerator<R, void, undefined> | Promise<void> {
  if (options?.more === true) return typedCallMore<R>(caller, method, parameters, validate, options);
  if (options?.oneway === true) return caller.varlink.callOneway(method, parameters, options);
  return typedCall<R>(caller, method, parameters, validate, options);
}
