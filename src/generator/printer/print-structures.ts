/**
 * Prints the ts-morph structures the emitters build, without ts-morph: loading it means loading
 * the TypeScript compiler (~190 ms unloaded, most of a cold run; docs/performance.md), and only
 * the few structure kinds in `structures.ts` are ever emitted. The output is already formatted:
 * 2-space indentation, double quotes (the emitters write them), one blank line between
 * declarations and between class members, lists broken one item per line with trailing commas
 * when a line would pass `printWidth` (line-break.ts). Same structures in, same bytes out.
 */
import type {
  ClassDeclarationStructure,
  ConstructorDeclarationStructure,
  FunctionDeclarationStructure,
  ImportDeclarationStructure,
  InterfaceDeclarationStructure,
  MethodDeclarationOverloadStructure,
  MethodDeclarationStructure,
  MethodSignatureStructure,
  OptionalKind,
  ParameterDeclarationStructure,
  PropertyDeclarationStructure,
  PropertySignatureStructure,
  SourceFileStructure,
  StatementStructures,
  TypeAliasDeclarationStructure,
  TypeParameterDeclarationStructure,
  VariableStatementStructure,
} from "ts-morph";
import { Kind } from "../structures.js";
import { breakLine, breakLines, list, printWidth, splitTopLevel } from "./line-break.js";

type Docs = readonly unknown[] | undefined;
type Parameters = readonly OptionalKind<ParameterDeclarationStructure>[] | undefined;
type TypeParameters = readonly (string | OptionalKind<TypeParameterDeclarationStructure>)[] | undefined;

/** Prints a module: statements separated by one blank line, the banner right above the imports. */
export function printSourceFile(structure: SourceFileStructure): string {
  const statements = (structure.statements ?? []) as readonly (string | StatementStructures)[];
  // Blocks joined once at the end, not concatenated: `+=` made a rope that the write (or the
  // comparison with the file on disk) then had to flatten (docs/performance.md, fifth pass).
  const parts: string[] = [];
  statements.forEach((s, i) => {
    if (i > 0) parts.push(sameGroup(statements[i - 1]!, s) ? "\n" : "\n\n");
    parts.push(printStatement(s).join("\n"));
  });
  parts.push("\n");
  return parts.join("");
}

/** Imports sit together, and under the banner (a string statement); everything else is spaced. */
function sameGroup(before: string | StatementStructures, after: string | StatementStructures): boolean {
  if (typeof after === "string" || after.kind !== Kind.ImportDeclaration) return false;
  return typeof before === "string" || before.kind === Kind.ImportDeclaration;
}

function printStatement(statement: string | StatementStructures): string[] {
  if (typeof statement === "string") return breakLines(statement.split("\n"));
  switch (statement.kind) {
    case Kind.ImportDeclaration:
      return printImport(statement);
    case Kind.Interface:
      return printInterface(statement);
    case Kind.TypeAlias:
      return printTypeAlias(statement);
    case Kind.VariableStatement:
      return printVariable(statement);
    case Kind.Function:
      return printFunction(statement);
    case Kind.Class:
      return printClass(statement);
    default:
      throw new Error(`the printer has no rule for structure kind ${statement.kind}`);
  }
}

/** JSDoc: one line when it is one line of text, else the ` * ` block. */
function printDocs(docs: Docs, indent: string): string[] {
  // Plain loops: every declaration and member has docs, and this runs in V8's baseline tier
  // (cli/generate/tiering.ts), where a flatMap callback and a split per doc are real calls.
  const out: string[] = [];
  if (docs === undefined) return out;
  for (const doc of docs) {
    const text = typeof doc === "string" ? doc : String((doc as { description?: unknown }).description ?? "");
    if (!text.includes("\n")) {
      out.push(`${indent}/** ${text} */`);
      continue;
    }
    out.push(`${indent}/**`);
    for (const l of text.split("\n")) out.push(l === "" ? `${indent} *` : `${indent} * ${l}`);
    out.push(`${indent} */`);
  }
  return out;
}

function exported(s: { readonly isExported?: boolean }): string {
  return s.isExported === true ? "export " : "";
}

