/**
 * File-system failures while writing output (generated code, pulled interfaces, a config, a
 * formatted file): the user's environment, not a bug, so one `varlink-codegen: ...` line and
 * exit code 1 (the run failed) instead of an internal error with a stack trace.
 */
import { statSync } from "node:fs";
import { dirname, isAbsolute, relative } from "node:path";

/** Plain words for the errors a write meets. */
const REASONS: Readonly<Record<string, string>> = {
  EEXIST: "a file is in the way of a directory (EEXIST)",
  ENOTDIR: "a file is in the way of a directory (ENOTDIR)",
  EISDIR: "a directory is in the way of a file (EISDIR)",
  EACCES: "permission denied (EACCES)",
  EPERM: "permission denied (EPERM)",
  EROFS: "read-only file system (EROFS)",
  ENOSPC: "no space left on the device (ENOSPC)",
};

/**
 * `cannot write '<path>': <reason>` for a Node file-system error, or undefined for anything else
 * (which stays an internal error). `fallbackPath` names the place when the error has no path
 * (a read through a file descriptor).
 */
export function describeWriteError(error: unknown, cwd: string, fallbackPath: string): string | undefined {
  if (!(error instanceof Error && "code" in error && typeof error.code === "string")) return undefined;
  const given = "path" in error ? String(error.path) : fallbackPath;
  const path = error.code === "ENOTDIR" || error.code === "EEXIST" ? fileInTheWay(given) : given;
  // Relative when inside the cwd (short, as typed); absolute when "../../.." would be longer.
  const shown = relative(cwd, path);
  const where = shown === "" || shown.startsWith("..") || isAbsolute(shown) ? path : shown;
  return `cannot write '${where}': ${REASONS[error.code] ?? error.code}`;
}

/**
 * The file that blocks a directory: `mkdir -p out/runtime/client` reports the deepest path even
 * when the file in the way is `out/runtime`, so walk up to the first ancestor that is not a
 * directory (the path itself when none is found).
 */
function fileInTheWay(path: string): string {
  for (let at = path; dirname(at) !== at; at = dirname(at)) {
    try {
      if (!statSync(at).isDirectory()) return at;
    } catch {
      // Missing, or below the file in the way: keep walking up.
    }
  }
  return path;
}
