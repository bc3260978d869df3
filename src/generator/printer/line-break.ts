/**
 * Line breaking of the code the emitters write, without a formatter: a line that does not fit in
 * `printWidth` columns is broken at its outermost brackets, the way prettier breaks what we emit
 * (a list one item per line with a trailing comma; a too-long `if (test) statement;` with the
 * statement on the next line, and its `&&`/`||` chain one operand per line). The rules look only at
 * the text, so the same input always breaks the same way. Lines they cannot break stay long.
 */

/** The column the printer keeps lines within (prettier's default). */
export const printWidth = 80;

const closing = ")]}";

/**
 * Scans `text` outside string and template literals, calling `visit(i, depth)` for each code
 * character with the bracket depth before it (stop by returning true). Returns false when the
 * brackets do not balance (then callers leave the text alone) and when the text holds a `//`
 * comment (not ours to move). `<` opens a bracket only right after a name (`Record<`, a type
 * argument list) and `>` closes one only inside such a list and right after a name, bracket or literal,
 * so `a < b`, `a > b` and `=>` are operators.
 */
function scan(text: string, visit: (i: number, depth: number) => boolean | void): boolean {
  // Character codes, not one-character strings and regular expressions: this loop runs over
  // every long line several times, and a short `generate` runs without V8's optimising
  // compiler (cli/generate/tiering.ts), where a call per character is what costs.
  let depth = 0;
  const angles: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE || c === BACKTICK) {
      const end = closingQuote(text, i);
      if (end === -1) return false;
      i = end;
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === SLASH) return false;
    if (visit(i, depth) === true) return true;
    if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
    else if (c === LESS_THAN) {
      if (i > 0 && isNameCode(text.charCodeAt(i - 1))) {
        angles.push(depth);
        depth++;
      }
    } else if (c === GREATER_THAN) {
      if (i > 0 && angles.at(-1) === depth - 1 && closesAngle(text.charCodeAt(i - 1))) {
        angles.pop();
        depth--;
      }
    } else if ((c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) && --depth < 0) return false;
  }
  return depth === 0;
}

const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKTICK = 96;
const SLASH = 47;
const BACKSLASH = 92;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const LESS_THAN = 60;
const GREATER_THAN = 62;

/** `[\w$]`: a character a name (or a number) can end with. */
function isNameCode(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 /* _ */ ||
    c === 36 /* $ */
  );
}

/** What may come right before a `>` closing a type argument list: a name, a bracket, a literal. */
function closesAngle(c: number): boolean {
  return (
    isNameCode(c) ||
    c === CLOSE_PAREN ||
    c === CLOSE_BRACKET ||
    c === CLOSE_BRACE ||
    c === GREATER_THAN ||
    c === DOUBLE_QUOTE ||
    c === SINGLE_QUOTE ||
    c === BACKTICK
  );
}

function closingQuote(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === quote) return i;
  }
  return -1;
}

/** Index of the bracket closing the one at `open`, or -1. */
function matching(text: string, open: number): number {
  let found = -1;
  const inner = text.slice(open);
  scan(inner, (i, depth) => {
    if (i > 0 && depth === 1 && closing.includes(inner[i]!) && found === -1) {
      found = open + i;
      return true;
    }
    return false;
  });
  return found;
}

/**
 * Splits `text` at `separator` where it is outside brackets and literals; `undefined` when it
 * cannot be scanned. Separators are kept out of the parts.
 */
export function splitTopLevel(text: string, separator: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  const ok = scan(text, (i, depth) => {
    if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
    }
  });
  if (!ok) return undefined;
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/**
 * `head` + `items` + `tail` on one line at `indent` when it fits, else the items one per line,
 * two spaces deeper, each followed by a comma (but the last one without `trailingComma`). `open`/`close` are the brackets (`"{ "`, `" }"`
 * for braces with inner spaces; broken, the spaces go).
 */
