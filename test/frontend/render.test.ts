import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderDiagnostic, renderDiagnostics } from "../../src/diagnostics/render.js";
import { SourceFile } from "../../src/diagnostics/source-file.js";

const file = new SourceFile("x.varlink", "interface a.b\n\n\tmethod M(a: Pont) -> ()\ntype T (\n  x: int\n)");

function diag(start: number, end: number, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code: "VL999", severity: "error", message: "m", file, start, end, ...extra };
}

const at = (s: string) => file.text.indexOf(s);

/** [name, { given, want }] */
const cases: Array<[string, { given: Diagnostic; want: string }]> = [
  [
    "tab before the caret is kept, blank previous line is not shown",
    {
      given: diag(at("Pont"), at("Pont") + 4, { hint: "did you mean 'Point'?" }),
      want: "x.varlink:3:14: error VL999: m\n  3 | \tmethod M(a: Pont) -> ()\n    | \t            ^^^^ did you mean 'Point'?\n",
    },
  ],
  [
    "previous non-blank line is shown for context",
    {
      given: diag(at("x:"), at("x:") + 1),
      want: "x.varlink:5:3: error VL999: m\n  4 | type T (\n  5 |   x: int\n    |   ^\n",
    },
  ],
  [
    "a span over several lines is underlined to the end of its first line",
    {
      given: diag(at("type"), file.text.length),
      want: "x.varlink:4:1: error VL999: m\n  3 | \tmethod M(a: Pont) -> ()\n  4 | type T (\n    | ^^^^^^^^\n",
    },
  ],
  [
    "an empty span at the end of the file gets one caret",
    {
      given: diag(file.text.length, file.text.length),
      want: "x.varlink:6:2: error VL999: m\n  5 |   x: int\n  6 | )\n    |  ^\n",
    },
  ],
  [
    "notes get their own location and frame",
    {
      given: diag(at("T"), at("T") + 1, {
        notes: [{ message: "first here", start: at("M("), end: at("M(") + 1 }],
      }),
      want:
        "x.varlink:4:6: error VL999: m\n  3 | \tmethod M(a: Pont) -> ()\n  4 | type T (\n    |      ^\n" +
        "x.varlink:3:9: note: first here\n  3 | \tmethod M(a: Pont) -> ()\n    | \t       ^\n",
    },
  ],
];

describe("renderDiagnostic", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    expect(renderDiagnostic(given)).toBe(want);
  });

  it("widens the gutter for the larger line number", () => {
    const long = new SourceFile("y", `${"\n".repeat(9)}a\nbb`);
    expect(renderDiagnostic({ ...diag(11, 12), file: long })).toBe(
      "y:11:1: error VL999: m\n  10 | a\n  11 | bb\n     | ^\n",
    );
  });

  it("colours only when asked", () => {
    const d = diag(at("Pont"), at("Pont") + 4, { hint: "h" });
    expect(renderDiagnostic(d)).not.toContain("\x1b[");
    const coloured = renderDiagnostic(d, { color: true });
    expect(coloured).toContain("\x1b[1;31merror\x1b[0m");
    expect(coloured.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "")).toBe(
      renderDiagnostic(d),
    );
  });

  it("renders a list sorted by file, offset and code, separated by blank lines", () => {
    const other = new SourceFile("a.varlink", "interface a.b");
    const list = [
      diag(20, 21, { code: "VL2" }),
      diag(20, 21, { code: "VL1" }),
      { ...diag(0, 1), file: other },
    ];
    const text = renderDiagnostics(list);
    expect(text.split("\n\n").map((block) => block.split("\n")[0])).toEqual([
      "a.varlink:1:1: error VL999: m",
      "x.varlink:3:6: error VL1: m",
      "x.varlink:3:6: error VL2: m",
    ]);
  });
});

describe("renderDiagnostic on long lines", () => {
  it("shows a window around the caret, marking cut ends", () => {
    const long = new SourceFile("z", `type T (${"a: int, ".repeat(40)}b: Bad)`);
    const start = long.text.indexOf("Bad");
    const [, source, caret] = renderDiagnostic(diag(start, start + 3, { file: long })).split("\n");
    expect(source!.startsWith("  1 | …")).toBe(true);
    expect(source!.length).toBeLessThanOrEqual(130);
    expect(caret!.indexOf("^^^")).toBe(source!.indexOf("Bad"));
  });
});
