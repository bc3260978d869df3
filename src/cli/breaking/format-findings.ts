/**
 * Prints breaking-change findings as text (one `file:line:col` line each, plus hints and a
 * summary), JSON (one document), or GitHub Actions annotations.
 */
import type { Finding } from "../../breaking/index.js";
import { githubAnnotation, type ErrorFormat } from "../error-format.js";

/** The text to print for `findings` in `format`; empty findings still print a summary (or `[]`). */
export function formatFindings(findings: readonly Finding[], format: ErrorFormat): string {
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
          const end = f.location.file.position(f.location.end);
          return (
            githubAnnotation(
              f.severity === "breaking" ? "error" : "notice",
              {
                file: f.location.file.name,
                line,
                col: column,
                endLine: end.line,
                endColumn: end.column,
                title: `${f.severity} change ${f.code} ${f.rule}`,
              },
              f.message + (f.hint === undefined ? "" : ` (${f.hint})`),
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
