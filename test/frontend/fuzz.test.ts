/**
 * Property test: random mutations of every valid fixture (characters or whole tokens deleted,
 * inserted, replaced, duplicated) never make the front end throw. They produce diagnostics with
 * spans inside the text, the renderer handles them, and whatever the formatter accepts it
 * formats idempotently and without changing the model. Bounded: 300 runs per fixture, fixed seed so failures reproduce.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../../src/diagnostics/render.js";
import { SourceFile } from "../../src/diagnostics/source-file.js";
import { formatSource } from "../../src/format/index.js";
import { loadInterface } from "../../src/model/index.js";
import { fixtureCases, fixtureSource, meaning } from "./helpers.js";

const snippets = [
  "(",
  ")",
  "[",
  "]",
  "[]",
  "[string]",
  "?",
  ":",
  ",",
  "->",
  "-",
  ">",
  "#",
  "# c\n",
  "\n",
  " ",
  "\t",
  "{",
  "}",
  ";",
  "=",
  "type",
  "method",
  "error",
  "interface",
  "int",
  "int32",
  "string",
  "any",
  "object",
  "Foo",
  "foo_",
  "a.b",
  "..",
  "é",
  "\u0000",
  "\r\n",
];

type Mutation = {
  op: "delete" | "insert" | "replace" | "duplicate";
  at: number;
  unit: "char" | "token";
  text: string;
};

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom("delete", "insert", "replace", "duplicate"),
  at: fc.nat(),
  unit: fc.constantFrom("char", "token"),
  text: fc.oneof(fc.constantFrom(...snippets), fc.string({ maxLength: 3 })),
});

/** Splits text into whitespace runs, words and single characters, so a "token" edit is realistic. */
function pieces(text: string): string[] {
  return text.match(/\s+|[A-Za-z0-9_.-]+|[^]/g) ?? [];
}

function apply(text: string, m: Mutation): string {
  const parts = m.unit === "char" ? [...text] : pieces(text);
  if (parts.length === 0) return m.text;
  const i = m.at % parts.length;
  if (m.op === "delete") parts.splice(i, 1);
  else if (m.op === "insert") parts.splice(i, 0, m.text);
  else if (m.op === "replace") parts.splice(i, 1, m.text);
  else parts.splice(i, 0, parts[i]!);
  return parts.join("");
}

/** Everything the front end promises for any text; throws (fails the property) otherwise. */
function checkAnyText(text: string): void {
  const file = new SourceFile("fuzz.varlink", text);
  const result = loadInterface(file);
  for (const d of result.diagnostics) {
    expect(d.start).toBeGreaterThanOrEqual(0);
    expect(d.end).toBeGreaterThanOrEqual(d.start);
    expect(d.end).toBeLessThanOrEqual(text.length);
  }
  expect(result.value === undefined).toBe(result.diagnostics.length > 0);
  renderDiagnostics(result.diagnostics);
  const formatted = formatSource(file).value;
  if (formatted !== undefined) {
    const again = new SourceFile("again.varlink", formatted);
    expect(formatSource(again).value).toBe(formatted);
    if (result.value !== undefined)
      expect(meaning(loadInterface(again).value)).toEqual(meaning(result.value));
  }
}

const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

describe("front end under random mutations", () => {
  it.each(fixtureCases("valid"))("valid/%s never throws", (name) => {
    const original = fixtureSource("valid", name).text;
    fc.assert(
      fc.property(mutations, (list) => checkAnyText(list.reduce(apply, original))),
      { numRuns: 300, seed: 20261125 },
    );
  });

  // Broken input is where error paths meet; fewer runs each, since there are many cases.
  it.each(fixtureCases("invalid"))("invalid/%s never throws", (name) => {
    const original = fixtureSource("invalid", name).text;
    fc.assert(
      fc.property(mutations, (list) => checkAnyText(list.reduce(apply, original))),
      { numRuns: 40, seed: 20261125 },
    );
  });
});
