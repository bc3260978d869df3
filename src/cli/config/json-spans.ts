/**
 * A small JSON parser that keeps the source span of every value and key, so that config errors
 * can point at the offending key with file:line:col and a caret (JSON.parse gives no positions).
 * Strict JSON (RFC 8259): no comments, no trailing commas.
 */
import type { Diagnostic, Result } from "../../diagnostics/diagnostic.js";
import type { SourceFile } from "../../diagnostics/source-file.js";

/** A JSON value with its span (UTF-16 offsets into the file). */
export type JsonNode =
  | {
      readonly kind: "object";
      readonly start: number;
      readonly end: number;
      readonly entries: readonly JsonEntry[];
    }
  | {
      readonly kind: "array";
      readonly start: number;
      readonly end: number;
      readonly items: readonly JsonNode[];
    }
  | { readonly kind: "string"; readonly start: number; readonly end: number; readonly value: string }
  | { readonly kind: "number"; readonly start: number; readonly end: number; readonly value: number }
  | { readonly kind: "boolean"; readonly start: number; readonly end: number; readonly value: boolean }
  | { readonly kind: "null"; readonly start: number; readonly end: number };

/** One `"key": value` pair of an object, with the key's own span. */
export interface JsonEntry {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: JsonNode;
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
    readonly hint: string | undefined,
  ) {
    super(message);
  }
}

/**
 * What people who write JSON by hand usually meant: the JSON5/JavaScript habits that strict JSON
 * rejects. `previous` is the last non-blank character before the offending one.
 */
function jsonHint(found: string | undefined, previous: string | undefined): string | undefined {
  if ((found === "}" || found === "]") && previous === ",")
    return "JSON allows no trailing comma; remove the ','";
  if (found === "/" || found === "#") return "JSON has no comments; remove them";
  if (found === "'") return "JSON strings and keys use double quotes";
  if (found !== undefined && /[A-Za-z_$]/.test(found) && previous !== undefined && "{,".includes(previous))
    return 'keys are quoted in JSON: "key": value';
  return undefined;
}

// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses `file.text` as JSON; a syntax error is one VL350 diagnostic at the offending character. */
export function parseJsonWithSpans(file: SourceFile): Result<JsonNode | undefined> {
  const text = file.text;
  // A byte-order mark (some Windows editors write one) is not part of the JSON.
  let pos = text.startsWith("\uFEFF") ? 1 : 0;
  const ws = (): void => {
    while (pos < text.length && " \t\r\n".includes(text[pos]!)) pos++;
  };
  const fail = (what: string): never => {
    const found = pos >= text.length ? "end of file" : `'${text[pos]}'`;
    const previous = text.slice(0, pos).trimEnd().at(-1);
    throw new JsonSyntaxError(
      `invalid JSON: expected ${what}, found ${found}`,
      pos,
      jsonHint(text[pos], previous),
    );
  };
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) return undefined;
    pos += m[0].length;
    return m[0];
  };
  const value = (): JsonNode => {
    ws();
    const start = pos;
    const c = text[pos];
    if (c === "{") {
      pos++;
      const entries: JsonEntry[] = [];
      ws();
      if (text[pos] === "}") return { kind: "object", start, end: ++pos, entries };
      for (;;) {
        ws();
        const keyStart = pos;
        const raw = match(STRING) ?? fail("a string key");
        const keyEnd = pos;
        ws();
        if (text[pos] !== ":") fail("':'");
        pos++;
        entries.push({ key: JSON.parse(raw) as string, keyStart, keyEnd, value: value() });
        ws();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "}") return { kind: "object", start, end: ++pos, entries };
        else fail("',' or '}'");
      }
    }
    if (c === "[") {
      pos++;
      const items: JsonNode[] = [];
      ws();
      if (text[pos] === "]") return { kind: "array", start, end: ++pos, items };
      for (;;) {
        items.push(value());
        ws();
        if (text[pos] === ",") pos++;
        else if (text[pos] === "]") return { kind: "array", start, end: ++pos, items };
        else fail("',' or ']'");
      }
    }
    if (c === '"') {
      const raw = match(STRING) ?? fail("a valid string");
      return { kind: "string", start, end: pos, value: JSON.parse(raw) as string };
    }
    for (const [word, node] of [
      ["true", { kind: "boolean", value: true }],
      ["false", { kind: "boolean", value: false }],
      ["null", { kind: "null" }],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { ...node, start, end: pos };
      }
    }
    const num = match(NUMBER) ?? fail("a JSON value");
    return { kind: "number", start, end: pos, value: Number(num) };
  };
  try {
    const root = value();
    ws();
    if (pos < text.length) fail("end of file");
    return { value: root, diagnostics: [] };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const diagnostic: Diagnostic = {
      code: "VL350",
      severity: "error",
      message: error.message,
      file,
      start: error.at,
      end: Math.min(error.at + 1, text.length),
      ...(error.hint !== undefined && { hint: error.hint }),
    };
    return { value: undefined, diagnostics: [diagnostic] };
  }
}
