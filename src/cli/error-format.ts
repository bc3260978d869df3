/**
 * `--error-format text|json|github`, shared by `breaking`, `generate --check` and `validate`-style
 * commands: how problems are printed. `github` emits GitHub Actions workflow commands, which the
 * runner turns into annotations on the pull request's diff.
 */
import { Option } from "commander";

/** The output formats for problems. */
export const errorFormats = ["text", "json", "github"] as const;
/** One of {@link errorFormats}. */
export type ErrorFormat = (typeof errorFormats)[number];

/** The commander option, with its choices validated by commander (a bad value is exit code 2). */
export function errorFormatOption(): Option {
  return new Option("--error-format <format>", "how problems are printed")
    .choices(errorFormats)
    .default("text");
}

/** Where a GitHub annotation points (1-based). */
export interface AnnotationPosition {
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly title?: string;
}

// https://docs.github.com/actions/reference/workflow-commands-for-github-actions: the message
// escapes % CR LF; property values additionally escape ':' and ','.
const escapeData = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** One GitHub Actions workflow command line, e.g. `::error file=a.varlink,line=3,col=5::message`. */
export function githubAnnotation(
  kind: "error" | "warning" | "notice",
  position: AnnotationPosition,
  message: string,
): string {
  const props = Object.entries(position)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(",");
  return `::${kind} ${props}::${escapeData(message)}`;
}