export function list(
  indent: string,
  head: string,
  open: string,
  items: readonly string[],
  close: string,
  tail: string,
  trailingComma = true,
): string[] {
  const flat = `${indent}${head}${open}${items.join(", ")}${close}${tail}`;
  if (items.length === 0 || flat.length <= printWidth) return [flat];
  const inner = `${indent}  `;
  return [
    `${indent}${head}${open.trimEnd()}`,
    ...items.flatMap((item, i) =>
      breakLine(`${inner}${item}${trailingComma || i < items.length - 1 ? "," : ""}`),
    ),
    `${indent}${close.trimStart()}${tail}`,
  ];
}

/**
 * breakLine's answers for long lines. Breaking is a pure function of the line, and generated
 * modules repeat long lines a lot (the same check written for each field of a type, the same
 * client method shape in every interface): in the 200-interface bench corpus 21,200 long lines
 * are 2,686 distinct ones. Cleared when full, so memory stays bounded in a long `--watch`.
 */
const brokenLines = new Map<string, readonly string[]>();
const MAX_REMEMBERED = 20_000;

/**
 * Breaks one line of code (with its indentation) into lines that fit, where the rules allow. The
 * array may be shared with other calls: read it, never change it.
 */
export function breakLine(line: string): readonly string[] {
  if (line.length <= printWidth || line.includes("\n")) return [line];
  let lines = brokenLines.get(line);
  if (lines === undefined) {
    if (brokenLines.size >= MAX_REMEMBERED) brokenLines.clear();
    lines = breakLongLine(line);
    brokenLines.set(line, lines);
  }
  return lines;
}

function breakLongLine(line: string): string[] {
  const indent = /^ */.exec(line)![0];
  const code = line.slice(indent.length);
  return (
    breakIf(indent, code) ??
    breakReturn(indent, code) ??
    breakArrow(indent, code) ??
    breakIntersection(indent, code) ??
    breakObjectType(indent, code) ??
    breakCall(indent, code) ?? [line]
  );
}

/**
 * Breaks every line of a block of code (a statement the emitters wrote, maybe several lines),
 * appending the result to `out` (which it returns); each line gets `indent` in front unless it
 * is empty. One array for the whole block: most lines fit and are copied once.
 */
export function breakLines(lines: readonly string[], indent = "", out: string[] = []): string[] {
  for (const line of lines) {
    if (line === "") out.push(line);
    else {
      const indented = indent === "" ? line : `${indent}${line}`;
      if (indented.length <= printWidth) out.push(indented);
      else for (const broken of breakLine(indented)) out.push(broken);
    }
  }
  return out;
}

/**
 * `[else ]if (test) statement` and `for (...) statement` → the statement on its own line (and an
 * `if` test broken if needed).
 */
