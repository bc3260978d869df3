/**
 * What the breaking-change engine reports: one `Finding` per change between two versions of an
 * interface, with the rule that matched, whether it breaks existing peers on the wire, and where.
 */
import type { SourceFile } from "../diagnostics/source-file.js";
import type { RuleId } from "./rules.js";

/** `breaking`: an existing peer built against the old interface can fail. `safe`: informational. */
export type FindingSeverity = "breaking" | "safe";

/**
 * Who reads a value: `input` (method parameters, read by the server), `output` (method replies
 * and error parameters, read by the client), `both`, or `unused` (a named type no method or error
 * reaches, so no peer ever sees it on the wire).
 */
export type Direction = "input" | "output" | "both" | "unused";

/** Where a finding points: a span in the new file, or in the old file for things that were removed. */
export interface FindingLocation {
  /** `old` for removals (the thing no longer exists in the new file), `new` otherwise. */
  readonly side: "old" | "new";
  readonly file: SourceFile;
  readonly start: number;
  readonly end: number;
}

/** One change between the old and the new interface. */
export interface Finding {
  /** Stable rule id, e.g. `method-removed` (see docs/breaking.md). */
  readonly rule: RuleId;
  /** Diagnostic code of the rule (`VL4xx`). */
  readonly code: string;
  readonly severity: FindingSeverity;
  /** Dotted path of the changed thing, e.g. `Move.input.to.x` or `Point.x`. */
  readonly path: string;
  /** For changes inside types: who reads the changed value. Absent for interface-level changes. */
  readonly direction: Direction | undefined;
  /** One sentence: what changed and why it is (not) breaking. */
  readonly message: string;
  /** An optional suggestion, e.g. "renamed to 'Ping2'?". */
  readonly hint: string | undefined;
  readonly location: FindingLocation;
}

/** True when any finding breaks existing peers. */
export function hasBreaking(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "breaking");
}
