/**
 * A source text with its name and a line-start table, built once, so that offsets
 * (which every AST node and diagnostic stores) can be turned into line and column on demand.
 */
export class SourceFile {
  /** Offsets (UTF-16) at which each line starts; `lineStarts[0]` is always 0. */
  readonly lineStarts: readonly number[];

  constructor(
    /** The name shown in diagnostics: a path relative to the cwd, or a pseudo-name like `<stdin>`. */
    readonly name: string,
    /** The whole text, as read (no normalisation of line endings). */
    readonly text: string,
  ) {
    const starts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  /** 1-based line and column of a UTF-16 offset; offsets past the end clamp to the end. */
  position(offset: number): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.lineStarts[lo]! + 1 };
  }

  /** The text of a 1-based line, without its line terminator. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, "");
  }
}
