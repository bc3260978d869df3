/**
 * Loads already-read source files with the front end, collecting every diagnostic (for commands
 * that print them in their own `--error-format`). Loads the parser: import it lazily.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source-file.js";
import { loadInterface } from "../model/index.js";
import type { Interface } from "../model/model.js";

/** The interfaces that loaded, in input order, and all diagnostics of all files. */
export function loadSources(files: readonly SourceFile[]): {
  interfaces: Interface[];
  diagnostics: Diagnostic[];
} {
  const interfaces: Interface[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const loaded = loadInterface(file);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.value !== undefined) interfaces.push(loaded.value);
  }
  return { interfaces, diagnostics };
}
