/**
 * Helpers called by generated validators, clients and services. The generated code does the
 * walking (no schema is interpreted at run time); these functions only hold the error text, the
 * int/bigint rules and the small glue every generated module would otherwise repeat.
 *
 * Paths look like `mytype.nullable_array_struct[2].first`: field names joined with `.`, array
 * indices in `[n]`, map keys in `["key"]`. The path of a method parameter starts with its name.
 */
import type { ValidationIssue } from "./definitions.js";
import { VarlinkError } from "./errors.js";
import { Issue, joinPath } from "./issue.js";

export { describeValue } from "./issue.js";

/** The signature of every generated validator. `strict` rejects fields the type does not declare. */
export type Validator = (value: unknown, path: string, issues: ValidationIssue[], strict: boolean) => void;

/** Largest magnitude of an int64, for the string form UAPI.20 allows. */
const int64Max = 2n ** 63n - 1n;
const int64Min = -(2n ** 63n);
const decimalInt = /^-?(0|[1-9][0-9]*)$/;

/** `path` extended by a struct field name (the root has an empty path). */
export function fieldPath(path: string, field: string): string {
  return path === "" ? field : `${path}.${field}`;
}

/** `path` extended by a map key, quoted so that any key stays readable and unambiguous. */
export function keyPath(path: string, key: string): string {
  return `${path}[${JSON.stringify(key)}]`;
}

/**
 * Most problems recorded for one value. A message of a few MiB can hold millions of wrong
 * array elements; recording each (a path and a message) would cost a server some hundred times
 * the message in memory, for a reply that names only the first. Later problems are dropped.
 */
export const MAX_ISSUES = 100;

/**
 * Records "expected <what>, got <value>" at `path`. The message is formatted when first read
 * (see `Issue`): a bad value costs one small object until someone looks.
 */
export function expected(issues: ValidationIssue[], path: string, what: string, value: unknown): void {
  if (issues.length < MAX_ISSUES) issues.push(Issue.expected(path, what, value));
}

/** Records that a required field is absent ("missing required field (<what>)"). */
export function missing(issues: ValidationIssue[], path: string, what: string): void {
  if (issues.length < MAX_ISSUES) issues.push(Issue.missing(path, what));
}

/**
 * Rebases the issues from index `from` on, which a nested validator recorded relative to its own
 * value (path `""`), onto `prefix`. Generated code calls nested struct validators with an empty
 * path and builds the real path only here, when something failed: valid data (every element of a
 * large array) never pays for path strings.
 */
export function prefixIssues(issues: ValidationIssue[], from: number, prefix: string): void {
  for (let i = from; i < issues.length; i++) {
    const issue = issues[i]!;
    // Our own issues are rebased in place; one a hand-written validator pushed is copied.
    if (issue instanceof Issue) issue.rebase(prefix);
    else issues[i] = { path: joinPath(prefix, issue.path), message: issue.message };
  }
}

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for a JSON number holding an integer (the `int` type in number mode). */
export function isInt(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}

/**
 * An `int` read in bigint mode: an integer JSON number, or (UAPI.20) a decimal string when the
 * sender's value does not fit a double, within the int64 range. Returns `undefined` otherwise.
 * A number beyond 2^53 already lost precision in JSON.parse; it is accepted as parsed.
 */
export function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value === "bigint") return value;
  if (typeof value !== "string" || !decimalInt.test(value)) return undefined;
  const big = BigInt(value);
  return big >= int64Min && big <= int64Max ? big : undefined;
}

/** A field's own value (`undefined` when absent); never reads the prototype chain (`__proto__`). */
export function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Records a field the type does not declare (strict mode). */
export function unknownField(issues: ValidationIssue[], path: string, key: string): void {
  if (issues.length < MAX_ISSUES) issues.push(Issue.of(fieldPath(path, key), "unknown field"));
}

/**
 * Runs a generated validator on a whole parameter/result object and returns its issues.
 * Absent and null parameters mean `{}` on the wire.
 */
export function collectIssues(
  validate: Validator,
  value: unknown,
  strict: boolean,
): readonly ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  validate(value ?? {}, "", issues, strict);
  return issues;
}

/**
 * Thrown by a client when a reply does not match the interface: a reply's parameters (generated
 * clients), or the parameters of an error reply the interface (or `org.varlink.service`)
 * declares. For an error reply, `error` is its name and `cause` the {@link VarlinkError} with
 * the parameters exactly as received.
 */
