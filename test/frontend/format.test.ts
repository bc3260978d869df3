import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/diagnostics/source-file.js";
import { formatSource } from "../../src/format/index.js";
import { loadInterface } from "../../src/model/index.js";
import { fixtureCases, fixtureSource, meaning } from "./helpers.js";

function format(text: string): string {
  const result = formatSource(new SourceFile("f.varlink", text));
  expect(result.diagnostics).toEqual([]);
  return result.value!;
}

describe("formatter on valid fixtures", () => {
  it.each(fixtureCases("valid"))("%s: idempotent and meaning-preserving", (name) => {
    const source = fixtureSource("valid", name);
    const once = format(source.text);
    expect(format(once)).toBe(once);
    const before = loadInterface(source).value;
    const after = loadInterface(new SourceFile("formatted.varlink", once));
    expect(after.diagnostics).toEqual([]);
    expect(meaning(after.value)).toEqual(meaning(before));
    for (const line of once.split("\n"))
      if (!line.trimStart().startsWith("#")) expect(line.length).toBeLessThanOrEqual(80);
  });

  it("keeps the systemd fixture as written (it is already canonical)", () => {
    const source = fixtureSource("valid", "io.systemd.example");
    expect(format(source.text)).toBe(source.text);
  });
});

/** [name, { given, want }] */
const cases: Array<[string, { given: string; want: string }]> = [
  [
    "normalises spacing and blank lines",
    {
      given: "interface   a.b\n\n\n\ntype  T(x:int,y : ?[ ]string)\nmethod M ( ) ->( )\n",
      want: "interface a.b\n\ntype T (x: int, y: ?[]string)\n\nmethod M() -> ()\n",
    },
  ],
  [
    "joins a short struct written over lines",
    {
      given: "interface a.b\ntype T (\n  x: int,\n  y: int\n)",
      want: "interface a.b\n\ntype T (x: int, y: int)\n",
    },
  ],
  [
    "breaks a long struct one field per line",
    {
      given: `interface a.b\ntype T (${Array.from({ length: 8 }, (_, i) => `field${i}: string`).join(", ")})`,
      want: `interface a.b\n\ntype T (\n${Array.from({ length: 8 }, (_, i) => `  field${i}: string`).join(",\n")}\n)\n`,
    },
  ],
  [
    "breaks a long method output but keeps a short input flat",
    {
      given:
        "interface a.b\nmethod M(a: int) -> (first: string, second: string, third: string, fourth: string)",
      want: "interface a.b\n\nmethod M(a: int) -> (\n  first: string,\n  second: string,\n  third: string,\n  fourth: string\n)\n",
    },
  ],
  [
    "a field doc comment forces the struct onto lines",
    {
      given: "interface a.b\ntype T (\n  # the x\n  x: int, y: int)",
      want: "interface a.b\n\ntype T (\n  # the x\n  x: int,\n  y: int\n)\n",
    },
  ],
  [
    "keeps trailing comments on their line",
    {
      given: "interface a.b # the name\ntype T (x: int) # a type\ntype E (\n  a, # first\n  b\n)",
      want: "interface a.b # the name\n\ntype T (x: int) # a type\n\ntype E (\n  a, # first\n  b\n)\n",
    },
  ],
  [
    "keeps the blank line that separates a comment from a declaration",
    {
      given: "# file header\n\n# doc\ninterface a.b\n# loose\n\n# doc of T\ntype T ()\n# end",
      want: "# file header\n\n# doc\ninterface a.b\n\n# loose\n\n# doc of T\ntype T ()\n\n# end\n",
    },
  ],
  [
    "moves a comment inside a type above its field",
    {
      given: "interface a.b\ntype T (x: # odd\n int)",
      want: "interface a.b\n\ntype T (\n  # odd\n\n  x: int\n)\n",
    },
  ],
  [
    "does not turn a comment after a ',' on its own line into a doc comment",
    {
      given: "interface a.b\ntype T (a: int\n, # after comma\nb: int)",
      want: "interface a.b\n\ntype T (\n  a: int,\n  # after comma\n\n  b: int\n)\n",
    },
  ],
  [
    "does not turn comments above a ',' into a doc comment of the next field",
    {
      given: "interface a.b\ntype T (a: int\n# above comma\n, b: int\n# loose\n,\n# doc\nc: int)",
      want: "interface a.b\n\ntype T (\n  a: int,\n  # above comma\n\n  b: int,\n  # loose\n\n  # doc\n  c: int\n)\n",
    },
  ],
  [
    "moves a comment between 'interface' and its name above the line, not to the end of the file",
    {
      given: "# doc\ninterface # odd\n a.b\ntype T ()\n# end",
      want: "# odd\n\n# doc\ninterface a.b\n\ntype T ()\n\n# end\n",
    },
  ],
];

describe("formatter layout", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    expect(format(given)).toBe(want);
    expect(format(want)).toBe(want);
  });

  it("refuses a file with syntax errors", () => {
    const result = formatSource(new SourceFile("f.varlink", "interface a.b\ntype T (x int)"));
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(["VL102"]);
  });
});
