/**
 * The ajv baseline: `MyType`'s JSON Schema compiled once, returning a boolean like the generated
 * validator's "no issues" check. `allErrors: true` because generated validators report every
 * problem with its path, not just the first (ajv's default stops at the first).
 */
import { Ajv } from "ajv";
import { MYTYPE_SCHEMA } from "./mytype.js";

/** Compiles the ajv validator for `MyType`. */
export function compileAjvMyType(): (value: unknown) => boolean {
  const ajv = new Ajv({ allowUnionTypes: true, allErrors: true });
  const validate = ajv.compile(MYTYPE_SCHEMA);
  return (value) => validate(value);
}