function printImport(s: OptionalKind<ImportDeclarationStructure>): string[] {
  const names = Array.isArray(s.namedImports) ? s.namedImports : [];
  const items = names.map((n) => {
    const named =
      typeof n === "string" ? { name: n } : (n as { name: string; alias?: string; isTypeOnly?: boolean });
    return `${named.isTypeOnly === true ? "type " : ""}${named.name}${named.alias !== undefined ? ` as ${named.alias}` : ""}`;
  });
  const head = `import ${s.isTypeOnly === true ? "type " : ""}`;
  return list("", head, "{ ", items, " }", ` from ${JSON.stringify(s.moduleSpecifier)};`);
}

function printTypeParameters(params: TypeParameters): string[] {
  return (params ?? []).map((p) =>
    typeof p === "string"
      ? p
      : `${p.name}${p.constraint !== undefined ? ` extends ${String(p.constraint)}` : ""}`,
  );
}

function printParameter(p: OptionalKind<ParameterDeclarationStructure>): string {
  const type = p.type !== undefined ? `: ${String(p.type)}` : "";
  const init = p.initializer !== undefined ? ` = ${String(p.initializer)}` : "";
  return `${p.name}${p.hasQuestionToken === true ? "?" : ""}${type}${init}`;
}

/**
 * `head<T>(params): returnType` + `tail`, broken as prettier does: first the parameters one per
 * line, and when the part before `(` is still too long, the type parameters too.
 */
function signature(
  indent: string,
  head: string,
  typeParameters: TypeParameters,
  parameters: Parameters,
  returnType: unknown,
  tail: string,
): string[] {
  const types = printTypeParameters(typeParameters);
  const params = (parameters ?? []).map(printParameter);
  const after = `${returnType !== undefined ? `: ${String(returnType)}` : ""}${tail}`;
  const generic = types.length > 0 ? `<${types.join(", ")}>` : "";
  const flat = list(indent, `${head}${generic}`, "(", params, ")", after);
  if (flat.length === 1) return flat;
  if (`${indent}${head}${generic}(`.length <= printWidth)
    return [...flat.slice(0, -1), ...returnLines(indent, returnType, tail)];
  const typeLines = list(indent, head, "<", types, ">", "");
  if (typeLines.length === 1) return flat;
  return [...typeLines.slice(0, -1), ...list(indent, ">", "(", params, ")", after)];
}

/**
 * The `): returnType tail` line closing broken parameters; a union that does not fit is written
 * one member per line (`):`, `| A`, `| B {`), as prettier does.
 */
function returnLines(indent: string, returnType: unknown, tail: string): string[] {
  if (returnType === undefined) return [`${indent})${tail}`];
  const line = `${indent}): ${String(returnType)}${tail}`;
  const members = line.length <= printWidth ? undefined : splitTopLevel(String(returnType), " | ");
  if (members === undefined || members.length < 2) return [line];
  return [
    `${indent}):`,
    ...members.map((m, i) => `${indent}  | ${m}${i === members.length - 1 ? tail : ""}`),
  ];
}

/** A function or method body: `{`, the statements (each maybe several lines), `}`. */
function body(indent: string, statements: unknown): string[] {
  const list = Array.isArray(statements) ? (statements as unknown[]) : [];
  const inner = `${indent}  `;
  const out: string[] = [];
  for (const s of list) breakLines(String(s).split("\n"), inner, out);
  out.push(`${indent}}`);
  return out;
}

function printFunction(s: OptionalKind<FunctionDeclarationStructure>): string[] {
  const head = `${exported(s)}${s.isAsync === true ? "async " : ""}function${s.isGenerator === true ? "*" : ""} ${s.name}`;
  return [
    ...printDocs(s.docs, ""),
    ...signature("", head, s.typeParameters, s.parameters, s.returnType, " {"),
    ...body("", s.statements),
  ];
}

function printInterface(s: OptionalKind<InterfaceDeclarationStructure>): string[] {
  const members = [
    ...(s.properties ?? []).map((p) => printPropertySignature(p)),
    ...(s.methods ?? []).map((m) => printMethodSignature(m)),
  ];
  return [...printDocs(s.docs, ""), `${exported(s)}interface ${s.name} {`, ...members.flat(), "}"];
}

function printPropertySignature(p: OptionalKind<PropertySignatureStructure>): string[] {
  const readonly = p.isReadonly === true ? "readonly " : "";
  const line = `  ${readonly}${p.name}${p.hasQuestionToken === true ? "?" : ""}: ${String(p.type)};`;
  return [...printDocs(p.docs, "  "), ...breakLine(line)];
}

