/**
 * Renders diagnostics as text:
 *
 * ```
 * fixtures/invalid/unknown-type/input.varlink:7:17: error VL201: unknown type 'Pont'
 *   6 | # Move the turtle
 *   7 | method Move(to: Pont) -> ()
 *     |                 ^^^^ did you mean 'Point'?
 * ```
 *
 * The line above is shown for context when it is not blank. A span over several lines is
 * underlined to the end of its first line; an empty span (end of file) gets one caret. Tabs before
 * the caret are kept as tabs so the caret lines up in any terminal. Lines longer than 120
 * characters are shown as a window around the caret, cut ends marked with `…`. Notes follow as
 * `file:line:col: note: message` with their own frame. Colour (ANSI) only when asked for.
 */
import { sortDiagnostics, type Diagnostic } from "./diagnostic.js";
import type { SourceFile } from "./source-file.js";

/** Rendering options. */
export interface RenderOptions {
  /** ANSI colours (the CLI turns this on for a TTY when NO_COLOR is unset). Default false. */
  readonly color?: boolean;
}

interface Palette {
  error: (s: string) => string;
  warning: (s: string) => string;
  note: (s: string) => string;
  gutter: (s: string) => string;
  caret: (s: string) => string;
  hint: (s: string) => string;
  bold: (s: string) => string;
}

const ansi = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
const plain = (s: string) => s;
const colored: Palette = {
  error: ansi("1;31"),
  warning: ansi("1;33"),
  note: ansi("1;36"),
  gutter: ansi("34"),
  caret: ansi("1;31"),
  hint: ansi("32"),
  bold: ansi("1"),
};
const uncolored: Palette = {
  error: plain,
  warning: plain,
  note: plain,
  gutter: plain,
  caret: plain,
  hint: plain,
  bold: plain,
};

/** Longest source line shown whole; longer lines are cut to a window around the caret. */
const maxShownLine = 120;

/** Cuts a long line to a window of `maxShownLine` characters starting near `from`, marking cuts with `…`. */
function window(text: string, from: number): { shown: string; offset: number } {
  if (text.length <= maxShownLine) return { shown: text, offset: 0 };
  const offset = Math.max(0, Math.min(from - 40, text.length - maxShownLine));
  const head = offset > 0 ? "…" : "";
  const tail = offset + maxShownLine < text.length ? "…" : "";
  return { shown: head + text.slice(offset, offset + maxShownLine) + tail, offset: offset - head.length };
}

function frame(
  file: SourceFile,
  start: number,
  end: number,
  label: string | undefined,
  p: Palette,
): string[] {
  const { line, column } = file.position(start);
  const text = file.lineText(line);
  const endPosition = file.position(end);
  const lastColumn = endPosition.line === line ? endPosition.column : text.length + 1;
  const { shown, offset } = window(text, column - 1);
  const width = Math.max(1, Math.min(lastColumn - column, shown.length - (column - 1 - offset)));
  const previous = line > 1 ? file.lineText(line - 1) : "";
  const gutterWidth = String(line).length;
  const out: string[] = [];
  if (previous.trim() !== "") {
    out.push(p.gutter(`${String(line - 1).padStart(gutterWidth)} | `) + window(previous, column - 1).shown);
  }
  out.push(p.gutter(`${String(line)} | `) + shown);
  const padding = shown.slice(0, column - 1 - offset).replace(/[^\t]/g, " ");
  const caret = p.caret("^".repeat(width));
  out.push(p.gutter(`${" ".repeat(gutterWidth)} | `) + padding + caret + (label ? ` ${p.hint(label)}` : ""));
  return out.map((l) => `  ${l}`.replace(/\s+$/, ""));
}

/** Renders one diagnostic, with its source frame, hint and notes; ends with a newline. */
export function renderDiagnostic(d: Diagnostic, options: RenderOptions = {}): string {
  const p = options.color ? colored : uncolored;
  const { line, column } = d.file.position(d.start);
  const severity = d.severity === "error" ? p.error("error") : p.warning("warning");
  const lines = [
    `${p.bold(`${d.file.name}:${line}:${column}:`)} ${severity} ${p.bold(`${d.code}: ${d.message}`)}`,
  ];
  lines.push(...frame(d.file, d.start, d.end, d.hint, p));
  for (const note of d.notes ?? []) {
    const at = d.file.position(note.start);
    lines.push(`${p.bold(`${d.file.name}:${at.line}:${at.column}:`)} ${p.note("note")}: ${note.message}`);
    lines.push(...frame(d.file, note.start, note.end, undefined, p));
  }
  return `${lines.join("\n")}\n`;
}

/** Renders diagnostics in their stable order (file, offset, code), separated by blank lines. */
export function renderDiagnostics(list: readonly Diagnostic[], options: RenderOptions = {}): string {
  return sortDiagnostics(list)
    .map((d) => renderDiagnostic(d, options))
    .join("\n");
}
