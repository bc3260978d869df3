/**
 * Helpers of the generated omit passes (`omitAbsentX`): a struct's optional members that hold
 * `null` are sent as absent (UAPI.20 lets a sender omit them, and systemd treats an explicit
 * `null` differently from absence in places). The generated pass of a struct handles its own
 * fields; these walk the containers between structs. Copy on write: a container comes back
 * unchanged (the same object, nothing allocated) when no element changed, and the caller's
 * values are never modified. A `null` element or map value is data and stays.
 */
import { replaceOwn } from "../wire/json.js";

/** The pass of one element: the value itself, or a changed copy. */
export type Omitter = (value: unknown) => unknown;

/** `omit` applied to every element of an array; the same array when none changed (or not an array). */
export function omitEach(value: unknown, omit: Omitter): unknown {
  if (!Array.isArray(value)) return value;
  let out: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const element: unknown = value[i];
    const changed = omit(element);
    if (changed !== element) (out ??= value.slice())[i] = changed;
  }
  return out ?? value;
}

/** `omit` applied to every value of a map; the same object when none changed (or not an object). */
export function omitValues(value: unknown, omit: Omitter): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const map = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key in map) {
    if (!Object.prototype.hasOwnProperty.call(map, key)) continue;
    const element = map[key];
    const changed = omit(element);
    // replaceOwn, not assignment: a `__proto__` key stays a key of the copy.
    if (changed !== element) replaceOwn((out ??= { ...map }), key, changed);
  }
  return out ?? map;
}
