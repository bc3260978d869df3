/**
 * Helpers called by generated validators, clients and services. The generated code does the
 * walking (no schema is interpreted at run time); these functions only hold the error text, the
 * int/bigint rules and the small glue every generated module would otherwise repeat.
 *
 * Paths look like `mytype.nullable_array_struct[2].first`: field names joined with `.`, array
 * indices in `[n]`, map keys in `["key"]`. The path of a method parameter starts with its name.
 */
import type { ValidationIssue } from "../server/definitions.js";
import type { VarlinkError } from "../errors.js";
import { Issue, joinPath } from "./issue.js";
import { INT_MAX, INT_MIN, mayHoldProtoKey } from "../wire/json.js";

export { describeValue } from "./issue.js";
export { replaceOwn } from "../wire/json.js";

/** The signature of every generated validator. `strict` rejects fields the type does not declare. */
export type Validator = (value: unknown, path: string, issues: ValidationIssue[], strict: boolean) => void;

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

/**
 * True for the `int` type in number mode: an integer a double holds exactly, within ±(2^53−1).
 * Any literal beyond that was rounded by `JSON.parse` (to a double of at least 2^53), so it is
 * refused rather than passed on with other digits than were sent.
 */
export function isInt(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

/**
 * An `int` read in bigint mode, or `undefined` when the value is not one: a JSON number that is
 * a safe integer, a bigint (what an exact-parsing connection makes of a longer literal), or
 * (UAPI.20) a plain decimal string; the last two within −2^63…2^64−1 (int64 plus the uint64
 * range UAPI.20 recommends). A double beyond 2^53 (`1e300`, or a long literal parsed without
 * `exactIntegers`) is refused: its exact value is unknown.
 */
export function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  let big: bigint;
  if (typeof value === "bigint") big = value;
  else if (typeof value === "string" && decimalInt.test(value)) big = BigInt(value);
  else return undefined;
  return big >= INT_MIN && big <= INT_MAX ? big : undefined;
}

/** The one key refused in decoded values (see {@link noProtoKeys}). */
const PROTO = "__proto__";
const identifier = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Records every `__proto__` key in `value`, at any depth (`map["__proto__"]: key not
 * accepted`). Such a key is refused in every value a generated client or service decodes (map and
 * set keys, anything inside `object`/`any`, undeclared struct fields): `JSON.parse` makes it an
 * own property, and a handler's `Object.assign({}, value)` would set the copy's prototype to the
 * sender's object. Names that could be fields are joined with `.`, other keys with `["…"]`.
 */
export function noProtoKeys(value: unknown, path: string, issues: ValidationIssue[]): void {
  if (typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) noProtoKeys(value[i], `${path}[${i}]`, issues);
    return;
  }
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (key === PROTO) {
      if (issues.length < MAX_ISSUES) issues.push(Issue.of(keyPath(path, PROTO), "key not accepted"));
      continue;
    }
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === "object" && item !== null) {
      noProtoKeys(item, identifier.test(key) ? fieldPath(path, key) : keyPath(path, key), issues);
    }
  }
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
 * Absent and null parameters mean `{}` on the wire. A received value whose text could hold a
 * `__proto__` key is first searched for one ({@link noProtoKeys}).
 */
export function collectIssues(
  validate: Validator,
  value: unknown,
  strict: boolean,
): readonly ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  // Only a message whose text could hold a `__proto__` key is walked (see mayHoldProtoKey).
  if (mayHoldProtoKey(value)) noProtoKeys(value, "", issues);
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
  /** The fully qualified method whose reply was wrong. */
  readonly method: string;
  /** Every problem found, with paths relative to the reply (or error) parameters. */
  readonly issues: readonly ValidationIssue[];

  // Plain fields, no parameter properties: the runtime is erasable syntax only (Node's type stripping).
  constructor(
    method: string,
    issues: readonly ValidationIssue[],
    options?: { error?: string; cause?: unknown },
  ) {
    const what = options?.error === undefined ? "reply" : `${options.error} error reply`;
    const text = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    super(`invalid ${what} from ${method}: ${text}`, options?.cause === undefined ? undefined : options);
    this.method = method;
    this.issues = issues;
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
