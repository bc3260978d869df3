import { describe, expect, it } from "vitest";
import { CHECKED_NAMES_LIMIT, encodeExtensions } from "../../packages/runtime/src/wire/header.js";

// encodeExtensions remembers names that passed the reverse-domain check: the answer must not
// depend on whether a name was seen before, nor on the remembered set having been cleared.
describe("encodeExtensions remembers checked names", () => {
  const fill = (from: number): void => {
    for (let i = from; i < from + CHECKED_NAMES_LIMIT + 1; i++) encodeExtensions({ [`org.fill${i}`]: {} });
  };
  it.each([
    ["first use", () => {}],
    ["second use", () => encodeExtensions({ "org.example.trace": {} })],
    ["after the set was cleared", () => fill(0)],
  ])("%s: a good name is encoded, bad ones refused", (_name, before) => {
    before();
    expect(encodeExtensions({ "org.example.trace": { a: "b" } })).toBe(',"org.example.trace":{"a":"b"}');
    expect(() => encodeExtensions({ trace: {} })).toThrow(/not a reverse-domain name/);
    expect(() => encodeExtensions({ "org..example": {} })).toThrow(/not a reverse-domain name/);
    expect(() => encodeExtensions({ "org.example.trace": 5 })).toThrow(/is not an object/);
  });
});
