/**
 * Structural equality of two types, ignoring spans and doc comments, with refs compared by name.
 * Used only to guess renames ("method Foo was removed and Bar with the same signature added").
 */
import type { Type } from "../model/model.js";

/** True when `a` and `b` describe the same JSON shape, written the same way. */
export function sameShape(a: Type, b: Type): boolean {
  switch (a.kind) {
    case "nullable":
      return b.kind === "nullable" && sameShape(a.inner, b.inner);
    case "array":
      return b.kind === "array" && sameShape(a.element, b.element);
    case "map":
      return b.kind === "map" && sameShape(a.value, b.value);
    case "ref":
      return b.kind === "ref" && a.name === b.name;
    case "enum":
      return (
        b.kind === "enum" &&
        a.values.length === b.values.length &&
        a.values.every((v) => b.values.some((w) => w.name === v.name))
      );
    case "struct":
      return (
        b.kind === "struct" &&
        a.fields.length === b.fields.length &&
        a.fields.every((f) => {
          const g = b.fields.find((x) => x.name === f.name);
          return g !== undefined && sameShape(f.type, g.type);
        })
      );
    default:
      return a.kind === b.kind;
  }
}
