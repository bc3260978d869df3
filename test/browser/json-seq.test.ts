/**
 * The json-seq reader of simple HTTP mode (client/json-seq.ts, RFC 7464): records are handed
 * out at their LF however the body is chunked; a record with line feeds of its own, a last one
 * without LF, and bytes before the first RS are handled; a record that is not JSON throws.
 */
import { describe, expect, it } from "vitest";
import { JsonSeqReader } from "../../packages/runtime/src/client/json-seq.js";
import { ConnectionError } from "../../packages/runtime/src/errors.js";

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

  it.each([
    { name: "an RS then endless bytes without LF", body: `${RS}"${"x".repeat(200)}` },
    { name: "a record with many LFs", body: `${RS}[${"1,\n".repeat(100)}1]\n` },
  ])("refuses $name past maxMessageSize", ({ body }) => {
    for (const step of [1, 7, 1000]) {
      const reader = new JsonSeqReader((text) => JSON.parse(text), 100);
      const all = bytes(body);
      expect(() => {
        for (let i = 0; i < all.length; i += step) reader.push(all.subarray(i, i + step));
        reader.end();
      }).toThrow(ConnectionError);
    }
  });

  it("a record of exactly maxMessageSize bytes (text and LF) is read", () => {
    const reader = new JsonSeqReader((text) => JSON.parse(text), 10);
    expect(reader.push(bytes(`${RS}"1234567"\n`))).toEqual(["1234567"]);
  });

  it("parses a pretty-printed record once, not at each of its line feeds", () => {
    let parses = 0;
    const reader = new JsonSeqReader((text) => {
      parses++;
      return JSON.parse(text);
    });
    const record = JSON.stringify({ a: Array.from({ length: 50 }, (_, i) => ({ i })) }, null, 2);
    expect(reader.push(bytes(`${RS}${record}\n${RS}${record}\n`))).toHaveLength(2);
    expect(parses).toBe(2);
  });
});
