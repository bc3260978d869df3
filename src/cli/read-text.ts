import { readFileSync } from "node:fs";
import { printProblems } from "./terminal.js";

/**
 * Reads a UTF-8 text file for a command; an unreadable file (permissions, a race with deletion)
 * is reported as `varlink-codegen: cannot read ...` instead of escaping as an internal error.
 */
export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    printProblems([`cannot read '${path}': ${reason}`]);
    return undefined;
  }
}
