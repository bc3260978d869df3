/**
 * Builds models by hand (the model is plain data), for emitter tests that must not depend on the
 * parser. Spans are all zero; `iface()` takes the IDL text only to serve as the description.
 */
import { SourceFile } from "../../src/diagnostics/source-file.js";
import type {
  EnumType,
  ErrorDecl,
  Field,
  Interface,
  Member,
  MethodDecl,
  StructType,
  Type,
  TypeDecl,
} from "../../src/model/model.js";

const span = { start: 0, end: 0 };

/** A primitive type. */
export const prim = (kind: "bool" | "int" | "float" | "string" | "object" | "any"): Type => ({
  kind,
  ...span,
});
/** `?T` */
export const nullable = (inner: Type): Type => ({ kind: "nullable", inner, ...span });
/** `[]T` */
export const array = (element: Type): Type => ({ kind: "array", element, ...span });
/** `[string]T` */
export const map = (value: Type): Type => ({ kind: "map", value, ...span });
/** A reference to a named type. */
export const ref = (name: string): Type => ({ kind: "ref", name, ...span });
/** A struct from `[name, type]` pairs (an optional third element is the doc). */
export const struct = (...fields: [string, Type, string?][]): StructType => ({
  kind: "struct",
  fields: fields.map(([name, type, doc]): Field => ({ name, type, doc, ...span })),
  ...span,
});
/** An enum. */
export const enumOf = (...values: string[]): EnumType => ({
  kind: "enum",
  values: values.map((name) => ({ name, doc: undefined, ...span })),
  ...span,
});
/** `[string]()` */
export const set = (): Type => map(struct());

/** `type Name ...` */
export const typeDecl = (name: string, type: StructType | EnumType, doc?: string): TypeDecl => ({
  kind: "type",
  name,
  nameSpan: span,
  type,
  doc,
  ...span,
});
/** `method Name (in) -> (out)` */
export const method = (
  name: string,
  input: StructType,
  output: StructType,
  more?: "requires" | "supports",
  doc?: string,
): MethodDecl => ({
  kind: "method",
  name,
  nameSpan: span,
  input,
  output,
  doc,
  more,
  upgrade: undefined,
  idempotent: false,
  ...span,
});
/** `error Name (...)` */
export const error = (name: string, parameters: StructType, doc?: string): ErrorDecl => ({
  kind: "error",
  name,
  nameSpan: span,
  parameters,
  doc,
  ...span,
});
/** An interface. */
export const iface = (
  name: string,
  members: Member[],
  text = `interface ${name}\n`,
  doc?: string,
): Interface => ({
  kind: "interface",
  name,
  nameSpan: span,
  doc,
  members,
  source: new SourceFile(`${name}.varlink`, text),
  ...span,
});
