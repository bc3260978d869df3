import { describe, expect, it } from "vitest";
import { hasLongDigitRun, parseJson, stringifyJson } from "../../packages/runtime/src/wire/json.js";

describe("parseJson", () => {
  it.each([
    ["INT64_MAX", "9223372036854775807", 9223372036854775807n],
    ["INT64_MIN", "-9223372036854775808", -9223372036854775808n],
    ["UINT64_MAX", "18446744073709551615", 18446744073709551615n],
    ["2^64 (the validator refuses it, the parser keeps it)", "18446744073709551616", 2n ** 64n],
    ["2^53", "9007199254740992", 9007199254740992n],
    ["largest safe integer stays a number", "9007199254740991", 9007199254740991],
    ["16 digits that are safe stay a number", "1733000000000000", 1733000000000000],
    ["a fraction stays a double", "12345678901234567.5", Number("12345678901234567.5")],
    ["an exponent stays a double", "1e300", 1e300],
    ["-0", "-0", -0],
  ])("exact: %s", (_name, text, want) => {
    expect(parseJson(text, true)).toStrictEqual(want);
  });

  it("without exact, or without a long digit run, is JSON.parse", () => {
    expect(parseJson("9223372036854775807", false)).toBe(2 ** 63);
    expect(parseJson('{"a":[1,2.5,"x"]}', true)).toEqual({ a: [1, 2.5, "x"] });
  });

  // The exact parser must read everything else as JSON.parse does.
  it.each([
    '{"a": 12345678901234567890, "b": [true, false, null, "s\\"t\\\\", {"c": -1.5e-3}], "d": {}}',
    ' [ 12345678901234567890 , [] , {} , "\\u00e9\\ud83d\\ude00" ] ',
    '{"dup": 1, "dup": 12345678901234567890}',
    '{"__proto__": {"x": 12345678901234567890}}',
    '"12345678901234567890"',
  ])("exact parse of %s matches JSON.parse apart from big ints", (text) => {
    const exact = parseJson(text, true);
    const plain: unknown = JSON.parse(text);
    const normal = JSON.parse(
      JSON.stringify(exact, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)),
    );
    expect(normal).toEqual(plain);
    if (text.includes("__proto__")) {
      expect(Object.getPrototypeOf(exact)).toBe(Object.prototype);
      expect(Object.hasOwn(exact as object, "__proto__")).toBe(true);
    }
  });

  it.each([
    "12345678901234567890 x",
    "[12345678901234567890,]",
    '{"a" 12345678901234567890}',
    '{"a": 12345678901234567890',
    '"unterminated 12345678901234567890',
    '["\t12345678901234567890"]',
    "01234567890123456789",
    "[tru, 12345678901234567890]",
  ])("exact parse rejects invalid JSON: %s", (text) => {
    expect(() => parseJson(text, true)).toThrow(SyntaxError);
  });
});

describe("stringifyJson", () => {
  it.each([
    ["INT64_MAX", { n: 9223372036854775807n }, '{"n":9223372036854775807}'],
    ["INT64_MIN", { n: -9223372036854775808n }, '{"n":-9223372036854775808}'],
    ["UINT64_MAX", { n: 18446744073709551615n }, '{"n":18446744073709551615}'],
    ["small bigint", { n: [1n, -2n] }, '{"n":[1,-2]}'],
    [
      "legit nulls",
      { a: null, b: [null, undefined, () => 1], c: undefined },
      '{"a":null,"b":[null,null,null]}',
    ],
    ["toJSON", { d: new Date(0), n: 2n ** 60n }, '{"d":"1970-01-01T00:00:00.000Z","n":1152921504606846976}'],
    ["boxed", [Object(1), Object("s"), Object(true), null], '[1,"s",true,null]'],
    ["-0", { z: -0, y: null }, '{"z":0,"y":null}'],
  ])("writes %s", (_name, value, want) => {
    expect(stringifyJson(value)).toBe(want);
  });

  it("is JSON.stringify when there is no bigint and no null", () => {
    const value = { a: [1, "x", { b: true }], c: "é" };
    expect(stringifyJson(value)).toBe(JSON.stringify(value));
  });

  it.each([
    ["NaN", { x: NaN }],
    ["Infinity", { x: [1, Infinity] }],
    ["-Infinity", { x: { y: -Infinity } }],
    ["2^64", { n: 2n ** 64n }],
    ["below INT64_MIN", { n: -(2n ** 63n) - 1n }],
  ])("refuses %s", (_name, value) => {
    expect(() => stringifyJson(value)).toThrow(TypeError);
  });

  it("refuses a cycle, with or without bigints", () => {
    const a: Record<string, unknown> = { n: 1n };
    a["self"] = a;
    expect(() => stringifyJson(a)).toThrow(TypeError);
    const b: Record<string, unknown> = {};
    b["self"] = b;
    expect(() => stringifyJson(b)).toThrow(TypeError);
  });
});

describe("hasLongDigitRun", () => {
  // Every position of a 16-digit run in a text, at every offset: the sampling must not miss one.
  it("finds a 16-digit run wherever it starts, and never a 15-digit one", () => {
    for (let offset = 0; offset < 40; offset++) {
      const pad = "x".repeat(offset);
      expect(hasLongDigitRun(`${pad}1234567890123456${pad}`)).toBe(true);
      expect(hasLongDigitRun(`${pad}123456789012345${pad}`)).toBe(false);
      expect(hasLongDigitRun(`${pad}12345678,90123456${pad}`)).toBe(false);
    }
    expect(hasLongDigitRun("")).toBe(false);
    expect(hasLongDigitRun("1".repeat(1000))).toBe(true);
  });
});
