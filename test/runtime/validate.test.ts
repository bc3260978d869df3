import { describe, expect, it } from "vitest";
import type { ValidationIssue } from "../../src/runtime/definitions.js";
import {
  MAX_ISSUES,
  ReplyValidationError,
  checkReply,
  describeValue,
  keyPath,
  fieldPath,
  own,
  toBigInt,
  toWire,
  callToWire,
  toWireError,
  expected,
  missing,
  unknownField,
} from "../../src/runtime/validate.js";
import { VarlinkError } from "../../src/runtime/errors.js";

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
    ["beyond int64", "9223372036854775808", undefined],
    ["non-integer number", 1.5, undefined],
    ["leading zero string", "01", undefined],
    ["not a number", "x", undefined],
    ["boolean", true, undefined],
  ])("toBigInt: %s", (_name, given, want) => {
    expect(toBigInt(given)).toBe(want);
  });

  it("toWire turns bigints into numbers when exact, decimal strings otherwise, and copies", () => {
    const input = { a: 1n, b: 2n ** 60n, c: [-(2n ** 53n), 3n], d: { e: "x" }, skip: undefined };
    const wire = toWire(input);
    expect(wire).toEqual({ a: 1, b: "1152921504606846976", c: ["-9007199254740992", 3], d: { e: "x" } });
    expect(JSON.stringify(wire)).toBe(
      '{"a":1,"b":"1152921504606846976","c":["-9007199254740992",3],"d":{"e":"x"}}',
    );
    expect(input.a).toBe(1n);
    const proto = toWire(JSON.parse('{"__proto__": {"x": 1n}}'.replace("1n", "1"))) as object;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
  });

  it("callToWire keeps the shape of a handler result and converts thrown errors", async () => {
    expect(callToWire(() => ({ n: 1n }))).toEqual({ n: 1 });
    await expect(callToWire(() => Promise.resolve({ n: 2n }))).resolves.toEqual({ n: 2 });
    async function* stream() {
      yield { n: 3n };
      throw new VarlinkError("x.Failed", { n: 2n ** 60n });
    }
    const out: unknown[] = [];
    await expect(async () => {
      for await (const item of callToWire(stream) as AsyncIterable<unknown>) out.push(item);
    }).rejects.toMatchObject({ error: "x.Failed", parameters: { n: "1152921504606846976" } });
    expect(out).toEqual([{ n: 3 }]);
    expect(() =>
      callToWire(() => {
        throw new VarlinkError("x.Sync", { n: 4n });
      }),
    ).toThrow(expect.objectContaining({ parameters: { n: 4 } }));
    await expect(
      callToWire(() => Promise.reject(new VarlinkError("x.Async", { n: 5n }))),
    ).rejects.toMatchObject({
      parameters: { n: 5 },
    });
    expect(toWireError("plain")).toBe("plain");
  });

  it("callToWire keeps a streaming handler's return value (the final reply) and stops it when stopped", async () => {
    async function* summary() {
      yield { n: 1n };
      return { total: 2n ** 60n };
    }
    const iterator = (callToWire(summary) as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ value: { n: 1 }, done: false });
    expect(await iterator.next()).toEqual({ value: { total: "1152921504606846976" }, done: true });

    let stopped = false;
    async function* endless() {
      try {
        for (let n = 0n; ; n++) yield { n };
      } finally {
        stopped = true;
      }
    }
    const stream = (callToWire(endless) as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    expect(await stream.next()).toEqual({ value: { n: 0 }, done: false });
    await stream.return?.();
    expect(stopped).toBe(true);
  });

  it("records at most MAX_ISSUES problems, however many there are", () => {
    const issues: ValidationIssue[] = [];
    for (let i = 0; i < MAX_ISSUES * 3; i++) {
      expected(issues, `list[${i}]`, "string", i);
      missing(issues, `m${i}`, "int");
      unknownField(issues, "", `u${i}`);
    }
    expect(issues).toHaveLength(MAX_ISSUES);
    expect(issues[0]).toEqual({ path: "list[0]", message: "expected string, got 0" });
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
