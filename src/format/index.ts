/**
 * The canonical Varlink printer (what `varlink-codegen format` writes):
 *
 * - comments above the `interface` line, then `interface name`, then each member after one blank
 *   line; the file ends with a single newline;
 * - every comment is kept. Comment lines above a member or field stay directly above it (a blank
 *   line between a comment and its declaration is kept too, since it decides what is a doc
 *   comment); a comment after code stays at the end of that line; comments in odd places (inside a
 *   type) move above the field or member they are in, followed by a blank line so they do not
 *   become its doc comment;
 * - a member is one line when it fits in 80 columns and holds no comment; otherwise its lists are
 *   broken one item per line with two-space indentation (see layout.ts). For a method, the input
 *   list stays flat when `method Name(...) -> (` fits, and the output list is decided on its own.
 *
 * The printer works on the AST (so it keeps comments), needs a file without syntax errors, and is
 * idempotent: formatting its output again changes nothing.
 */
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source-file.js";
import type { AstFile, AstMember, AstParens } from "../parser/ast.js";
import { parseFile } from "../parser/index.js";
import { CommentPool, commentText } from "./comments.js";
import { flatType, formatWidth, Layout } from "./layout.js";

export { formatWidth } from "./layout.js";

function memberParens(m: AstMember): AstParens[] {
  if (m.kind === "method") return [m.input, m.output];
  return [m.kind === "type" ? m.body : m.parameters];
}

function printMember(m: AstMember, layout: Layout, pool: CommentPool): string {
  if (m.kind === "method") {
    const head = `method ${m.name.text}`;
    const arrow = " -> ";
    const oneLine = `${head}${flatType(m.input)}${arrow}${flatType(m.output)}`;
    if (!pool.hasAny(m) && oneLine.length <= formatWidth) return oneLine;
    const input = layout.parens(m.input, 0, head.length, arrow.length + 1);
    const lastLine = `${input.slice(input.lastIndexOf("\n") + 1)}${arrow}`;
    const column = input.includes("\n") ? lastLine.length : head.length + lastLine.length;
    const output = layout.parens(m.output, 0, column, 0);
    return `${head}${input}${arrow}${output}`;
  }
  const head = `${m.kind} ${m.name.text} `;
  return head + layout.parens(m.kind === "type" ? m.body : m.parameters, 0, head.length, 0);
}

/** Prints a syntactically complete AST in canonical form. */
export function printInterface(ast: AstFile, file: SourceFile): string {
  const pool = new CommentPool(ast.comments, file.text);
  const layout = new Layout(pool);
  const out: string[] = [];
  const decl = ast.interface;
  let cursor = 0;
  if (decl !== undefined) {
    const leading = pool.take(0, decl.start);
    // A comment between `interface` and the name moves above, after a blank line so it does
    // not become the interface's doc comment (left in the pool it would drift to the end).
    const stranded = pool.take(decl.start, decl.end);
    out.push(...layout.aboveLines(stranded, leading, decl.start, ""));
    const trailing = pool.takeTrailing(decl.end, ast.members[0]?.start ?? file.text.length);
    out.push(`interface ${decl.name.text}${trailing ? ` ${commentText(trailing)}` : ""}`);
    cursor = trailing?.end ?? decl.end;
  }
  ast.members.forEach((m, i) => {
    out.push("");
    const leading = pool.take(cursor, m.start);
    const stranded = pool.take(m.start, m.end, memberParens(m));
    out.push(...layout.aboveLines(stranded, leading, m.start, ""));
    const text = printMember(m, layout, pool);
    const trailing = pool.takeTrailing(m.end, ast.members[i + 1]?.start ?? file.text.length);
    out.push(`${text}${trailing ? ` ${commentText(trailing)}` : ""}`);
    cursor = trailing?.end ?? m.end;
  });
  const rest = pool.rest();
  if (rest.length > 0) out.push("", ...layout.commentLines(rest, undefined, ""));
  // Collapse runs of blank lines (kept comment spacing may meet member spacing).
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+/, "")}\n`;
}

/**
 * Formats one file. `value` is undefined when the file has syntax errors (model errors such as
 * an unknown type do not stop formatting); the diagnostics are the syntax errors.
 */
export function formatSource(file: SourceFile): Result<string | undefined> {
  const parsed = parseFile(file);
  const diagnostics: readonly Diagnostic[] = parsed.diagnostics;
  if (hasErrors(diagnostics) || parsed.value.interface === undefined)
    return { value: undefined, diagnostics };
  return { value: printInterface(parsed.value, file), diagnostics };
}
