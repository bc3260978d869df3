/**
 * The syntax tree of one `.varlink` file: what was written, with spans, before any checks.
 * It is a little looser than Varlink (see parser.ts): `??T` is two nested `nullable` nodes, a
 * parenthesised list may mix fields and enum values, empty list items are recorded. The model
 * stage (`src/model/build.ts`) reports all of that; the formatter prints from this tree.
 */
import type { Span } from "../model/model.js";

/** Offsets into the source text (shared with the model). */
export type { Span };

/** One `#` comment token. `text` is the whole token including `#`. */
export interface AstComment extends Span {
  readonly text: string;
}

/** Doc comment of a node: comment lines directly above it, `# ` removed, joined by "\n". */
export interface Documented {
  readonly doc: string | undefined;
}

/** A name as written, with its span. */
export interface AstName extends Span {
  readonly text: string;
}

/** A built-in type word. */
export interface AstPrimitive extends Span {
  readonly kind: "bool" | "int" | "float" | "string" | "object" | "any";
}

/** `?T`; `??T` nests two of these. */
export interface AstNullable extends Span {
  readonly kind: "nullable";
  readonly inner: AstType;
}

/** `[]T` */
export interface AstArray extends Span {
  readonly kind: "array";
  readonly element: AstType;
}

/** `[string]T` (a set when T is `()`). */
export interface AstMap extends Span {
  readonly kind: "map";
  readonly value: AstType;
}

/** A type name, resolved by the model stage. */
export interface AstRef extends Span {
  readonly kind: "ref";
  readonly name: string;
}

/** `name` or `name: type` inside parentheses. */
export interface AstItem extends Span, Documented {
  readonly name: AstName;
  readonly type: AstType | undefined;
}

/**
 * `( ... )`. `items` are in source order; `emptyItems` are the spans of commas that are not
 * followed by an item (a trailing comma, or `,,`).
 */
export interface AstParens extends Span {
  readonly kind: "parens";
  readonly items: readonly AstItem[];
  readonly emptyItems: readonly Span[];
}

/** Any type expression. */
export type AstType = AstPrimitive | AstNullable | AstArray | AstMap | AstRef | AstParens;

/** `type Name (...)` */
export interface AstTypeDecl extends Span, Documented {
  readonly kind: "type";
  readonly name: AstName;
  readonly body: AstParens;
}

/** `method Name(...) -> (...)` */
export interface AstMethodDecl extends Span, Documented {
  readonly kind: "method";
  readonly name: AstName;
  readonly input: AstParens;
  readonly output: AstParens;
}

/** `error Name (...)` */
export interface AstErrorDecl extends Span, Documented {
  readonly kind: "error";
  readonly name: AstName;
  readonly parameters: AstParens;
}

/** A declaration after the interface line. */
export type AstMember = AstTypeDecl | AstMethodDecl | AstErrorDecl;

/** `interface org.example.name` */
export interface AstInterfaceDecl extends Span, Documented {
  readonly name: AstName;
}

/** A whole file. Members that failed to parse are absent; `brokenNames` keeps their names. */
export interface AstFile extends Span {
  readonly interface: AstInterfaceDecl | undefined;
  readonly members: readonly AstMember[];
  /** Every comment in the file, in order (the formatter re-attaches them). */
  readonly comments: readonly AstComment[];
  /** Names of members that had syntax errors, so they don't also show up as unknown types. */
  readonly brokenNames: readonly string[];
}
