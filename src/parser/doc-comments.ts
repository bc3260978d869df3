/**
 * Doc comments: the `#` lines directly above a declaration, field or enum value (no blank line in
 * between), each a comment on a line of its own. `# ` (hash and one space) is removed from each
 * line and the lines are joined with "\n". A comment after code on the same line is never a doc
 * comment, and neither is one above a node that does not start its line (`method F(a: int)`:
 * the comment above documents `F`, not `a`).
 */
import type { SourceFile } from "../diagnostics/source-file.js";
import type { AstComment } from "./ast.js";

/** Finds doc comments for node offsets in one file. */
export class DocIndex {
  /** Own-line comments by 0-based line number. */
  private readonly byLine = new Map<number, AstComment>();
  private readonly text: string;
  private readonly lineStarts: readonly number[];

  constructor(
    private readonly file: SourceFile,
    comments: readonly AstComment[],
  ) {
    this.text = file.text;
    this.lineStarts = file.lineStarts;
    for (const comment of comments) {
      const line = this.lineOf(comment.start);
      if (this.onlyBlankBefore(comment.start, line)) this.byLine.set(line, comment);
    }
  }

  /** The doc text for a node starting at `offset`, or undefined. */
  docAt(offset: number): string | undefined {
    const line = this.lineOf(offset);
    if (!this.onlyBlankBefore(offset, line)) return undefined;
    const lines: string[] = [];
    for (let l = line - 1; l >= 0; l--) {
      const comment = this.byLine.get(l);
      if (comment === undefined) break;
      lines.push(stripHash(comment.text));
    }
    return lines.length === 0 ? undefined : lines.reverse().join("\n");
  }

  /** 0-based line of an offset. */
  private lineOf(offset: number): number {
    return this.file.position(offset).line - 1;
  }

  private onlyBlankBefore(offset: number, line: number): boolean {
    for (let i = this.lineStarts[line]!; i < offset; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }
}

/** `# text` → `text`; `#text` → `text`; `#` → ``. Trailing whitespace (and `\r`) is dropped. */
export function stripHash(comment: string): string {
  const body = comment.startsWith("# ") ? comment.slice(2) : comment.slice(1);
  return body.replace(/\s+$/, "");
}
