import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FrameDecoder, encodeFrame } from "../../packages/runtime/src/wire/framing.js";

/** Cuts `bytes` at the given (sorted, deduplicated) offsets. */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let start = 0;
  for (const p of points) {
    parts.push(bytes.subarray(start, p));
    start = p;
  }
  parts.push(bytes.subarray(start));
  return parts;
}

describe("FrameDecoder (property)", () => {
  it("decodes any sequence of JSON objects however the byte stream is cut", () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.string({ unit: "grapheme" }), fc.jsonValue()), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (messages, offsets) => {
          const wire = Buffer.from(messages.map((m) => encodeFrame(m)).join(""), "utf8");
          const decoder = new FrameDecoder();
          const out: unknown[] = [];
          for (const part of cut(wire, offsets)) decoder.push(part, (t) => void out.push(JSON.parse(t)));
          expect(out).toEqual(JSON.parse(JSON.stringify(messages)));
          expect(decoder.bufferedBytes).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
