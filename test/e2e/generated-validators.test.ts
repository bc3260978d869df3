/**
 * Generated validators, run for real: every problem reported with its path, strict vs lenient
 * unknown fields, `__proto__` keys, and `--int bigint` decoding (in place) and transport.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ValidationIssue } from "../../packages/runtime/src/index.js";
import { MAX_ISSUES } from "../../packages/runtime/src/validate/validate.js";
import { buildProject, type GeneratedProject } from "../helpers/generated-project.js";

type Validator = (value: unknown, path: string, issues: ValidationIssue[], strict: boolean) => void;
interface CertificationModule {
  validateMyType: Validator;
  validateTest02Parameters: Validator;
}

const projects: GeneratedProject[] = [];
let numberMode: CertificationModule;
let bigintMode: CertificationModule;
let bigintScenario: {
  roundTrip(address: string): Promise<{ int: bigint; received: bigint[] }>;
  errorRoundTrip(address: string): Promise<bigint | string>;
};

beforeAll(async () => {
  const plain = await buildProject(["org.varlink.certification"], []);
  const big = await buildProject(
    ["org.varlink.certification", "io.example.order"],
    ["test/e2e/scenarios/bigint-scenario.ts"],
    {
      int: "bigint",
    },
  );
  projects.push(plain, big);
  numberMode = await plain.load<CertificationModule>("org.varlink.certification.ts");
  bigintMode = await big.load<CertificationModule>("org.varlink.certification.ts");
  bigintScenario = await big.load("bigint-scenario.ts");
});

afterAll(async () => {
  await Promise.all(projects.map((p) => p.remove()));
});

const myType = () => ({
  object: { any: "thing" },
  enum: "two",
  struct: { first: 1, second: "2" },
  array: ["a"],
  dictionary: { a: "b" },
  stringset: { one: {} },
  nullable: null,
  nullable_array_struct: [
    { first: 1, second: "a" },
    { first: 2, second: "b" },
    { first: "x", second: "c" },
  ],
  interface: { foo: [null, { k: "bar" }], anon: { foo: true, bar: false } },
});

function check(validate: Validator, value: unknown, strict: boolean, root = "mytype"): string[] {
  const issues: ValidationIssue[] = [];
  validate(value, root, issues, strict);
  return issues.map((i) => `${i.path}: ${i.message}`);
}

describe("generated validators", () => {
  it("report every problem with its path", () => {
    const value = myType() as Record<string, unknown>;
    value["enum"] = "four";
    value["dictionary"] = { a: 1 };
    value["stringset"] = { one: 1 };
    delete value["array"];
    (value["interface"] as { foo: unknown[] }).foo.push({ k: "qux" });
    expect(check(numberMode.validateMyType, value, true)).toEqual([
      'mytype.enum: expected enum (one, two, three), got "four"',
      "mytype.array: missing required field ([]string)",
      'mytype.dictionary["a"]: expected string, got 1',
      'mytype.stringset["one"]: expected {}, got 1',
      'mytype.nullable_array_struct[2].first: expected int, got "x"',
      'mytype.interface.foo[2]["k"]: expected enum (foo, bar, baz), got "qux"',
    ]);
  });

  it("give problems inside inlined nested structs their full path, from any root", () => {
    const value = myType();
    value.nullable_array_struct[2]!.first = 3;
    const anon = value.interface.anon as Record<string, unknown>;
    anon["bar"] = "no";
    anon["extra"] = 1;
    (value.struct as Record<string, unknown>)["second"] = undefined;
    for (const root of ["mytype", ""]) {
      const at = (path: string): string => (root === "" ? path : `${root}.${path}`);
      expect(check(numberMode.validateMyType, value, true, root)).toEqual([
        `${at("struct.second")}: missing required field (string)`,
        `${at("interface.anon.extra")}: unknown field`,
        `${at("interface.anon.bar")}: expected bool, got "no"`,
      ]);
      expect(check(numberMode.validateMyType, value, false, root)).toEqual([
        `${at("struct.second")}: missing required field (string)`,
        `${at("interface.anon.bar")}: expected bool, got "no"`,
      ]);
    }
    const notStruct = { ...myType(), interface: { anon: [1] } };
    notStruct.nullable_array_struct[2]!.first = 3;
    expect(check(numberMode.validateMyType, notStruct, true)).toEqual([
      "mytype.interface.anon: expected struct, got array",
    ]);
  });

  it("stop at MAX_ISSUES problems inside inlined structs too", () => {
    const value = myType();
    value.nullable_array_struct[2]!.first = 3;
    const anon = value.interface.anon as Record<string, unknown>;
    for (let i = 0; i < 150; i++) anon[`x${i}`] = i;
    const issues = check(numberMode.validateMyType, value, true);
    expect(issues).toHaveLength(MAX_ISSUES);
    expect(issues[0]).toBe("mytype.interface.anon.x0: unknown field");
    expect(issues[MAX_ISSUES - 1]).toBe(`mytype.interface.anon.x${MAX_ISSUES - 1}: unknown field`);
  });

  it("accept a valid value; absent and null nullable fields mean the same", () => {
    const value = myType();
    value.nullable_array_struct[2]!.first = 3;
    expect(check(numberMode.validateMyType, value, true)).toEqual([]);
    const { nullable: _n, ...absent } = value;
    expect(check(numberMode.validateMyType, absent, true)).toEqual([]);
  });

  it("reject unknown fields only when strict (server), allow them when lenient (client)", () => {
    const value = { client_id: "c", bool: true, extra: 1 };
    expect(check(numberMode.validateTest02Parameters, value, true, "")).toEqual(["extra: unknown field"]);
    expect(check(numberMode.validateTest02Parameters, value, false, "")).toEqual([]);
  });

  it("hold set members to {} like any empty struct: strict rejects their fields, lenient allows them", () => {
    const value = { ...myType(), stringset: { one: {}, two: { x: 1 } } };
    value.nullable_array_struct[2]!.first = 3;
    expect(check(numberMode.validateMyType, value, true)).toEqual([
      'mytype.stringset["two"].x: unknown field',
    ]);
    expect(check(numberMode.validateMyType, value, false)).toEqual([]);
  });

  it("treat __proto__ as a plain key and never read inherited properties", () => {
    const value = JSON.parse('{"client_id": "c", "bool": true, "__proto__": {"x": 1}}') as unknown;
    expect(check(numberMode.validateTest02Parameters, value, true, "")).toEqual(["__proto__: unknown field"]);
    const dictionary = JSON.parse('{"__proto__": 5}') as unknown;
    expect(check(numberMode.validateMyType, { ...myType(), dictionary }, false)).toContain(
      'mytype.dictionary["__proto__"]: expected string, got 5',
    );
    // `toString` is inherited by every object: a missing field must still be missing.
    expect(check(numberMode.validateTest02Parameters, { bool: true }, true, "")).toEqual([
      "client_id: missing required field (string)",
    ]);
  });

  // What an `int` field accepts in each mode ("ok" keeps or decodes the value; see docs/codegen.md).
  it.each([
    ["safe int", 42, "ok", 42n],
    ["-0", -0, "ok", 0n],
    ["1.5", 1.5, "expected int, got 1.5", "expected int, got 1.5"],
    ['"12"', "12", 'expected int, got "12"', 12n],
    [
      "2^53 (rounded by JSON.parse)",
      2 ** 53,
      "expected int, got 9007199254740992",
      "expected int, got 9007199254740992",
    ],
    [
      "INT64_MAX via JSON.parse",
      JSON.parse("9223372036854775807") as number,
      "expected int, got 9223372036854776000",
      "expected int, got 9223372036854776000",
    ],
    ["2^64", 2 ** 64, "expected int, got 18446744073709552000", "expected int, got 18446744073709552000"],
    ["1e300", 1e300, "expected int, got 1e+300", "expected int, got 1e+300"],
    ["Infinity", Infinity, "expected int, got Infinity", "expected int, got Infinity"],
    ["exact INT64_MAX bigint", 2n ** 63n - 1n, "expected int, got 9223372036854775807n", 2n ** 63n - 1n],
    ["exact UINT64_MAX bigint", 2n ** 64n - 1n, "expected int, got 18446744073709551615n", 2n ** 64n - 1n],
    [
      "exact 2^64 bigint",
      2n ** 64n,
      "expected int, got 18446744073709551616n",
      "expected int, got 18446744073709551616n",
    ],
  ])("int %s", (_name, first, inNumberMode, inBigintMode) => {
    for (const [mode, want] of [
      [numberMode, inNumberMode],
      [bigintMode, inBigintMode],
    ] as const) {
      const value = { ...myType(), struct: { first, second: "s" }, nullable_array_struct: null };
      const issues = check(mode.validateMyType, value, true);
      if (typeof want === "string" && want !== "ok") expect(issues).toEqual([`mytype.struct.first: ${want}`]);
      else {
        expect(issues).toEqual([]);
        expect(value.struct.first).toBe(want === "ok" ? first : want);
      }
    }
  });

  it("int: bigint mode decodes numbers and UAPI.20 decimal strings to bigint, in place", () => {
    const value = { ...myType(), struct: { first: "9223372036854775807", second: "s" } };
    value.nullable_array_struct[2]!.first = 3;
    expect(check(bigintMode.validateMyType, value, true)).toEqual([]);
    expect(value.struct.first).toBe(9223372036854775807n);
    expect(value.nullable_array_struct.map((s) => s.first)).toEqual([1n, 2n, 3n]);
    const tooBig = {
      ...myType(),
      struct: { first: "18446744073709551616", second: "s" },
      nullable_array_struct: null,
    };
    expect(check(bigintMode.validateMyType, tooBig, true)).toEqual([
      'mytype.struct.first: expected int, got "18446744073709551616"',
    ]);
  });

  it("int: bigint mode carries ints beyond 2^53 exactly over a socket", async () => {
    const { int, received } = await bigintScenario.roundTrip("tcp:127.0.0.1:0");
    expect(int).toBe(2n ** 62n + 1n);
    expect(received).toEqual([2n ** 62n + 1n, 5n]);
    expect(await bigintScenario.errorRoundTrip("tcp:127.0.0.1:0")).toBe(2n ** 60n + 3n);
  });
});
