/**
 * Prints front-end and config diagnostics in the chosen `--error-format`: the caret frames of
 * `renderDiagnostics` for text, a JSON array, or GitHub Actions annotations.
 */
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { githubAnnotation, type ErrorFormat } from "./error-format.js";

/** The text for `diagnostics` in `format` (empty string when there are none). */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  format: ErrorFormat,
  color = false,
): string {
  if (diagnostics.length === 0) return format === "json" ? "[]\n" : "";
  const sorted = sortDiagnostics(diagnostics);
  switch (format) {
    case "text":
      return renderDiagnostics(sorted, { color });
    case "json":
      return (
        JSON.stringify(
          sorted.map((d) => ({
            file: d.file.name,
            ...d.file.position(d.start),
            severity: d.severity,
            code: d.code,
            message: d.message,
            hint: d.hint ?? null,
          })),
          null,
          2,
        ) + "\n"
      );
    case "github":
      return sorted
        .map((d) => {
          const { line, column } = d.file.position(d.start);
          const message = d.hint === undefined ? d.message : `${d.message} (${d.hint})`;
          return (
            githubAnnotation(d.severity, { file: d.file.name, line, col: column, title: d.code }, message) +
            "\n"
          );
        })
        .join("");
  }
}
