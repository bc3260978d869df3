/**
 * Layout of types. A parenthesised list is printed on one line when it fits in the width and
 * holds no comments; otherwise it is broken one item per line, indented two spaces more than the
 * line it opens on, with `)` back at that line's indentation. Nested lists decide the same way
 * on their own, so a short inline struct stays flat inside a broken one.
 */
import type { AstComment, AstParens, AstType, Span } from "../parser/ast.js";
import { commentText, type CommentPool } from "./comments.js";

/** The maximum line width the formatter aims for (comments excepted). */
export const formatWidth = 80;

/** The one-line text of a type. */
export function flatType(type: AstType): string {
  switch (type.kind) {
    case "nullable":
      return `?${flatType(type.inner)}`;
    case "array":
      return `[]${flatType(type.element)}`;
    case "map":
      return `[string]${flatType(type.value)}`;
    case "ref":
      return type.name;
    case "parens":
      return `(${type.items.map((i) => (i.type ? `${i.name.text}: ${flatType(i.type)}` : i.name.text)).join(", ")})`;
    default:
      return type.kind;
  }
}

/** The parenthesised lists directly inside a type (through `?`, `[]` and `[string]`). */
function nestedParens(type: AstType | undefined): Span[] {
  if (type === undefined) return [];
  if (type.kind === "parens") return [type];
  if (type.kind === "nullable") return nestedParens(type.inner);
  if (type.kind === "array") return nestedParens(type.element);
  if (type.kind === "map") return nestedParens(type.value);
  return [];
}

/** Prints types, taking the comments it meets from the pool. */
export class Layout {
  constructor(private readonly pool: CommentPool) {}

  /**
   * A type starting at `column` on a line indented by `indent`; `after` is how many characters
   * must still fit behind it on the same line (`,`, `)`, ` -> (`).
   */
  type(type: AstType, indent: number, column: number, after: number): string {
    if (type.kind === "nullable") return `?${this.type(type.inner, indent, column + 1, after)}`;
    if (type.kind === "array") return `[]${this.type(type.element, indent, column + 2, after)}`;
    if (type.kind === "map") return `[string]${this.type(type.value, indent, column + 8, after)}`;
    if (type.kind === "parens") return this.parens(type, indent, column, after);
    return flatType(type);
  }

  /** True when the list can stay on one line. */
  fitsFlat(p: AstParens, column: number, after: number): boolean {
    return !this.pool.hasAny(p) && column + flatType(p).length + after <= formatWidth;
  }

  parens(p: AstParens, indent: number, column: number, after: number): string {
    if (p.items.length === 0 && !this.pool.hasAny(p)) return "()";
    if (this.fitsFlat(p, column, after)) return flatType(p);
    const inner = " ".repeat(indent + 2);
    // A comment right after `(` stays on that line: moved below, it would become a doc comment.
    const afterOpen = this.pool.takeTrailing(p.start + 1, p.items[0]?.start ?? p.end - 1);
    const lines: string[] = [afterOpen ? `( ${commentText(afterOpen)}` : "("];
    let cursor = afterOpen?.end ?? p.start + 1;
    p.items.forEach((item, i) => {
      const last = i === p.items.length - 1;
      const nested = nestedParens(item.type);
      const leading = this.pool.take(cursor, item.start);
      const stranded = this.pool.take(item.start, item.end, nested);
      lines.push(...this.aboveLines(stranded, leading, item.start, inner));
      const head = item.type ? `${item.name.text}: ` : item.name.text;
      const type = item.type ? this.type(item.type, indent + 2, indent + 2 + head.length, last ? 0 : 1) : "";
      const next = p.items[i + 1]?.start ?? p.end - 1;
      const trailing = this.pool.takeTrailing(item.end, next);
      lines.push(`${inner}${head}${type}${last ? "" : ","}${trailing ? ` ${commentText(trailing)}` : ""}`);
      cursor = trailing?.end ?? item.end;
    });
    const closing = this.pool.take(cursor, p.end - 1);
    lines.push(...this.commentLines(closing, undefined, inner));
    lines.push(`${" ".repeat(indent)})`);
    return lines.join("\n");
  }

  /**
   * The comment lines printed above a field or member: comments that were stranded inside it
   * (e.g. between a field name and its type) first, then a blank line so they do not become its
   * doc comment, then the comments that were above it, as they were.
   */
  aboveLines(
    stranded: readonly AstComment[],
    leading: readonly AstComment[],
    before: number,
    indent: string,
  ): string[] {
    // Leading comments separated from the item by code (a `,` on a line of its own or before the
    // item) or following code on their line (`, # c`) document nothing; printed directly above
    // the item they would become its doc comment. They go with the stranded ones instead.
    const code = leading.length > 0 ? this.pool.codeEnd(leading[0]!.start, before) : 0;
    let split = 0;
    leading.forEach((c, i) => {
      if (c.start < code || !this.pool.ownLine(c)) split = i + 1;
    });
    const out = [...stranded, ...leading.slice(0, split)].map((c) => `${indent}${commentText(c)}`);
    if (out.length > 0) out.push("");
    return [...out, ...this.commentLines(leading.slice(split), before, indent)];
  }

  /**
   * Comment lines at an indentation. A blank line in the source between two comments, or
   * between the last comment and `before`, is kept: it decides what is a doc comment.
   */
  commentLines(comments: readonly AstComment[], before: number | undefined, indent: string): string[] {
    const out: string[] = [];
    comments.forEach((c, i) => {
      out.push(`${indent}${commentText(c)}`);
      const nextStart = comments[i + 1]?.start ?? before;
      if (nextStart !== undefined && this.pool.blankBetween(c.end, nextStart)) out.push("");
    });
    return out;
  }
}