function breakIf(indent: string, code: string): string[] | undefined {
  const match = /^((?:else )?if |for (?:await )?)\(/.exec(code);
  if (match === null) return undefined;
  const open = match[1]!.length;
  const close = matching(code, open);
  if (close === -1) return undefined;
  const rest = code.slice(close + 1).trim();
  const test = code.slice(open + 1, close);
  const head = `${indent}${match[1]}(${test})`;
  const lines =
    head.length <= printWidth || match[1]!.startsWith("for") ? [head] : breakTest(indent, match[1]!, test);
  if (lines === undefined) return undefined;
  if (rest === "" || rest === "{") return rest === "" ? lines : [...lines.slice(0, -1), `${lines.at(-1)} {`];
  return [...lines, ...breakLine(`${indent}  ${rest}`)];
}

/** `if (` + one `&&`/`||` operand per line + `)`; undefined for a test that is not such a chain. */
function breakTest(indent: string, keyword: string, test: string): string[] | undefined {
  for (const op of [" || ", " && "]) {
    // Each rule below first asks whether its separator occurs at all: a scan per rule and long
    // line is most of what breaking costs (the rules are tried in turn on every such line).
    if (!test.includes(op)) continue;
    const operands = splitTopLevel(test, op);
    if (operands === undefined || operands.length < 2) continue;
    const inner = `${indent}  `;
    return [
      `${indent}${keyword}(`,
      ...operands.map((o, i) => `${inner}${o}${i < operands.length - 1 ? op.trimEnd() : ""}`),
      `${indent})`,
    ];
  }
  return undefined;
}

/** `name: (args) => body,` → the body on the next line, two spaces deeper (and broken further). */
function breakArrow(indent: string, code: string): string[] | undefined {
  if (!code.includes(" => ")) return undefined;
  const parts = splitTopLevel(code, " => ");
  if (parts === undefined || parts.length !== 2) return undefined;
  const head = `${indent}${parts[0]} =>`;
  if (head.length > printWidth) return undefined;
  return [head, ...breakLine(`${indent}  ${parts[1]}`)];
}

/** `return a && b;` → `return (`, one operand per line, `);`. */
function breakReturn(indent: string, code: string): string[] | undefined {
  const match = /^return (.*);$/.exec(code);
  if (match === null) return undefined;
  const lines = breakTest(indent, "return ", match[1]!);
  return lines === undefined ? undefined : [...lines.slice(0, -1), `${lines.at(-1)};`];
}

/**
 * Breaks the arguments of the line's last top-level call (the one ending the statement), or its
 * last type argument list, one per line; undefined when the line does not end in one.
 */
function breakCall(indent: string, code: string): string[] | undefined {
  const tailMatch = /([)>])([;,]?| \?\?)$/.exec(code);
  if (tailMatch === null) return undefined;
  const close = code.length - tailMatch[0].length;
  const open = openingOf(code, close);
  if (open <= 0 || !/[\w$>!]/.test(code[open - 1]!)) return undefined;
  const args = splitTopLevel(code.slice(open + 1, close), ",");
  if (args === undefined || args.every((a) => a === "")) return undefined;
  // Type arguments take no trailing comma (prettier writes none; type parameters do take one).
  const typeArguments = code[open] === "<";
  return list(indent, code.slice(0, open), code[open]!, args, code[close]!, tailMatch[2]!, !typeArguments);
}

/** Index of the bracket that the one at `close` closes, or -1. */
function openingOf(code: string, close: number): number {
  const opens: number[] = [];
  let found = -1;
  const ok = scan(code, (i, depth) => {
    if (i === close) found = opens[depth - 1] ?? -1;
    opens[depth] = i;
  });
  return ok ? found : -1;
}

/** `x: A & { a: T; b: U },` (an object type ending the line) → one member per line, each with `;`. */
function breakObjectType(indent: string, code: string): string[] | undefined {
  const tailMatch = /\}([;,]?)$/.exec(code);
  if (tailMatch === null) return undefined;
  const close = code.length - tailMatch[0].length;
  const open = openingOf(code, close);
  if (open <= 0 || !/(?:&|:) $/.test(code.slice(0, open))) return undefined;
  const members = splitTopLevel(code.slice(open + 1, close), ";")?.filter((m) => m !== "");
  if (members === undefined || members.length === 0) return undefined;
  return [
    `${indent}${code.slice(0, open)}{`,
    ...members.flatMap((m) => breakLine(`${indent}  ${m};`)),
    `${indent}}${tailMatch[1]}`,
  ];
}

/** `A & B<C>,` (an intersection, as in a type parameter's constraint) → `A &`, then `B<C>,` deeper. */
function breakIntersection(indent: string, code: string): string[] | undefined {
  if (!code.includes(" & ")) return undefined;
  const parts = splitTopLevel(code, " & ");
  // Only before a generic type (`& Record<string, unknown>;`): an object type or union after the
  // `&` would read worse split than long.
  if (parts === undefined || parts.length < 2 || !/^[\w$.]+<.*>[;,]?$/.test(parts.at(-1)!)) return undefined;
  return [
    ...parts.slice(0, -1).map((p, i) => `${indent}${i === 0 ? "" : "  "}${p} &`),
    ...breakLine(`${indent}  ${parts.at(-1)!}`),
  ];
}
