/**
 * The ts-morph `StructureKind` values the emitters use, as plain constants: emitters build
 * structures (plain objects) without loading ts-morph, which the generator never loads at run time
 * (printer/ prints the structures; ts-morph is imported for its types only).
 * `test/generator/structures.test.ts` checks these against ts-morph's enum.
 */
import type { StructureKind, VariableDeclarationKind } from "ts-morph";

/** Structure kinds, numerically equal to ts-morph's `StructureKind` members. */
export const Kind = {
  Class: 2 as StructureKind.Class,
  Function: 13 as StructureKind.Function,
  ImportDeclaration: 16 as StructureKind.ImportDeclaration,
  Interface: 19 as StructureKind.Interface,
  SourceFile: 36 as StructureKind.SourceFile,
  TypeAlias: 38 as StructureKind.TypeAlias,
  VariableStatement: 41 as StructureKind.VariableStatement,
} as const;

/** `const`, as ts-morph's `VariableDeclarationKind.Const`. */
export const Const = "const" as VariableDeclarationKind.Const;
