/**
 * The printer's line breaking (src/generator/printer/line-break.ts): each rule on the shapes of
 * code the emitters write, and the lines it must leave alone.
 */
import { describe, expect, it } from "vitest";
import { breakLine, printWidth } from "../../src/generator/printer/line-break.js";

const long = (n: number): string => "x".repeat(n);

describe("breakLine", () => {
  it.each<[string, string, string[]]>([
    ["a line that fits", "  return a;", ["  return a;"]],
    [
      "if: the statement goes to the next line",
      `  if (typeof ${long(20)} !== "string") expected(issues, fieldPath(path, "a"), "string", f0);`,
      [`  if (typeof ${long(20)} !== "string")`, `    expected(issues, fieldPath(path, "a"), "string", f0);`],
    ],
    [
      "if: a long && test one operand per line",
      `    if (key !== "${long(20)}" && key !== "${long(20)}" && key !== "${long(20)}") unknownField(issues, path, key);`,
      [
        "    if (",
        `      key !== "${long(20)}" &&`,
        `      key !== "${long(20)}" &&`,
        `      key !== "${long(20)}"`,
        "    )",
        "      unknownField(issues, path, key);",
      ],
    ],
    [
      "a call: one argument per line, trailing comma",
      `      expected(issues, fieldPath(path, "${long(30)}") + "[" + i1 + "]", "map", e2);`,
      [
        "      expected(",
        "        issues,",
        `        fieldPath(path, "${long(30)}") + "[" + i1 + "]",`,
        '        "map",',
        "        e2,",
        "      );",
      ],
    ],
    [
      "return of an && chain: parenthesised",
      `  return error instanceof VarlinkError && error.error === "org.example.${long(30)}";`,
      [
        "  return (",
        "    error instanceof VarlinkError &&",
        `    error.error === "org.example.${long(30)}"`,
        "  );",
      ],
    ],
    [
      "an arrow property: the body on the next line",
      `        validateParameters: (parameters) => collectIssues(validate${long(20)}, parameters, strict),`,
      [
        "        validateParameters: (parameters) =>",
        `          collectIssues(validate${long(20)}, parameters, strict),`,
      ],
    ],
    [
      "an intersection before a generic type",
      `  declare readonly parameters: ${long(40)}Parameters & Record<string, unknown>;`,
      [`  declare readonly parameters: ${long(40)}Parameters &`, "    Record<string, unknown>;"],
    ],
    [
      "type arguments: no trailing comma",
      `    OnlyKnownHandlers<S, ${long(10)}Service, "${long(60)}">,`,
      ["    OnlyKnownHandlers<", "      S,", `      ${long(10)}Service,`, `      "${long(60)}"`, "    >,"],
    ],
    [
      "an object type ending the line",
      `  readonly streamEnd?: { readonly [K in keyof ${long(30)}]?: "last-yield" | "return" };`,
      [
        "  readonly streamEnd?: {",
        `    readonly [K in keyof ${long(30)}]?: "last-yield" | "return";`,
        "  };",
      ],
    ],
    [
      "commas and brackets inside strings are not code",
      `  f("a, (b", "${long(70)}");`,
      ["  f(", '    "a, (b",', `    "${long(70)}",`, "  );"],
    ],
  ])("%s", (_name, line, want) => {
    expect(breakLine(line)).toEqual(want);
  });

  it.each<[string, string]>([
    ["a // comment (not ours to move)", `  f(a, b); // ${long(80)}`],
    ["a long string alone", `  "${long(90)}";`],
    ["unbalanced brackets", `  f(a, (b, ${long(80)};`],
    ["a comparison is not a type argument list", `  if (a < b && c > d) ${long(80)}`],
  ])("leaves %s alone when it cannot break it", (_name, line) => {
    const lines = breakLine(line);
    expect(lines.join(" ").replace(/\s+/g, "")).toBe(line.replace(/\s+/g, "").replace(/,(?=\))/g, ""));
    if (lines.length === 1) expect(lines[0]!.length).toBeGreaterThan(printWidth);
  });
});
