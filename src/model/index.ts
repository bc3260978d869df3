/**
 * The front end's entry point: source text in, checked model (or diagnostics) out.
 */
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";
import { hasErrors, sortDiagnostics } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source-file.js";
import { parseFile } from "../parser/index.js";
import { buildModel } from "./build.js";
import type { Interface } from "./model.js";

export { buildModel, ModelCode } from "./build.js";

/**
 * Lexes, parses, builds and checks one interface. The diagnostics are sorted; `value` is
 * undefined when errors prevent a trustworthy model. Never throws for any input text.
 */
export function loadInterface(file: SourceFile): Result<Interface | undefined> {
  const parsed = parseFile(file);
  const built = buildModel(file, parsed.value);
  const diagnostics: Diagnostic[] = sortDiagnostics([...parsed.diagnostics, ...built.diagnostics]);
  return { value: hasErrors(diagnostics) ? undefined : built.value, diagnostics };
}
