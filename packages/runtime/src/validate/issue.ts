/**
 * The issue object generated validators record. A validator run on a bad value only needs the
 * problem's facts (where, what was expected, what came); most callers then read one path (the
 * server's InvalidParameter) or nothing at all (a boolean check). So the message is formatted on
 * its first read, not when the problem is found, and a nested struct's issues are rebased in
 * place instead of being copied, their path string joined on first read too. Read, an issue is
 * `{ path, message }` as before: both are getters (so a spread or `structuredClone` copy has
 * neither; `toJSON` and Node's inspect show both).
 */
import type { ValidationIssue } from "../server/definitions.js";

/** Stands for "no value at all" in `got`: the problem is a missing required field. */
const ABSENT: unique symbol = Symbol("absent");

/** A short description of a value for messages: `"x"`, `12`, `null`, `array`, `object`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case "number":
    case "boolean":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return "nothing";
    default:
      return typeof value;
  }
}

/**
 * One recorded problem, its message built on first read from the facts kept: the expected type
 * (`"int"`, `"enum (one, two)"`) and the offending value. Only small primitives are kept for
 * later: an object, an array or a long string is described at once, so an issue (or a
 * `ReplyValidationError` a caller holds on to) never keeps a large value alive, and what the
 * message says cannot change if the value is changed afterwards.
 */
export class Issue implements ValidationIssue {
  /** The path the problem was recorded at, relative to `#outer`. */
  readonly #relative: string;
  /** What `rebase` put in front of `#relative`, outermost first (`""` while not rebased). */
  #outer = "";
  #path: string | undefined;
  #message: string | undefined;
  readonly #expected: string;
  readonly #got: unknown;

  private constructor(path: string, message: string | undefined, expected: string, got: unknown) {
    this.#relative = path;
    this.#message = message;
    this.#expected = expected;
    this.#got = got;
  }

  /** `expected <what>, got <value>` at `path`. */
  static expected(path: string, what: string, got: unknown): Issue {
    return keepable(got)
      ? new Issue(path, undefined, what, got)
      : new Issue(path, `expected ${what}, got ${describeValue(got)}`, what, undefined);
  }

  /** `missing required field (<what>)` at `path`. */
  static missing(path: string, what: string): Issue {
    return new Issue(path, undefined, what, ABSENT);
  }

  /** A problem whose message is already known (a constant such as `unknown field`). */
  static of(path: string, message: string): Issue {
    return new Issue(path, message, "", undefined);
  }

  /** Where the problem is (`mytype.nullable_array_struct[2].first`), joined on first read. */
  get path(): string {
    return (this.#path ??= joinPath(this.#outer, this.#relative));
  }

  /** The human-readable problem, formatted once, on first read. */
  get message(): string {
    return (this.#message ??=
      this.#got === ABSENT
        ? `missing required field (${this.#expected})`
        : `expected ${this.#expected}, got ${describeValue(this.#got)}`);
  }

  /**
   * Puts `prefix` (the path of the value a nested validator was given) in front of this issue's
   * path, which that validator recorded relative to its own value (`""` for the value itself).
   */
  rebase(prefix: string): void {
    this.#outer = this.#outer === "" ? prefix : joinPath(prefix, this.#outer);
    this.#path = undefined;
  }

  /** The plain `{ path, message }` form, for `JSON.stringify`. */
  toJSON(): ValidationIssue {
    return { path: this.path, message: this.message };
  }
}

// Node's `util.inspect` (console.log) shows the plain form, message included. Defined outside
// the class: a computed method name cannot be declared under isolatedDeclarations.
Object.defineProperty(Issue.prototype, Symbol.for("nodejs.util.inspect.custom"), {
  value(this: Issue): ValidationIssue {
    return this.toJSON();
  },
  writable: true,
  configurable: true,
});

/** True for a value cheap and safe to keep until the message is read. */
function keepable(value: unknown): boolean {
  return typeof value === "string" ? value.length <= 40 : typeof value !== "object" || value === null;
}

/** `relative` (a path recorded by a nested validator) placed under `prefix`. */
export function joinPath(prefix: string, relative: string): string {
  if (relative === "") return prefix;
  if (prefix === "" || relative.startsWith("[")) return prefix + relative;
  return `${prefix}.${relative}`;
}
