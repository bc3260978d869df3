/**
 * Prints breaking-change findings as text (one `file:line:col` line each, plus hints and a
 * summary), JSON (one document), or GitHub Actions annotations.
 */
import type { Finding } from "../../breaking/index.js";
import type { SourceFile } from "../../diagnostics/source-file.js";
import { githubAnnotation, type ErrorFormat } from "../error-format.js";

/** For an old file, the new file of the same interface and the offset of its name. */
export type Counterparts = ReadonlyMap<SourceFile, { readonly file: SourceFile; readonly start: number }>;

/**
 * The text to print for `findings` in `format`; empty findings still print a summary (or `[]`).
 * GitHub annotations must point into files of the checked-out tree, so a removal (located in the
 * old file, e.g. `origin/main:a.varlink`) is annotated on the new file's interface name instead,
 * when `counterparts` knows it, with the old location in the message.
 */
export function formatFindings(
  findings: readonly Finding[],
  format: ErrorFormat,
  counterparts: Counterparts = new Map(),
): string {
  const breaking = findings.filter((f) => f.severity === "breaking").length;
  const located = findings.map((f) => ({ f, ...f.location.file.position(f.location.start) }));
  switch (format) {
    case "json":
      return (
        JSON.stringify(
          {
            breaking: breaking > 0,
            findings: located.map(({ f, line, column }) => ({
              file: f.location.file.name,
              line,
              column,
              side: f.location.side,
              rule: f.rule,
              code: f.code,
              severity: f.severity,
              path: f.path,
              direction: f.direction ?? null,
              message: f.message,
              hint: f.hint ?? null,
            })),
          },
          null,
          2,
        ) + "\n"
      );
    case "github":
      return located
        .map(({ f, line, column }) => {
          const moved = f.location.side === "old" ? counterparts.get(f.location.file) : undefined;
          const file = moved?.file ?? f.location.file;
          const start = moved === undefined ? { line, column } : moved.file.position(moved.start);
          const end = moved === undefined ? f.location.file.position(f.location.end) : start;
          const oldAt = moved === undefined ? "" : ` (was at ${f.location.file.name}:${line}:${column})`;
          return (
            githubAnnotation(
              f.severity === "breaking" ? "error" : "notice",
              {
                file: file.name,
                line: start.line,
                col: start.column,
                endLine: end.line,
                endColumn: end.column,
                title: `${f.severity} change ${f.code} ${f.rule}`,
              },
              f.message + (f.hint === undefined ? "" : ` (${f.hint})`) + oldAt,
            ) + "\n"
          );
        })
        .join("");
    case "text": {
      const lines = located.map(({ f, line, column }) => {
        const where = `${f.location.file.name}:${line}:${column}${f.location.side === "old" ? " (old)" : ""}`;
        const direction = f.direction === undefined ? "" : ` [${f.direction}]`;
        const hint = f.hint === undefined ? "" : `\n  hint: ${f.hint}`;
        return `${where}: ${f.severity} ${f.code} ${f.rule}: ${f.message}${direction}${hint}\n`;
      });
      const safe = findings.length - breaking;
      const summary =
        findings.length === 0
          ? "no changes\n"
          : `${breaking} breaking change${breaking === 1 ? "" : "s"}, ${safe} safe change${safe === 1 ? "" : "s"}\n`;
      return lines.join("") + summary;
    }
  }
}
