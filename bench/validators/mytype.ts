/**
 * The validator benchmark's inputs: org.varlink.certification's `MyType` as JSON Schema for ajv
 * (same rules as the IDL: nullable = absent or null, int = integer, sets = objects of `{}`), the
 * value the reference server sends in Test09, and a large variant carrying an array of structs.
 */
import type { SchemaObject } from "ajv";
import { MY_TYPE } from "../../scripts/certification/data.js";

const firstSecond: SchemaObject = {
  type: "object",
  required: ["first", "second"],
  properties: { first: { type: "integer" }, second: { type: "string" } },
};

/** JSON Schema of `MyType` (and its `Interface`), written from the certification IDL. */
export const MYTYPE_SCHEMA: SchemaObject = {
  type: "object",
  required: ["object", "enum", "struct", "array", "dictionary", "stringset", "interface"],
  properties: {
    object: { type: "object" },
    enum: { type: "string", enum: ["one", "two", "three"] },
    struct: firstSecond,
    array: { type: "array", items: { type: "string" } },
    dictionary: { type: "object", additionalProperties: { type: "string" } },
    stringset: { type: "object", additionalProperties: { type: "object", maxProperties: 0 } },
    nullable: { type: ["string", "null"] },
    nullable_array_struct: { type: ["array", "null"], items: firstSecond },
    interface: {
      type: "object",
      required: ["anon"],
      properties: {
        foo: {
          type: ["array", "null"],
          items: {
            type: ["object", "null"],
            additionalProperties: { type: "string", enum: ["foo", "bar", "baz"] },
          },
        },
        anon: {
          type: "object",
          required: ["foo", "bar"],
          properties: { foo: { type: "boolean" }, bar: { type: "boolean" } },
        },
      },
    },
  },
};

/** The `MyType` value varlink-go-certification's Test09 returns (a fresh copy). */
export function certificationMyType(): Record<string, unknown> {
  return structuredClone(MY_TYPE);
}

/** `MyType` whose `nullable_array_struct` holds `length` structs: the "large array of structs" case. */
export function largeMyType(length: number): Record<string, unknown> {
  const structs = Array.from({ length }, (_, i) => ({ first: i, second: `item ${i}` }));
  return { ...certificationMyType(), nullable_array_struct: structs };
}
