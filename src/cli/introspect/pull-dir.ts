/**
 * Where `pull` writes without `-o`: the directory of the config's first input, so that
 * `pull` then `generate` is the whole round trip. A glob input contributes the directory before
 * its first wildcard (`idl/**\/*.varlink` → `idl`), a file input its directory.
 */
import { dirname } from "node:path";

/** The output directory for `pull` given the config's inputs (cwd-relative), `.` without any. */
export function pullDirectory(inputs: readonly string[] | undefined): string {
  const first = inputs?.[0];
  if (first === undefined) return ".";
  const wildcard = first.search(/[*?[{]/);
  if (wildcard !== -1) {
    const prefix = first.slice(0, wildcard);
    return prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) || "/" : ".";
  }
  return first.endsWith(".varlink") ? dirname(first) : first;
}
