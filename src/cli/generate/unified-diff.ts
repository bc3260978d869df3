/**
 * A line-based unified diff (`diff -u` style) for `generate --check`: Myers' O(ND) algorithm
 * (E. Myers, "An O(ND) Difference Algorithm and Its Variations", 1986) to find a shortest edit
 * script, then hunks with three lines of context.
 */

type Edit = { readonly op: " " | "-" | "+"; readonly line: string };

/** The shortest edit script turning `a` into `b`, as a list of kept, removed and added lines. */
export function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      // Step down (insert from b) or right (delete from a), whichever reaches further.
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace backwards from (n, m) to recover the path.
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      y--;
      edits.push({ op: " ", line: a[--x]! });
    }
    if (d > 0) {
      if (x === prevX) edits.push({ op: "+", line: b[--y]! });
      else edits.push({ op: "-", line: a[--x]! });
    }
  }
  return edits.reverse();
}

/** Splits text into lines, keeping whether the last one ended with a newline. */
function lines(text: string): string[] {
  if (text === "") return [];
  const parts = text.split("\n");
  if (parts[parts.length - 1] === "") parts.pop();
  else parts[parts.length - 1] += "\n\\ No newline at end of file";
  return parts;
}

/**
 * A unified diff from `oldText` to `newText` with `---`/`+++` headers, or "" when they are equal.
 * `context` lines of unchanged text surround each change; nearby changes share a hunk.
 */
export function unifiedDiff(
  oldName: string,
  newName: string,
  oldText: string,
  newText: string,
  context = 3,
): string {
  if (oldText === newText) return "";
  const edits = diffLines(lines(oldText), lines(newText));
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  let i = 0;
  while (i < edits.length) {
    while (i < edits.length && edits[i]!.op === " ") i++;
    if (i >= edits.length) break;
    let start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while the next change is within 2 * context unchanged lines.
    for (;;) {
      while (end < edits.length && edits[end]!.op !== " ") end++;
      let gap = end;
      while (gap < edits.length && edits[gap]!.op === " ") gap++;
      if (gap < edits.length && gap - end <= 2 * context) end = gap;
      else {
        end = Math.min(edits.length, end + context);
        break;
      }
    }
    let oldLine = 1;
    let newLine = 1;
    for (let j = 0; j < start; j++) {
      if (edits[j]!.op !== "+") oldLine++;
      if (edits[j]!.op !== "-") newLine++;
    }
    const hunk = edits.slice(start, end);
    const oldCount = hunk.filter((e) => e.op !== "+").length;
    const newCount = hunk.filter((e) => e.op !== "-").length;
    const range = (line: number, count: number): string =>
      `${count === 0 ? line - 1 : line}${count === 1 ? "" : `,${count}`}`;
    out.push(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`);
    for (const e of hunk) out.push(`${e.op}${e.line}`);
    i = end;
    start = end;
  }
  return out.join("\n") + "\n";
}
