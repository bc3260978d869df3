/**
 * The formatter's view of comments: a pool it takes from in source order, so every comment is
 * printed exactly once, next to the code it was written next to.
 */
import type { AstComment, Span } from "../parser/ast.js";

/**
 * Comments not yet printed, with the source text to tell same-line and blank-line context.
 * Comments are sorted by offset; lookups binary-search, so formatting stays linear in file size.
 */
export class CommentPool {
  private readonly comments: readonly AstComment[];
  private readonly printed: boolean[];

  constructor(
    comments: readonly AstComment[],
    private readonly text: string,
  ) {
    this.comments = [...comments].sort((a, b) => a.start - b.start);
    this.printed = this.comments.map(() => false);
  }

  /** Index of the first comment starting at or after `offset`. */
  private firstAt(offset: number): number {
    let lo = 0;
    let hi = this.comments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.comments[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** True when an unprinted comment lies inside the span (forces a multi-line layout). */
  hasAny(span: Span): boolean {
    for (
      let i = this.firstAt(span.start);
      i < this.comments.length && this.comments[i]!.start < span.end;
      i++
    ) {
      if (!this.printed[i]) return true;
    }
    return false;
  }

  /** Removes and returns the comments starting in [start, end) and outside `except`, in order. */
  take(start: number, end: number, except: readonly Span[] = []): AstComment[] {
    const taken: AstComment[] = [];
    for (let i = this.firstAt(start); i < this.comments.length && this.comments[i]!.start < end; i++) {
      const c = this.comments[i]!;
      if (this.printed[i] || except.some((s) => c.start >= s.start && c.start < s.end)) continue;
      this.printed[i] = true;
      taken.push(c);
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

  /** True when only blanks precede the comment on its source line (so it may be a doc comment). */
  ownLine(comment: AstComment): boolean {
    const lineStart = this.text.lastIndexOf("\n", comment.start - 1) + 1;
    return /^[ \t\uFEFF]*$/.test(this.text.slice(lineStart, comment.start));
  }

  /** End of the last code character in [start, end), skipping blanks and comments; `start` if none. */
  codeEnd(start: number, end: number): number {
    let last = start;
    let k = this.firstAt(start);
    for (let i = start; i < end; i++) {
      const comment = this.comments[k];
      if (comment?.start === i) {
        i = comment.end - 1;
        k++;
      } else if (!/\s/.test(this.text[i]!)) last = i + 1;
    }
    return last;
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
