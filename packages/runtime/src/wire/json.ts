/**
 * JSON for the wire where `JSON.parse` and `JSON.stringify` fall short: integers beyond 2^53
 * (a Varlink `int` is 64-bit; `JSON.parse` rounds them to doubles, `JSON.stringify` throws on
 * bigints) and non-finite numbers (`JSON.stringify` writes NaN and ±Infinity as `null`, which
 * UAPI.20 forbids and which a non-nullable field cannot hold).
 *
 * Both directions keep the built-ins on the common path and fall back to a small hand-written
 * walker only when a message needs it: parsing is exact only on connections that asked for it
 * and only for text with a run of 16 digits; printing checks for NaN/±Infinity only when the
 * fast output contains `null` (which is how they show up), and prints by hand only a value that
 * holds a bigint.
 * One code path on every supported Node (20 has neither `JSON.rawJSON` nor the reviver's
 * `context.source`), so what is tested is what runs.
 */

/** Smallest and largest bigint sent: the int64 range and the uint64 range UAPI.20 recommends. */
export const INT_MIN: bigint = -(2n ** 63n);
export const INT_MAX: bigint = 2n ** 64n - 1n;

/** Any integer literal a double cannot hold exactly has at least 16 digits (2^53 has 16). */
const LONG_RUN = 16;
const number = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const whitespace = /[ \t\n\r]*/y;

/**
 * Parses one message. With `exact`, an integer literal (no fraction, no exponent) beyond
 * ±(2^53−1) becomes a bigint with all its digits; everything else is what `JSON.parse` returns
 * (a `__proto__` key included, as an own property). Throws `SyntaxError` on invalid JSON.
 */
export function parseJson(text: string, exact: boolean): unknown {
  const value: unknown = !exact || !hasLongDigitRun(text) ? JSON.parse(text) : parseExact(text);
  // A key can only be `__proto__` if the text says so, literally or through a \u escape.
  if (text.includes("__proto__") || text.includes("\\u")) markSuspect(value);
  return value;
}

/** Parsed messages (and their `parameters`) whose text may hold a `__proto__` key. */
const suspects = new WeakSet<object>();

function markSuspect(message: unknown): void {
  if (typeof message !== "object" || message === null) return;
  suspects.add(message);
  const parameters = (message as Record<string, unknown>)["parameters"];
  if (typeof parameters === "object" && parameters !== null) suspects.add(parameters);
}

/**
 * True for a message from {@link parseJson} (or its `parameters`) whose text has `__proto__` or a
 * `\u` escape, so that a `__proto__` key may be anywhere in it; false for every other message
 * (certainly no such key) and for values that did not come from `parseJson`. Callers walk a
 * value for the key only when this is true: most messages cost one or two `includes`.
 */
export function mayHoldProtoKey(value: unknown): boolean {
  return typeof value === "object" && value !== null && suspects.has(value);
}

/**
 * True when `text` has a run of {@link LONG_RUN} digits. Such a run covers exactly one index of
 * every {@link LONG_RUN} consecutive ones, so only those indices are read and a digit there is
 * widened both ways: about a sixteenth of the text is looked at (a regex reads all of it, at a
 * third of JSON.parse's time).
 */
export function hasLongDigitRun(text: string): boolean {
  const isDigit = (i: number): boolean => {
    const c = text.charCodeAt(i);
    return c >= 48 && c <= 57;
  };
  for (let i = LONG_RUN - 1; i < text.length; i += LONG_RUN) {
    if (!isDigit(i)) continue;
    let start = i;
    let end = i;
    while (start > 0 && isDigit(start - 1)) start--;
    while (end + 1 < text.length && isDigit(end + 1)) end++;
    if (end - start + 1 >= LONG_RUN) return true;
  }
  return false;
}

/**
 * The JSON text of `value`, as `JSON.stringify` writes it except that a bigint is written as a
 * number literal with all its digits. Throws `TypeError` for NaN/±Infinity, for a bigint outside
 * −2^63…2^64−1, and for what `JSON.stringify` cannot write (a cycle).
 */
export function stringifyJson(value: unknown): string | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // A bigint (or a cycle, which the walk reports too).
    if (!(error instanceof TypeError)) throw error;
    return writeValue(value, "", []);
  }
  // NaN and ±Infinity come out as `null`; most messages hold no `null` at all, and a walk that
  // only looks at numbers costs a fraction of printing again. The printer then says where.
  if (text !== undefined && text.includes("null") && !allFinite(value)) return writeValue(value, "", []);
  return text;
}

/**
 * False when `value` holds NaN or ±Infinity. Only called after `JSON.stringify` succeeded, so
 * there is no cycle; what a `toJSON` returns is not looked at (a `Date` is not a number).
 */
