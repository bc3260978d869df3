import { describe, expect, it } from "vitest";
import type { ValidationIssue } from "../../packages/runtime/src/server/definitions.js";
import {
  MAX_ISSUES,
  ReplyValidationError,
  checkReply,
  collectIssues,
  describeValue,
  keyPath,
  fieldPath,
  own,
  toBigInt,
  isInt,
  noProtoKeys,
  expected,
  missing,
  unknownField,
} from "../../packages/runtime/src/validate/validate.js";
import { parseJson } from "../../packages/runtime/src/wire/json.js";

describe("validate helpers", () => {
  it.each([
    ["string", "x", '"x"'],
    ["long string is cut", "a".repeat(50), `"${"a".repeat(40)}…"`],
    ["number", 1.5, "1.5"],
    ["null", null, "null"],
    ["array", [1], "array"],
    ["object", {}, "object"],
    ["bigint", 5n, "5n"],
    ["absent", undefined, "nothing"],
  ])("describeValue: %s", (_name, given, want) => {
    expect(describeValue(given)).toBe(want);
  });

  it("builds paths", () => {
    expect(fieldPath("", "mytype")).toBe("mytype");
    expect(fieldPath("mytype", "first")).toBe("mytype.first");
    expect(keyPath("map", 'we"ird')).toBe('map["we\\"ird"]');
  });

  it("own() never reads the prototype chain", () => {
    const parsed = JSON.parse('{"__proto__": 1}') as Record<string, unknown>;
    expect(own(parsed, "__proto__")).toBe(1);
    expect(own({}, "__proto__")).toBeUndefined();
    expect(own({}, "toString")).toBeUndefined();
  });

  // bigint mode: what crosses the wire, both ways (documented in docs/codegen.md).
  it.each([
    ["safe integer number", 42, 42n],
    ["negative", -7, -7n],
    ["decimal string (UAPI.20)", "9223372036854775807", 9223372036854775807n],
    ["int64 min as string", "-9223372036854775808", -9223372036854775808n],
    ["uint64 max as string (UAPI.20 recommends the unsigned range)", "18446744073709551615", 2n ** 64n - 1n],
    ["2^64 as string", "18446744073709551616", undefined],
    ["below int64 as string", "-9223372036854775809", undefined],
    ["exact bigint (exact-parsing connection)", 9223372036854775807n, 9223372036854775807n],
    ["uint64 max bigint", 2n ** 64n - 1n, 2n ** 64n - 1n],
    ["2^64 bigint", 2n ** 64n, undefined],
    ["int64 min bigint", -(2n ** 63n), -(2n ** 63n)],
    ["below int64 bigint", -(2n ** 63n) - 1n, undefined],
    ["largest safe number", Number.MAX_SAFE_INTEGER, 9007199254740991n],
    ["rounded double (2^53)", 2 ** 53, undefined],
    ["INT64_MAX parsed by JSON.parse", JSON.parse("9223372036854775807") as number, undefined],
    ["1e300", 1e300, undefined],
    ["Infinity", Infinity, undefined],
    ["NaN", NaN, undefined],
    ["-0", -0, 0n],
    ["non-integer number", 1.5, undefined],
    ["leading zero string", "01", undefined],
    ["not a number", "x", undefined],
    ["boolean", true, undefined],
  ])("toBigInt: %s", (_name, given, want) => {
    expect(toBigInt(given)).toBe(want);
  });

  // number mode: only integers a double holds exactly.
  it.each([
    ["integer", 42, true],
    ["largest safe", Number.MAX_SAFE_INTEGER, true],
    ["smallest safe", Number.MIN_SAFE_INTEGER, true],
    ["-0", -0, true],
    ["2^53 (rounded)", 2 ** 53, false],
    ["INT64_MAX parsed by JSON.parse", JSON.parse("9223372036854775807") as number, false],
    ["2^64", 2 ** 64, false],
    ["1e300", 1e300, false],
    ["Infinity", Infinity, false],
    ["NaN", NaN, false],
    ["1.5", 1.5, false],
    ["decimal string", "123", false],
    ["bigint", 5n, false],
  ])("isInt: %s", (_name, given, want) => {
    expect(isInt(given)).toBe(want);
  });

  it.each([
    ["no such key", '{"a": {"b": [{"c": 1}]}}', []],
    ["top level", '{"__proto__": {"admin": true}}', ['x["__proto__"]']],
    ["nested in an array", '{"a": [1, {"__proto__": null}]}', ['x.a[1]["__proto__"]']],
    ["under a key that is not a name", '{"a b": {"__proto__": 1}}', ['x["a b"]["__proto__"]']],
    ["a string value is fine", '{"a": "__proto__"}', []],
  ])("noProtoKeys: %s", (_name, json, paths) => {
    const issues: ValidationIssue[] = [];
    noProtoKeys(JSON.parse(json), "x", issues);
    expect(issues.map((i) => i.path)).toEqual(paths);
  });

  // collectIssues walks for __proto__ only what parseJson marked (the text could hold the key).
  it.each([
    ["literal key", '{"parameters": {"m": {"__proto__": "x"}}}', ['m["__proto__"]']],
    ["escaped key", '{"parameters": {"m": {"\\u005f_proto__": "x"}}}', ['m["__proto__"]']],
    ["escape elsewhere, no such key", '{"parameters": {"m": {"a": "\\u00e9"}}}', []],
    ["no such key", '{"parameters": {"m": {"a": "b"}}}', []],
  ])("collectIssues finds a __proto__ key in a received message: %s", (_name, text, paths) => {
    const message = parseJson(text, false) as { parameters: unknown };
    const issues = collectIssues(() => {}, message.parameters, false);
    expect(issues.map((i) => `${i.path}`)).toEqual(paths);
  });

  it("collectIssues does not walk values it was not handed by parseJson", () => {
    const value = JSON.parse('{"m": {"__proto__": "x"}}') as unknown;
    expect(collectIssues(() => {}, value, false)).toEqual([]);
  });

  it("records at most MAX_ISSUES problems, however many there are", () => {
    const issues: ValidationIssue[] = [];
    for (let i = 0; i < MAX_ISSUES * 3; i++) {
      expected(issues, `list[${i}]`, "string", i);
      missing(issues, `m${i}`, "int");
      unknownField(issues, "", `u${i}`);
    }
    expect(issues).toHaveLength(MAX_ISSUES);
    expect(JSON.parse(JSON.stringify(issues[0]))).toEqual({
      path: "list[0]",
      message: "expected string, got 0",
    });
  });

  it("checkReply throws every issue, or skips checking when told to", () => {
    const validate = (v: unknown, path: string, issues: { path: string; message: string }[]) => {
      if (typeof v !== "object") issues.push({ path, message: "expected struct" });
      else issues.push({ path: "a", message: 'expected int, got "x"' }, { path: "b", message: "missing" });
    };
    expect(() => checkReply("m.M", { a: "x" }, validate, true, false)).toThrow(
      new ReplyValidationError("m.M", [
        { path: "a", message: 'expected int, got "x"' },
        { path: "b", message: "missing" },
      ]),
    );
    expect(checkReply("m.M", { a: "x" }, validate, false, false)).toEqual({ a: "x" });
    expect(checkReply("m.M", undefined, () => {}, true, false)).toEqual({});
  });
});
