/**
 * The checked, resolved model of one Varlink interface: the contract between the front end
 * (parser + checks) and every back end (code generation, formatting, breaking-change detection).
 *
 * Plain data only: `kind` discriminants, readonly arrays in source order, no classes, so tests
 * can build models by hand. Every node carries the offsets of its source span (into
 * `Interface.source.text`) so back ends can point diagnostics at the new file.
 */
import type { SourceFile } from "../diagnostics/source-file.js";

/** A half-open range of UTF-16 offsets into the interface's source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Doc comment text: the `#` comment lines directly above a declaration, `# ` stripped, joined by "\n". */
export type Doc = string | undefined;

/** A built-in type: `bool`, `int`, `float`, `string`, `object` (any JSON object) or `any` (UAPI.20: any JSON value). */
export interface PrimitiveType extends Span {
  readonly kind: "bool" | "int" | "float" | "string" | "object" | "any";
}

/** `?T`: the value may be absent or null (the two mean the same). `inner` is never nullable. */
export interface NullableType extends Span {
  readonly kind: "nullable";
  readonly inner: Type;
}

/** `[]T`: a JSON array. */
export interface ArrayType extends Span {
  readonly kind: "array";
  readonly element: Type;
}

/**
 * `[string]T`: a JSON object with arbitrary keys. A set, `[string]()`, is a map whose value is
 * an empty struct; use `isSet()` to tell.
 */
export interface MapType extends Span {
  readonly kind: "map";
  readonly value: Type;
}

/** One `name: type` field of a struct, in source order. */
export interface Field extends Span {
  /** The wire key, exactly as written (may be a TS keyword or start upper case). */
  readonly name: string;
  readonly type: Type;
  readonly doc: Doc;
}

/** A struct, named (`type Foo (...)`) or anonymous (written inline). `()` has no fields. */
export interface StructType extends Span {
  readonly kind: "struct";
  readonly fields: readonly Field[];
}

/** One value of an enum; on the wire it is the JSON string `name`. */
export interface EnumValue extends Span {
  readonly name: string;
  readonly doc: Doc;
}

/** An enum, named or anonymous; always has at least one value. */
export interface EnumType extends Span {
  readonly kind: "enum";
  readonly values: readonly EnumValue[];
}

/** A reference to a named type of the same interface; `name` is guaranteed to resolve. */
export interface RefType extends Span {
  readonly kind: "ref";
  readonly name: string;
}

/** Any Varlink type as written in a field, a type declaration or a method signature. */
export type Type = PrimitiveType | NullableType | ArrayType | MapType | StructType | EnumType | RefType;

/** `type Name (...)`. */
export interface TypeDecl extends Span {
  readonly kind: "type";
  readonly name: string;
  readonly nameSpan: Span;
  readonly type: StructType | EnumType;
  readonly doc: Doc;
}

/**
 * `method Name (in) -> (out)`. Streaming is not in the IDL; systemd marks it with doc comment lines
 * `[Requires 'more' flag]` / `[Supports 'more' flag]`, surfaced here.
 */
export interface MethodDecl extends Span {
  readonly kind: "method";
  readonly name: string;
  readonly nameSpan: Span;
  readonly input: StructType;
  readonly output: StructType;
  readonly doc: Doc;
  readonly more: "requires" | "supports" | undefined;
  /** `[Requires 'upgrade' flag]` / `[Supports 'upgrade' flag]` (systemd's marks for UAPI.20 `upgrade`). */
  readonly upgrade: "requires" | "supports" | undefined;
  /** `[Idempotent]` line in the doc comment: safe to retry (generated clients pass `idempotent: true`). */
  readonly idempotent: boolean;
}

/** `error Name (...)`. */
export interface ErrorDecl extends Span {
  readonly kind: "error";
  readonly name: string;
  readonly nameSpan: Span;
  readonly parameters: StructType;
  readonly doc: Doc;
}

/** A top-level declaration of an interface, in source order. */
export type Member = TypeDecl | MethodDecl | ErrorDecl;

/** One checked interface. Member names are unique across types, methods and errors. */
export interface Interface extends Span {
  readonly kind: "interface";
  /** Reverse-domain name, e.g. `org.varlink.certification`. */
  readonly name: string;
  readonly nameSpan: Span;
  readonly doc: Doc;
  /** All members in source order. */
  readonly members: readonly Member[];
  /** The file it came from; `source.text` is the IDL served by `GetInterfaceDescription`. */
  readonly source: SourceFile;
}

/** True for `[string]()`, the Varlink set type. */
export function isSet(type: Type): boolean {
  return type.kind === "map" && type.value.kind === "struct" && type.value.fields.length === 0;
}

/** The members of one kind, in source order. */
export function membersOf<K extends Member["kind"]>(
  iface: Interface,
  kind: K,
): readonly Extract<Member, { kind: K }>[] {
  return iface.members.filter((m): m is Extract<Member, { kind: K }> => m.kind === kind);
}

/** Looks up a named type; `undefined` when the name is not a type of this interface. */
export function findType(iface: Interface, name: string): TypeDecl | undefined {
  return iface.members.find((m): m is TypeDecl => m.kind === "type" && m.name === name);
}