function allFinite(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value !== "object" || value === null) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!allFinite(value[i])) return false;
    return true;
  }
  for (const key in value) {
    if (!allFinite((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** `value` converted as `JSON.stringify` would before writing it (`toJSON`, boxed primitives). */
function prepare(value: unknown, key: string): unknown {
  if (typeof value === "object" && value !== null) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") value = (toJSON as (key: string) => unknown).call(value, key);
    if (value instanceof Number || value instanceof String || value instanceof Boolean) {
      return value.valueOf();
    }
    if (value instanceof BigInt) return value.valueOf();
  } else if (typeof value === "bigint") {
    const toJSON = (BigInt.prototype as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return (toJSON as (key: string) => unknown).call(value, key);
  }
  return value;
}

/** The text of `value` (undefined for what an object skips), `stack` holding its containers. */
function writeValue(raw: unknown, key: string, stack: object[]): string | undefined {
  const value = prepare(raw, key);
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value))
        throw new TypeError(`${value} (at ${JSON.stringify(key)}) is not valid JSON`);
      return JSON.stringify(value);
    case "bigint":
      if (value < INT_MIN || value > INT_MAX) {
        throw new TypeError(`${value} (at ${JSON.stringify(key)}) is outside the Varlink int range`);
      }
      return value.toString();
    case "object":
      if (value === null) return "null";
      if (stack.includes(value)) throw new TypeError("cannot send a cyclic structure as JSON");
      stack.push(value);
      try {
        return Array.isArray(value) ? writeArray(value, stack) : writeObject(value, stack);
      } finally {
        stack.pop();
      }
    default:
      // undefined, functions, symbols: skipped in objects, null in arrays.
      return undefined;
  }
}

function writeArray(value: readonly unknown[], stack: object[]): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i++) parts.push(writeValue(value[i], String(i), stack) ?? "null");
  return `[${parts.join(",")}]`;
}

function writeObject(value: object, stack: object[]): string {
  const parts: string[] = [];
  for (const key of Object.keys(value)) {
    const text = writeValue((value as Record<string, unknown>)[key], key, stack);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(",")}}`;
}

/**
 * Replaces `object[key]` with an own data property (bigint mode decoding of map entries, the
 * exact parser): a plain assignment to a key such as `__proto__` would change the prototype.
 */
export function replaceOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A recursive-descent JSON parser that keeps large integer literals exact. Strings are handed
 * to `JSON.parse` (escapes, surrogates and control characters behave exactly as usual). Written
 * as closures over `at` (not a class with private fields) so that it minifies small.
 */
function parseExact(text: string): unknown {
  let at = 0;
  const fail = (): never => {
    throw new SyntaxError(`Unexpected token in JSON at position ${at}`);
  };
  const skip = (): void => {
    whitespace.lastIndex = at;
    whitespace.test(text);
    at = whitespace.lastIndex;
  };
  /** The next non-blank character, consumed. */
  const next = (): string | undefined => {
    skip();
    return text[at++];
  };
  const word = <T>(literal: string, result: T): T => {
    if (!text.startsWith(literal, at)) fail();
    at += literal.length;
    return result;
  };
  const numberAt = (): number | bigint => {
    number.lastIndex = at;
    const match = number.exec(text) ?? fail();
    at = number.lastIndex;
    const literal = match[0];
    const result = Number(literal);
    // Only a plain integer literal is exact; 1e20 or 1.0 stays a double, as written.
    return match[1] === undefined && match[2] === undefined && !Number.isSafeInteger(result)
      ? BigInt(literal)
      : result;
  };
  const stringAt = (): string => {
    const start = at;
    let end = start + 1;
    for (;;) {
      const quote = text.indexOf('"', end);
      if (quote < 0) fail();
      // A quote preceded by an odd number of backslashes is escaped.
      let slashes = 0;
      while (text.charCodeAt(quote - 1 - slashes) === 92) slashes++;
      end = quote + 1;
      if (slashes % 2 === 0) break;
    }
    at = end;
    return JSON.parse(text.slice(start, end)) as string;
  };
  const value = (): unknown => {
    skip();
    switch (text[at]) {
      case "{": {
        at++;
        const out: Record<string, unknown> = {};
        skip();
        if (text[at] === "}") return (at++, out);
        for (;;) {
          skip();
          if (text[at] !== '"') fail();
          const key = stringAt();
          if (next() !== ":") fail();
          // As JSON.parse: `__proto__` is an own data property, not the prototype.
          const item = value();
          if (key === "__proto__") replaceOwn(out, key, item);
          else out[key] = item;
          const after = next();
          if (after === "}") return out;
          if (after !== ",") fail();
        }
      }
      case "[": {
        at++;
        const out: unknown[] = [];
        skip();
        if (text[at] === "]") return (at++, out);
        for (;;) {
          out.push(value());
          const after = next();
          if (after === "]") return out;
          if (after !== ",") fail();
        }
      }
      case '"':
        return stringAt();
      case "t":
        return word("true", true);
      case "f":
        return word("false", false);
      case "n":
        return word("null", null);
      default:
        return numberAt();
    }
  };
  const result = value();
  skip();
  if (at !== text.length) fail();
  return result;
}
