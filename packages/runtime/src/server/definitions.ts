/**
 * What a server is given: interfaces, their methods and handlers. Generated skeletons build
 * these; they can also be written by hand.
 */
import type { Duplex } from "node:stream";
import type { Peer } from "./peer.js";
import type { Principal } from "./principal.js";

/** One problem a validator found; `path` names the parameter (`"point.x"`, `"items[2]"`). */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/** What a handler learns about the call it serves. */
export interface CallContext {
  /** Fully-qualified method name as called. */
  readonly method: string;
  /** The caller set `more: true` (it accepts several replies). */
  readonly more: boolean;
  /** The caller set `oneway: true` (no reply will be sent). */
  readonly oneway: boolean;
  /** The caller set `upgrade: true`: confirm with {@link CallContext.acceptUpgrade}. */
  readonly upgrade: boolean;
  /**
   * The call's vendor-extension members (UAPI.20: top-level members named in reverse-domain
   * notation, e.g. `"org.example.trace": {...}`), exactly as received; `{}` when none. The
   * protocol logic ignores them; they are how metadata (trace context, auth tokens) travels.
   */
  readonly extensions: Readonly<Record<string, unknown>>;
  /** Aborted when the connection closes (the caller went away) or the server is closed by force. */
  readonly signal: AbortSignal;
  /** Who called, as far as the transport knows (see {@link Peer}). */
  readonly peer: Peer;
  /**
   * Who the connection authenticated as (`ServerOptions.authentication`): undefined before an
   * `org.varlink.codegen.auth.Authenticate` succeeded, or without authentication.
   */
  readonly principal: Principal | undefined;
  /**
   * Per-call values: what server interceptors put there (`ServerCall.values`, e.g. an
   * authenticated identity), for the handler to read. Made on first use.
   */
  readonly values: Map<unknown, unknown>;
  /**
   * Confirms an `upgrade` call with `parameters` as the reply and resolves with the raw
   * connection once that reply is written: from then on it carries whatever protocol the method
   * defines, and the Varlink server no longer reads or writes it (close it when done; a
   * forced `server.close()` still destroys it). The stream starts paused and begins with the
   * first byte after the call's NUL (bytes the client sent early are not lost). Throwing before
   * accepting answers an error and the connection stays Varlink; returning a reply without
   * accepting confirms the upgrade with nobody to take it, so the connection is closed. Rejects
   * when the call did not set `upgrade`, or on an in-memory channel.
   */
  acceptUpgrade(parameters?: object): Promise<Duplex>;
}

/**
 * A method implementation. Return (or resolve to) the reply parameters; throw a `VarlinkError`
 * to answer with an error. An async generator streams replies to a `more` call: every value
 * but the last is sent with `continues: true` (a value is sent once the next one is produced);
 * a non-undefined `return` value is the final reply, otherwise the last yielded value is. Called
 * without `more`, the generator's first value is the reply and the generator is stopped.
 */
export type MethodHandler = (
  parameters: Record<string, unknown>,
  context: CallContext,
) => Promise<object | void> | object | void | AsyncIterable<object>;

/**
 * How a generator's values become `more` replies:
 * - `"last-yield"`: a value is sent once the next one is produced, so the last yielded value (or
 *   a non-undefined return value) is the final reply: exact, but each value waits for the next.
 * - `"return"`: every value is sent at once with `continues: true`; the return value is the
 *   final reply (`{}` when it returns nothing).
 * - `"prompt"`: as `"last-yield"` while values come back to back (settled within the same turn
 *   of the event loop); a value whose successor is not ready by the next turn goes out at once.
 *   The final reply is the return value, else the value still held back, else (the last value
 *   already went out because the generator waited before ending) `{}`. Exact for a stream
 *   produced in one go; prompt for one that waits for events. Return the final reply to be
 *   exact in every case.
 */
export type StreamEnd = "last-yield" | "return" | "prompt";

/** One method of an interface. */
export interface MethodDefinition {
  /** Missing: the server answers `org.varlink.service.MethodNotImplemented`. */
  handler?: MethodHandler;
  /** Checks the parameters; the first issue's path becomes `InvalidParameter.parameter`. */
  validateParameters?: (parameters: Record<string, unknown>) => readonly ValidationIssue[];
  /** `"requires"`: a call without `more` is answered `org.varlink.service.ExpectedMore`. */
  more?: "requires" | "supports";
  /**
   * `"requires"`: a call without `upgrade` is answered `org.varlink.service.ExpectedUpgrade`
   * (systemd's `[Requires 'upgrade' flag]`). `"supports"`: documentation only; any handler may
   * accept an `upgrade` call (see {@link CallContext.acceptUpgrade}).
   */
  upgrade?: "requires" | "supports" | undefined;
  /**
   * How an async-generator handler's values go out on a `more` stream (see {@link StreamEnd}).
   * `undefined`: `"prompt"` for `more: "requires"` methods (subscriptions: an event must not
   * wait for the next one), `"last-yield"` otherwise (enumerations stay exact). Generated
   * definitions pass the service options' choice through.
   */
  streamEnd?: StreamEnd | undefined;
  /**
   * Applied to every reply (final, `more`, an upgrade's confirmation) before it is encoded:
   * generated definitions pass the method's omit pass, which leaves absent optional members out
   * instead of sending `null` (UAPI.20 lets a sender omit them). It returns the reply itself,
   * or a changed copy; a handler's objects are never modified.
   */
  omitAbsent?: ((reply: object) => object) | undefined;
}

/** An interface a server provides. */
export interface InterfaceDefinition {
  /** Interface name, e.g. `"org.example.more"`. */
  name: string;
  /** Its IDL text, returned by `org.varlink.service.GetInterfaceDescription`. */
  description: string;
  /** Methods by name as written in the IDL (`"Ping"`). */
  methods: Readonly<Record<string, MethodDefinition>>;
  /**
   * The handlers take ints beyond ±(2^53−1) as bigints (bigint-mode generated code): once such an
   * interface is added, the server parses integer literals that a double cannot hold exactly,
   * as bigints, on every connection. Default false (`JSON.parse` rounds them).
   */
  exactIntegers?: boolean;
}

/**
 * For generated `createXDefinition`/`registerXService`: every function-valued member of `S` that
 * is not a handler of `Known` must be a string literal type that says so, so a misspelt handler
 * (`getUsr` for `getUser`) is a compile error that reads `… is not assignable to type '"getUsr
 * is not a handler of io.example.user (its handlers: getUser, …)"'` (`Where`, from the generated
 * code, names the interface and its handlers) instead of a method that silently answers
 * `MethodNotImplemented`. Handlers may still be left out (they answer `MethodNotImplemented`),
 * and non-function members (a class's state) are allowed; helper methods on a service class
 * should be `private` or `#private`.
 */
export type OnlyKnownHandlers<S, Known, Where extends string = "the service"> = {
  readonly [K in Exclude<keyof S, keyof Known>]: S[K] extends (...args: never[]) => unknown
    ? `${K & string} is not a handler of ${Where}`
    : S[K];
};