function printMethodSignature(m: OptionalKind<MethodSignatureStructure>): string[] {
  return [
    ...printDocs(m.docs, "  "),
    ...signature(
      "  ",
      `${m.name}${m.hasQuestionToken === true ? "?" : ""}`,
      m.typeParameters,
      m.parameters,
      m.returnType,
      ";",
    ),
  ];
}

function printTypeAlias(s: OptionalKind<TypeAliasDeclarationStructure>): string[] {
  const type = String(s.type);
  const line = `${exported(s)}type ${s.name} = ${type};`;
  const docs = printDocs(s.docs, "");
  if (line.length <= printWidth) return [...docs, line];
  // A long union of string literals (an enum): one member per line, as prettier writes it.
  const members = splitTopLevel(type, " | ");
  if (members === undefined || members.length < 2) return [...docs, line];
  return [
    ...docs,
    `${exported(s)}type ${s.name} =`,
    ...members.map((m, i) => `  | ${m}${i === members.length - 1 ? ";" : ""}`),
  ];
}

function printVariable(s: OptionalKind<VariableStatementStructure>): string[] {
  const keyword = String(s.declarationKind ?? "let");
  return [
    ...printDocs(s.docs, ""),
    ...s.declarations.flatMap((d) => {
      const head = `${exported(s)}${keyword} ${d.name}${d.type !== undefined ? `: ${String(d.type)}` : ""}`;
      const init = d.initializer !== undefined ? String(d.initializer) : undefined;
      if (init === undefined) return [`${head};`];
      const array = /^\[(.*)\]$/s.exec(init);
      const items = array === null ? undefined : splitTopLevel(array[1]!, ",");
      if (items !== undefined && !init.includes("\n")) return list("", `${head} = `, "[", items, "]", ";");
      return `${head} = ${init};`.split("\n");
    }),
  ];
}

function printClass(s: OptionalKind<ClassDeclarationStructure>): string[] {
  const extendsClause = s.extends !== undefined ? ` extends ${String(s.extends)}` : "";
  const members: string[][] = [
    ...(s.properties ?? []).map((p) => printProperty(p)),
    ...(s.ctors ?? []).map((c) => printConstructor(c)),
    ...(s.methods ?? []).map((m) => printMethod(m)),
  ];
  // Properties sit together; a blank line before each constructor and method.
  const propertyCount = (s.properties ?? []).length;
  const lines = members.flatMap((m, i) => (i === 0 || i < propertyCount ? m : ["", ...m]));
  return [...printDocs(s.docs, ""), `${exported(s)}class ${s.name}${extendsClause} {`, ...lines, "}"];
}

function printProperty(p: OptionalKind<PropertyDeclarationStructure>): string[] {
  const modifiers = `${p.hasDeclareKeyword === true ? "declare " : ""}${p.isStatic === true ? "static " : ""}${p.isReadonly === true ? "readonly " : ""}`;
  const type = p.type !== undefined ? `: ${String(p.type)}` : "";
  const init = p.initializer !== undefined ? ` = ${String(p.initializer)}` : "";
  return [
    ...printDocs(p.docs, "  "),
    ...breakLine(`  ${modifiers}${p.name}${p.hasQuestionToken === true ? "?" : ""}${type}${init};`),
  ];
}

function printConstructor(c: OptionalKind<ConstructorDeclarationStructure>): string[] {
  return [
    ...printDocs(c.docs, "  "),
    ...signature("  ", "constructor", undefined, c.parameters, undefined, " {"),
    ...body("  ", c.statements),
  ];
}

function printMethod(m: OptionalKind<MethodDeclarationStructure>): string[] {
  const modifiers = `${m.isStatic === true ? "static " : ""}${m.isAsync === true ? "async " : ""}${m.isGenerator === true ? "*" : ""}`;
  const overloads = (m.overloads ?? []).flatMap((o: OptionalKind<MethodDeclarationOverloadStructure>) => [
    ...printDocs(o.docs, "  "),
    ...signature(
      "  ",
      `${o.isStatic === true ? "static " : ""}${m.name}`,
      o.typeParameters,
      o.parameters,
      o.returnType,
      ";",
    ),
  ]);
  return [
    ...overloads,
    ...printDocs(m.docs, "  "),
    ...signature("  ", `${modifiers}${m.name}`, m.typeParameters, m.parameters, m.returnType, " {"),
    ...body("  ", m.statements),
  ];
}
