/**
 * The ajv baseline: `MyType`'s JSON Schema compiled once (ajv's fastest mode), returning a
 * boolean like the generated validator's "no issues" check.
 */
import { Ajv } from "ajv";
import { MYTYPE_SCHEMA } from "./mytype.js";

/** Compiles the ajv validator for `MyType`. */
export function compileAjvMyType(): (value: unknown) => boolean {
  const ajv = new Ajv({ allowUnionTypes: true, allErrors: false });
  const validate = ajv.compile(MYTYPE_SCHEMA);
  return (value) => validate(value);
}
