/**
 * Reads an input `.varlink` file for any command. Failures come back as one-line problems
 * (printed as `varlink-codegen: ...`, exit code 2) instead of escaping as internal errors, and a
 * binary file is refused up front: lexing it would print one garbled diagnostic per control byte.
 * A leading byte-order mark is dropped.
 */
import { readFileSync } from "node:fs";

/** The file's text, or why it cannot be used as an interface file. */
export type ReadSource = { readonly text: string } | { readonly problem: string };

/** Reads `path` (relative to the cwd or absolute) as UTF-8; `shown` is the name used in problems. */
export function readSource(path: string, shown: string = path): ReadSource {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    return { problem: `cannot read '${shown}': ${reason}` };
  }
  // NUL never occurs in text; it is the usual sign of a binary file (compiled code, an image...).
  if (bytes.includes(0)) return { problem: `'${shown}' is a binary file, not a Varlink interface` };
  // A UTF-8 byte-order mark (some Windows editors write one) is not part of the interface: left in,
  // it would shift every column on line 1 and be served back by GetInterfaceDescription.
  const text = bytes.toString("utf8");
  return { text: text.startsWith("\uFEFF") ? text.slice(1) : text };
}
