import { printProblems } from "./terminal.js";
import { readSource } from "./read-source.js";

/**
 * Reads a UTF-8 text file for a command; an unreadable file (permissions, a race with deletion)
 * or a binary one is reported as `varlink-codegen: ...` instead of escaping as an internal error.
 */
export function readText(path: string): string | undefined {
  const read = readSource(path);
  if ("problem" in read) {
    printProblems([read.problem]);
    return undefined;
  }
  return read.text;
}
