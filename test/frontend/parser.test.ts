import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/diagnostics/source-file.js";
import { flatType } from "../../src/format/layout.js";
import { parseFile } from "../../src/parser/index.js";

function parse(text: string) {
  return parseFile(new SourceFile("p.varlink", text));
}

/** [name, { given: a field type, want: its shape }] */
const types: Array<[string, { given: string; want: string }]> = [
  ["primitive", { given: "int", want: "int" }],
  ["any", { given: "any", want: "any" }],
  ["reference", { given: "Foo", want: "Foo" }],
  ["nullable array of nullable map", { given: "?[]?[string]T", want: "?[]?[string]T" }],
  ["set", { given: "[string]()", want: "[string]()" }],
  ["double nullable parses (the model rejects it)", { given: "??int", want: "??int" }],
  ["anonymous enum", { given: "(a, b)", want: "(a, b)" }],
  ["nested anonymous struct", { given: "(x: (y: ?(z: []int)))", want: "(x: (y: ?(z: []int)))" }],
  [
    "keyword field names",
    {
      given: "(type: int, interface: string, error: bool)",
      want: "(type: int, interface: string, error: bool)",
    },
  ],
];

describe("parser: types", () => {
  it.each(types)("%s", (_name, { given, want }) => {
    const result = parse(`interface a.b\ntype T (f: ${given})`);
    expect(result.diagnostics).toEqual([]);
    const member = result.value.members[0]!;
    const type = member.kind === "type" ? member.body.items[0]!.type : undefined;
    expect(type && flatType(type)).toBe(want);
  });
});

describe("parser: declarations", () => {
  it("tells references from primitive types", () => {
    const member = parse("interface a.b\ntype T (a: int, b: Int)").value.members[0]!;
    expect(member.kind === "type" && member.body.items.map((i) => i.type?.kind)).toEqual(["int", "ref"]);
  });

  it("keeps members in source order with spans", () => {
    const text = "interface a.b\ntype T ()\nmethod M(a: int) -> (b: T)\nerror E ()";
    const { value } = parse(text);
    expect(value.interface?.name.text).toBe("a.b");
    expect(value.members.map((m) => [m.kind, m.name.text, text.slice(m.start, m.end)])).toEqual([
      ["type", "T", "type T ()"],
      ["method", "M", "method M(a: int) -> (b: T)"],
      ["error", "E", "error E ()"],
    ]);
  });

  it("attaches doc comments only when directly above and alone on their line", () => {
    const text =
      "# iface\ninterface a.b\n\n# not a doc\n\n# doc 1\n#  indented\n#\ntype T (\n  # field doc\n  x: int, # trailing\n  y: int\n)";
    const { value } = parse(text);
    const t = value.members[0]!;
    expect(value.interface?.doc).toBe("iface");
    expect(t.doc).toBe("doc 1\n indented\n");
    expect(t.kind === "type" && t.body.items.map((i) => i.doc)).toEqual(["field doc", undefined]);
  });

  it("records empty items for trailing and double commas", () => {
    const { value } = parse("interface a.b\ntype T (a: int,, b: int,)");
    const t = value.members[0]!;
    expect(t.kind === "type" && t.body.emptyItems.length).toBe(2);
  });

  it("keeps parsing after a broken declaration and remembers its name", () => {
    const { value, diagnostics } = parse("interface a.b\ntype Bad (x int)\nmethod M() -> ()\nerror E (");
    expect(value.members.map((m) => m.name.text)).toEqual(["M"]);
    expect(value.brokenNames).toEqual(["Bad", "E"]);
    expect(diagnostics.map((d) => d.code)).toEqual(["VL102", "VL102"]);
  });

  it("splits declarations even when a member keyword is a field name on its own line", () => {
    const { value, diagnostics } = parse(
      "interface a.b\ntype T (\n  type: int,\n  method: int,\n  error: (interface, type)\n)",
    );
    expect(diagnostics).toEqual([]);
    expect(value.members).toHaveLength(1);
  });

  it.each([
    ["", "VL104"],
    ["method M() -> ()", "VL104"],
    ["interface a.b\nmethod M() -> ()\ninterface c.d", "VL105"],
    ["type T ()\ninterface a.b\nmethod M() -> ()", "VL104"],
    ["interface a.b {\nmethod M() -> ()\n}", "VL103"],
    ["interface a.b\nmethod M() -> ();", "VL106"],
    ["interface a.b\nmethod M() -> () // x", "VL101"],
  ])("%j reports %s", (text, code) => {
    expect(parse(text).diagnostics.map((d) => d.code)).toEqual([code]);
  });
});

describe("parser: line endings and byte-order mark", () => {
  it("accepts CRLF and a BOM, and strips \\r from doc comments", () => {
    const { value, diagnostics } = parse("\uFEFFinterface a.b\r\n\r\n# doc\r\nmethod M() -> ()\r\n");
    expect(diagnostics).toEqual([]);
    expect(value.members[0]?.doc).toBe("doc");
  });
});