export class ReplyValidationError extends Error {
  override readonly name = "ReplyValidationError";
  /** The error name when an error reply's parameters were wrong. */
  readonly error: string | undefined;

  constructor(
    /** The fully qualified method whose reply was wrong. */
    readonly method: string,
    /** Every problem found, with paths relative to the reply (or error) parameters. */
    readonly issues: readonly ValidationIssue[],
    options?: { error?: string; cause?: unknown },
  ) {
    const what = options?.error === undefined ? "reply" : `${options.error} error reply`;
    const text = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    super(`invalid ${what} from ${method}: ${text}`, options?.cause === undefined ? undefined : options);
    this.error = options?.error;
  }
}

/** True for errors thrown when a reply failed validation. */
export function isReplyValidationError(error: unknown): error is ReplyValidationError {
  return error instanceof ReplyValidationError;
}

/**
 * Checks (leniently: unknown fields allowed) and returns a reply. With `check` false the reply is
 * returned as is, except that in bigint mode (`decode` true) the validator still runs because it
 * is what turns ints into bigints; its issues are then ignored.
 */
export function checkReply<T>(
  method: string,
  reply: unknown,
  validate: Validator,
  check: boolean,
  decode: boolean,
): T {
  if (!check && !decode) return reply as T;
  const issues = collectIssues(validate, reply, false);
  if (check && issues.length > 0) throw new ReplyValidationError(method, issues);
  return (reply ?? {}) as T;
}

/**
 * For a generated client's declared error: checks the error reply's parameters leniently (like
 * {@link checkReply}) and returns the {@link ReplyValidationError} to throw instead of the typed
 * error when they do not match the IDL (`cause`: the error with its parameters as received);
 * `undefined` when they match or `check` is off. In bigint mode (`decode`) the validator always
 * runs, because it turns the ints into bigints in place.
 */
export function checkErrorReply(
  method: string,
  error: VarlinkError,
  validate: Validator,
  check: boolean,
  decode: boolean,
): ReplyValidationError | undefined {
  if (!check && !decode) return undefined;
  const issues = collectIssues(validate, error.parameters, false);
  if (!check || issues.length === 0) return undefined;
  return new ReplyValidationError(method, issues, { error: error.error, cause: error });
}

/**
 * A JSON-ready copy of a value for bigint mode: bigints within ±(2^53-1) become numbers, larger
 * ones become decimal strings (the UAPI.20 form), everything else is copied as is.
 */
export function toWire(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(toWire);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) replaceOwn(out, key, toWire(item));
  }
  return out;
}

/**
 * A thrown `VarlinkError` whose parameters hold bigints (a declared error built in bigint mode),
 * copied with JSON-ready parameters; anything else is returned unchanged.
 */
export function toWireError(error: unknown): unknown {
  if (!(error instanceof VarlinkError)) return error;
  return new VarlinkError(error.error, toWire(error.parameters) as Record<string, unknown>, { cause: error });
}

/**
 * Runs a bigint-mode handler and makes what it produces JSON-ready, keeping its shape: a promise
 * stays a promise, an async iterable (a streaming handler) stays an async iterable, a plain value
 * stays plain; errors it throws or rejects with go through `toWireError`.
 */
export function callToWire(handler: () => unknown): unknown {
  let result: unknown;
  try {
    result = handler();
  } catch (error) {
    throw toWireError(error);
  }
  if (typeof result === "object" && result !== null) {
    if (Symbol.asyncIterator in result) return mapAsync(result as AsyncIterable<unknown>);
    if (typeof (result as PromiseLike<unknown>).then === "function") {
      return Promise.resolve(result as PromiseLike<unknown>).then(toWire, (error: unknown) => {
        throw toWireError(error);
      });
    }
  }
  return toWire(result);
}

/**
 * `source` with every value (and its return value, which a server sends as the final reply)
 * made JSON-ready. Iterated by hand because `for await` drops the return value; stopping the
 * copy stops the source.
 */
async function* mapAsync(source: AsyncIterable<unknown>): AsyncGenerator<unknown, unknown> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let step: IteratorResult<unknown>;
      try {
        step = await iterator.next();
      } catch (error) {
        finished = true;
        throw toWireError(error);
      }
      if (step.done === true) {
        finished = true;
        return toWire(step.value);
      }
      yield toWire(step.value);
    }
  } finally {
    if (!finished) await iterator.return?.();
  }
}

/**
 * Replaces `object[key]` with an own data property (bigint mode decoding of map entries): a plain
 * assignment to a key such as `__proto__` would change the prototype instead.
 */
export function replaceOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
