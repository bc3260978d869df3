/**
 * Types: an exported interface per struct (named or anonymous), a string-literal union plus a
 * readonly value array per enum. Types mirror the wire (JSON) shape, so values cross the wire
 * without conversion (except ints in bigint mode).
 */
import type { StatementStructures } from "ts-morph";
import type { Type } from "../model/model.js";
import { isSet } from "../model/model.js";
import { propertyKey } from "../model/names.js";
import { jsDoc, type GeneratorContext, type Shape } from "./context.js";
import { Const, Kind } from "./structures.js";

/**
 * The TypeScript type of a Varlink type. `[string]()` (a set) is `Record<string, Record<string, never>>`:
 * exactly the JSON it is on the wire, `{"a": {}, "b": {}}`, so no conversion layer is needed and
 * `Object.keys(set)` lists the members; a `Set<string>` would need converting both ways.
 */
export function tsType(ctx: GeneratorContext, type: Type): string {
  switch (type.kind) {
    case "bool":
      return "boolean";
    case "int":
      return ctx.options.int === "bigint" ? "bigint" : "number";
    case "float":
      return "number";
    case "string":
      return "string";
    case "object":
      return "Record<string, unknown>";
    case "any":
      return "unknown";
    case "nullable":
      return `${tsType(ctx, type.inner)} | null`;
    case "array": {
      const element = tsType(ctx, type.element);
      return type.element.kind === "nullable" ? `(${element})[]` : `${element}[]`;
    }
    case "map":
      return isSet(type)
        ? "Record<string, Record<string, never>>"
        : `Record<string, ${tsType(ctx, type.value)}>`;
    case "struct":
    case "enum":
    case "ref":
      return ctx.shapeOf(type)?.name ?? "Record<string, never>";
  }
}

/** The declarations of one shape: an interface (or `Record<string, never>` alias), or a union + values. */
export function emitShapeType(ctx: GeneratorContext, shape: Shape): StatementStructures[] {
  const { type } = shape;
  if (type.kind === "enum") {
    const values = type.values.map((v) => JSON.stringify(v.name));
    const valueDocs = type.values.filter((v) => v.doc !== undefined).map((v) => `- \`${v.name}\`: ${v.doc}`);
    return [
      {
        kind: Kind.TypeAlias,
        name: shape.name,
        isExported: true,
        type: values.join(" | "),
        docs: jsDoc(shape.doc, valueDocs.length > 0 ? valueDocs.join("\n") : undefined),
      },
      {
        kind: Kind.VariableStatement,
        isExported: true,
        declarationKind: Const,
        docs: [`Every value of {@link ${shape.name}}, in declaration order.`],
        declarations: [
          { name: shape.companion, type: `readonly ${shape.name}[]`, initializer: `[${values.join(", ")}]` },
        ],
      },
    ];
  }
  if (type.fields.length === 0) {
    return [
      {
        kind: Kind.TypeAlias,
        name: shape.name,
        isExported: true,
        type: "Record<string, never>",
        docs: jsDoc(shape.doc),
      },
    ];
  }
  return [
    {
      kind: Kind.Interface,
      name: shape.name,
      isExported: true,
      docs: jsDoc(shape.doc),
      properties: type.fields.map((field) => {
        const nullable = field.type.kind === "nullable";
        return {
          name: propertyKey(field.name),
          type: tsType(ctx, field.type),
          hasQuestionToken: nullable,
          docs: jsDoc(field.doc),
        };
      }),
    },
  ];
}
