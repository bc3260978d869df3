/**
 * The library API of varlink-codegen. Every function here returns values and diagnostics and
 * never touches the process (argv, files, stdout, exit codes); that is `src/cli/`'s job.
 */
export type { Diagnostic, Result, Severity } from "./diagnostics/diagnostic.js";
export { SourceFile } from "./diagnostics/source-file.js";
export type * from "./model/model.js";
// Breaking-change detection between two versions of an interface (docs/breaking.md).
export {
  compareInterfaces,
  compareInterfaceSets,
  hasBreaking,
  rules as breakingRules,
  typeUsage,
  type Direction,
  type Finding,
  type FindingLocation,
  type FindingSeverity,
  type RuleId,
} from "./breaking/index.js";
// The front end: load (lex, parse, check) an interface, render diagnostics, format IDL.
export { hasErrors, sortDiagnostics } from "./diagnostics/diagnostic.js";
export { renderDiagnostic, renderDiagnostics, type RenderOptions } from "./diagnostics/render.js";
export { loadInterface } from "./model/index.js";
export { findType, isSet, membersOf } from "./model/model.js";
export { parseFile } from "./parser/index.js";
export type * from "./parser/ast.js";
export { formatSource, printInterface } from "./format/index.js";
export {
  generate,
  type GeneratedFile,
  type GenerateInput,
  type GenerateOptions,
  type ImportExtension,
  type IntMode,
} from "./generator/index.js";
