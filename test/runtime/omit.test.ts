/**
 * The containers of the generated omit passes: copy on write (the same object when nothing
 * changed, the caller's value never modified), `null` elements and map values kept (data), and
 * a `__proto__` map key stays a key.
 */
import { describe, expect, it } from "vitest";
import { omitEach, omitValues } from "../../packages/runtime/src/validate/omit.js";

/** A pass that drops a null `x` (as a generated one does), leaving anything else alone. */
const dropX = (value: unknown): unknown =>
  typeof value === "object" && value !== null && "x" in value && value.x === null
    ? { ...value, x: undefined }
    : value;

describe("omitEach / omitValues", () => {
  it.each([
    ["not an array", "s", "s"],
    ["empty", [], []],
    ["null elements are data", [null, 1], [null, 1]],
    ["a changed element", [{ x: null, y: 1 }, { x: 2 }], [{ x: undefined, y: 1 }, { x: 2 }]],
  ])("omitEach: %s", (_name, input, expected) => {
    const before = JSON.stringify(input);
    expect(omitEach(input, dropX)).toEqual(expected);
    expect(JSON.stringify(input)).toBe(before);
  });

  it.each([
    ["not an object", [1], [1]],
    ["null values are data", { a: null }, { a: null }],
    ["a changed value", { a: { x: null }, b: { x: 1 } }, { a: { x: undefined }, b: { x: 1 } }],
  ])("omitValues: %s", (_name, input, expected) => {
    const before = JSON.stringify(input);
    expect(omitValues(input, dropX)).toEqual(expected);
    expect(JSON.stringify(input)).toBe(before);
  });

  it("returns the same container when nothing changed", () => {
    const list = [{ x: 1 }, null];
    const map = { a: { x: 1 } };
    expect(omitEach(list, dropX)).toBe(list);
    expect(omitValues(map, dropX)).toBe(map);
  });

  it("keeps a __proto__ map key a key of the copy", () => {
    const map = JSON.parse('{"__proto__":{"x":null},"b":{"x":null}}') as Record<string, unknown>;
    const out = omitValues(map, dropX) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__", "b"]);
    expect(JSON.stringify(out)).toBe('{"__proto__":{},"b":{}}');
  });
});
