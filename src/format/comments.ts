/**
 * The formatter's view of comments: a pool it takes from in source order, so every comment is
 * printed exactly once, next to the code it was written next to.
 */
import type { AstComment, Span } from "../parser/ast.js";

/** Comments not yet printed, with the source text to tell same-line and blank-line context. */
export class CommentPool {
  private readonly left: AstComment[];

  constructor(
    comments: readonly AstComment[],
    private readonly text: string,
  ) {
    this.left = [...comments];
  }

  /** True when an unprinted comment lies inside the span (forces a multi-line layout). */
  hasAny(span: Span): boolean {
    return this.left.some((c) => c.start >= span.start && c.start < span.end);
  }

  /** Removes and returns the comments starting in [start, end), in order. */
  take(start: number, end: number, except: readonly Span[] = []): AstComment[] {
    const taken: AstComment[] = [];
    for (let i = 0; i < this.left.length;) {
      const c = this.left[i]!;
      const inside =
        c.start >= start && c.start < end && !except.some((s) => c.start >= s.start && c.start < s.end);
      if (inside) {
        taken.push(c);
        this.left.splice(i, 1);
      } else i++;
    }
    return taken;
  }

  /** Removes and returns the comment that follows `offset` on the same line, before `limit`. */
  takeTrailing(offset: number, limit: number): AstComment | undefined {
    const lineEnd = this.text.indexOf("\n", offset);
    const end = Math.min(limit, lineEnd === -1 ? this.text.length : lineEnd);
    return this.take(offset, end)[0];
  }

  /** Everything not printed yet. */
  rest(): AstComment[] {
    return this.take(0, Number.MAX_SAFE_INTEGER);
  }

  /** True when the source has an empty line between two offsets. */
  blankBetween(end: number, start: number): boolean {
    return /\n[ \t\r]*\n/.test(this.text.slice(end, start));
  }
}

/** A comment as printed: trailing whitespace removed. */
export function commentText(comment: AstComment): string {
  return comment.text.replace(/\s+$/, "");
}
