import { describe, expect, it } from "vitest";
import { codes, load } from "./helpers.js";

const head = "interface org.example.test\n";

/** [name, { given: IDL body after the interface line, want: diagnostic codes in order }] */
const cases: Array<[string, { given: string; want: string[] }]> = [
  ["valid minimal", { given: "method Ping() -> ()", want: [] }],
  ["unknown type", { given: "type Point (x: int)\nmethod Move(to: Pont) -> ()", want: ["VL201"] }],
  ["int32", { given: "type T (a: int32)", want: ["VL201"] }],
  ["method used as type", { given: "method M() -> ()\ntype T (a: M)", want: ["VL214"] }],
  ["duplicate member", { given: "type A (a: int)\nmethod A() -> ()", want: ["VL202"] }],
  ["duplicate field", { given: "type A (a: int, a: int)", want: ["VL203"] }],
  ["duplicate enum value", { given: "type A (x, y, x)", want: ["VL204"] }],
  ["double nullable", { given: "type A (a: ??int)", want: ["VL205"] }],
  ["triple nullable is one diagnostic", { given: "type A (a: ???int)", want: ["VL205"] }],
  ["nesting at the limit is fine", { given: `type A (a: ${"[]".repeat(63)}int)`, want: [] }],
  ["nesting past the limit", { given: `type A (a: ${"?[]".repeat(40)}int)`, want: ["VL107"] }],
  [
    "very deep nesting does not overflow the stack",
    { given: `type A (a: ${"(b: ".repeat(20000)}int)`, want: ["VL107"] },
  ],
  [
    "prefixes before nested structs count towards the limit (no stack overflow)",
    {
      given: `method M${Array.from({ length: 63 }, (_, k) => `(a: ${"[]".repeat(62 - k)}`).join("")}int${")".repeat(63)} -> ()`,
      want: ["VL107"],
    },
  ],
  [
    "prefixes and parentheses together at the limit are fine",
    { given: `type A (a: ${"[](a: ".repeat(31)}[]int${")".repeat(31)})`, want: [] },
  ],
  ["nullable inside array is fine", { given: "type A (a: ?[]?[string]?int)", want: [] }],
  ["lower-case type name", { given: "type point (x: int)", want: ["VL206"] }],
  ["lower-case method name", { given: "method ping() -> ()", want: ["VL206"] }],
  ["underscore in error name", { given: "error Not_Found ()", want: ["VL206"] }],
  ["bad field name", { given: "type A (a__b: int, _c: int, d_: int)", want: ["VL207", "VL207", "VL207"] }],
  ["upper-case field name is fine", { given: "type A (Name: int)", want: [] }],
  ["trailing comma", { given: "type A (a: int,)", want: ["VL209"] }],
  ["double comma", { given: "type A (a: int,, b: int)", want: ["VL209"] }],
  ["empty enum", { given: "type A (,)", want: ["VL213"] }],
  ["leading comma", { given: "type A (, a, b)", want: ["VL209"] }],
  ["leading and trailing comma", { given: "type A (, a,)", want: ["VL209", "VL209"] }],
  ["enum as method input", { given: "method M(a, b) -> ()", want: ["VL211"] }],
  ["mixed enum and struct", { given: "type A (a: int, b)", want: ["VL212"] }],
  [
    "keywords as field names",
    { given: "type A (type: int, method: int, error: int, interface: int, any: any)", want: [] },
  ],
  ["keywords as enum values", { given: "type A (type, method, error, interface, bool)", want: [] }],
  [
    "many errors in one run",
    { given: "type a (x: Y)\ntype B (z: int, z: int)", want: ["VL206", "VL201", "VL203"] },
  ],
];

describe("model checks", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    expect(codes(head + given)).toEqual(want);
  });

  it.each([
    ["org", "VL208"],
    ["org..example", "VL208"],
    ["org.example-", "VL208"],
    ["org_x.example", "VL208"],
    ["1org.example", "VL208"],
  ])("interface name %s is rejected", (name, code) => {
    expect(codes(`interface ${name}\nmethod P() -> ()`)).toEqual([code]);
  });

  it.each(["org.example", "org.example.a-b", "io.systemd.Unit", "a.b-c.d1"])(
    "interface name %s is accepted",
    (name) => {
      expect(codes(`interface ${name}\nmethod P() -> ()`)).toEqual([]);
    },
  );

  it("reports an interface without members", () => {
    expect(codes("interface org.example.empty\n")).toEqual(["VL210"]);
  });

  it("suggests the closest type name", () => {
    const [d] = load(`${head}type Point (x: int)\nmethod M(p: Pont) -> ()`).diagnostics;
    expect(d?.hint).toBe("did you mean 'Point'?");
  });

  it("explains foreign type names", () => {
    const [d] = load(`${head}type T (a: uint64)`).diagnostics;
    expect(d?.hint).toMatch(/one integer type, 'int'/);
  });

  it("duplicate names carry a note at the first definition", () => {
    const text = `${head}type A (a: int)\nerror A ()`;
    const [d] = load(text).diagnostics;
    expect(d?.notes?.map((n) => text.slice(n.start, n.end))).toEqual(["A"]);
  });

  it("does not report references to a member that failed to parse", () => {
    expect(codes(`${head}type Broken (a: int32 b)\nmethod M(b: Broken) -> ()`)).toEqual(["VL102"]);
  });
});
