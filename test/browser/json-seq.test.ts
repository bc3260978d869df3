/**
 * The json-seq reader of simple HTTP mode (client/json-seq.ts, RFC 7464): records are handed
 * out at their LF however the body is chunked; a record with line feeds of its own, a last one
 * without LF, and bytes before the first RS are handled; a record that is not JSON throws.
 */
import { describe, expect, it } from "vitest";
import { JsonSeqReader } from "../../packages/runtime/src/client/json-seq.js";

const RS = "\x1e";
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Feeds `body` cut at every `step` bytes; returns the records and after which chunk each came. */
function read(body: string, step: number): { records: unknown[]; at: number[] } {
  const reader = new JsonSeqReader((text) => JSON.parse(text));
  const all = bytes(body);
  const records: unknown[] = [];
  const at: number[] = [];
  for (let i = 0; i < all.length; i += step) {
    for (const record of reader.push(all.subarray(i, i + step))) {
      records.push(record);
      at.push(Math.min(i + step, all.length));
    }
  }
  records.push(...reader.end());
  return { records, at };
}

describe("JsonSeqReader", () => {
  const two = `${RS}{"i":1}\n${RS}{"s":"é😀"}\n`;
  it.each([1, 2, 3, 7, 1000])("reads two records in chunks of %i bytes", (step) => {
    expect(read(two, step).records).toEqual([{ i: 1 }, { s: "é😀" }]);
  });

  it("hands a record out at its LF, before the next RS arrives", () => {
    const body = `${RS}{"i":1}\n`;
    expect(read(body, 1).at).toEqual([bytes(body).length]);
  });

  it.each([
    { name: "a record with line feeds inside", body: `${RS}{\n"a":\n[1,\n2]}\n`, records: [{ a: [1, 2] }] },
    { name: "a last record without LF", body: `${RS}{"a":1}\n${RS}{"b":2}`, records: [{ a: 1 }, { b: 2 }] },
    { name: "bytes before the first RS", body: `junk${RS}{"a":1}\n`, records: [{ a: 1 }] },
    { name: "empty records", body: `${RS}${RS}\n${RS}{"a":1}\n`, records: [{ a: 1 }] },
  ])("handles $name", ({ body, records }) => {
    for (const step of [1, 4, 100]) expect(read(body, step).records).toEqual(records);
  });

  it("throws on a record that is not JSON", () => {
    expect(() => read(`${RS}{"a":\n${RS}{"b":1}\n`, 100)).toThrow(SyntaxError);
  });
});
