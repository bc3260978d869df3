/**
 * Property test for the formatter on valid input: random well-formed interfaces (every type
 * form, keywords as field names, hyphenated and upper-case interface names), printed with random
 * whitespace, CRLF and comments between any two tokens. The front end must accept each, and the
 * formatter must keep the meaning (doc comments included), keep every comment, and be idempotent.
 * The mutation fuzz test (fuzz.test.ts) mostly reaches invalid text; this one reaches the
 * formatter's comment placement on valid text. Bounded runs, fixed seed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/diagnostics/source-file.js";
import { formatSource } from "../../src/format/index.js";
import { parseFile } from "../../src/parser/index.js";
import { load, meaning } from "./helpers.js";

const interfaceNames = ["org.example.a", "a-b.c", "a--b.c1", "Org.Example.X-y", "io.systemd.a.b"];
const fieldNames = [
  "a_long_field_name_so_that_lists_break",
  "a",
  "b1",
  "c_d",
  "Upper",
  "type",
  "method",
  "error",
  "interface",
  "int",
  "any",
  "enum",
];
const primitives = ["bool", "int", "float", "string", "object", "any"];

/** A type as tokens; `refs` are the declared type names it may use. */
function typeTokens(refs: readonly string[], depth: number): fc.Arbitrary<string[]> {
  const leaf = fc.constantFrom(...primitives, ...refs).map((t) => [t]);
  if (depth === 0) return leaf;
  const inner = typeTokens(refs, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: inner.map((t) => (t[0] === "?" ? t : ["?", ...t])) },
    { weight: 1, arbitrary: inner.map((t) => ["[", "]", ...t]) },
    { weight: 1, arbitrary: inner.map((t) => ["[", "string", "]", ...t]) },
    { weight: 1, arbitrary: parensTokens(refs, depth - 1, true) },
  );
}

/** `(...)`: a struct (maybe empty) or, when `enums` is set, possibly an enum. */
function parensTokens(refs: readonly string[], depth: number, enums: boolean): fc.Arbitrary<string[]> {
  const names = fc.uniqueArray(fc.constantFrom(...fieldNames), { maxLength: 3 });
  const struct = names.chain((list) =>
    fc
      .tuple(...list.map(() => typeTokens(refs, depth)))
      .map((types) => ["(", ...list.flatMap((n, i) => [...(i > 0 ? [","] : []), n, ":", ...types[i]!]), ")"]),
  );
  if (!enums) return struct;
  const enumValues = fc.uniqueArray(fc.constantFrom(...fieldNames), { minLength: 1, maxLength: 3 });
  const enumeration = enumValues.map((list) => [
    "(",
    ...list.flatMap((n, i) => (i > 0 ? [",", n] : [n])),
    ")",
  ]);
  return fc.oneof(struct, enumeration);
}

/** A whole interface as tokens: types T0.., methods M0.., errors E0.. (at least one member). */
const interfaceTokens: fc.Arbitrary<string[]> = fc
  .record({
    name: fc.constantFrom(...interfaceNames),
    kinds: fc.array(fc.constantFrom("type", "method", "error"), { minLength: 1, maxLength: 5 }),
  })
  .chain(({ name, kinds }) => {
    const refs = kinds.flatMap((k, i) => (k === "type" ? [`T${i}`] : []));
    const members = kinds.map((kind, i) => {
      if (kind === "type") return parensTokens(refs, 2, true).map((body) => ["type", `T${i}`, ...body]);
      if (kind === "error") return parensTokens(refs, 2, false).map((body) => ["error", `E${i}`, ...body]);
      return fc
        .tuple(parensTokens(refs, 2, false), parensTokens(refs, 2, false))
        .map(([input, output]) => ["method", `M${i}`, ...input, "->", ...output]);
    });
    return fc.tuple(...members).map((list) => ["interface", name, ...list.flat()]);
  });

const separators = [" ", "  ", "\n", "\t", "\r\n", "\n\n", " # c\n", "\n# doc\n", "\n# x\n\n# y\n", " #\n"];

/** Tokens joined with random separators, optionally ending in a comment without a newline. */
const sourceText: fc.Arbitrary<string> = interfaceTokens.chain((tokens) =>
  fc
    .tuple(
      fc.array(fc.constantFrom(...separators), { minLength: tokens.length, maxLength: tokens.length }),
      fc.constantFrom("", "\n", "\n# end", "# end"),
    )
    .map(([seps, end]) => tokens.map((t, i) => `${i > 0 ? seps[i]! : ""}${t}`).join("") + end),
);

function commentTexts(text: string): string[] {
  return parseFile(new SourceFile("c.varlink", text))
    .value.comments.map((c) => c.text.trimEnd())
    .sort();
}

describe("formatter on random valid interfaces", () => {
  it("accepts them, keeps meaning and every comment, and is idempotent", () => {
    fc.assert(
      fc.property(sourceText, (text) => {
        const before = load(text);
        expect(before.diagnostics.map((d) => d.message)).toEqual([]);
        const once = formatSource(new SourceFile("f.varlink", text)).value;
        expect(once).toBeDefined();
        const after = load(once!);
        expect(after.diagnostics.map((d) => d.message)).toEqual([]);
        expect(meaning(after.value)).toEqual(meaning(before.value));
        expect(commentTexts(once!)).toEqual(commentTexts(text));
        expect(formatSource(new SourceFile("g.varlink", once!)).value).toBe(once);
      }),
      { numRuns: 400, seed: 20261126 },
    );
  });
});
