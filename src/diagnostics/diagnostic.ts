import type { SourceFile } from "./source-file.js";

/** How bad a diagnostic is: errors fail the run (exit code 1), warnings do not. */
export type Severity = "error" | "warning";

/** A secondary location attached to a diagnostic ("first defined here"). */
export interface DiagnosticNote {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/**
 * One problem found in user input. Positions are UTF-16 offsets into `file.text`; line and
 * column are computed only when rendering. Codes: VL1xx lexing/parsing, VL2xx model checks,
 * VL3xx options and I/O, VL4xx breaking-change rules.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: SourceFile;
  readonly start: number;
  readonly end: number;
  /** Shown under the caret: a suggestion such as "did you mean 'Point'?". */
  readonly hint?: string;
  readonly notes?: readonly DiagnosticNote[];
}

/** What every stage returns: a value (possibly partial) and the diagnostics it found. */
export interface Result<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** True when any diagnostic is an error (as opposed to a warning). */
export function hasErrors(diagnostics: readonly { readonly severity: Severity }[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sorts diagnostics by file name, then offset, then code: the stable order they are printed in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file.name < b.file.name ? -1 : a.file.name > b.file.name ? 1 : 0) ||
      a.start - b.start ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
