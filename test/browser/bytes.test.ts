/**
 * The wire layer on plain Uint8Array, with and without Node's Buffer (wire/bytes.ts): frames
 * are found and decoded the same, a multi-byte character torn across chunks included, whether
 * chunks are Buffers (Node sockets) or Uint8Arrays (WebSocket, fetch) and whether UTF-8 goes
 * through Buffer or TextEncoder/TextDecoder (browsers).
 */
import { afterEach, describe, expect, it, vi } from "vitest";

import type * as FramingModule from "../../packages/runtime/src/wire/framing.js";
import type * as BytesModule from "../../packages/runtime/src/wire/bytes.js";

type Framing = typeof FramingModule;
type Bytes = typeof BytesModule;

/** Loads framing.ts and bytes.ts fresh, with globalThis.Buffer hidden when `withBuffer` is false. */
async function load(withBuffer: boolean): Promise<{ framing: Framing; bytes: Bytes }> {
  vi.resetModules();
  const saved = globalThis.Buffer;
  if (!withBuffer) Reflect.deleteProperty(globalThis, "Buffer");
  try {
    const framing = await import("../../packages/runtime/src/wire/framing.js");
    const bytes = await import("../../packages/runtime/src/wire/bytes.js");
    return { framing, bytes };
  } finally {
    globalThis.Buffer = saved;
  }
}

afterEach(() => vi.resetModules());

const text = '{"parameters":{"name":"Zoë 😀","bom":"\uFEFF"}}';
const encoded = new TextEncoder().encode(text + "\0" + text + "\0");

/** Chunkings of two frames: whole, byte by byte, torn inside the emoji and at the NUL. */
const cuts: { name: string; at: number[] }[] = [
  { name: "one chunk", at: [] },
  { name: "every byte", at: Array.from({ length: encoded.length - 1 }, (_, i) => i + 1) },
  { name: "inside the emoji", at: [text.indexOf("😀") + 4] },
  { name: "at the NUL", at: [encoded.indexOf(0), encoded.indexOf(0) + 1] },
];

function chunks(at: number[], asBuffer: boolean): Uint8Array[] {
  const bounds = [0, ...at, encoded.length];
  return bounds.slice(1).map((end, i) => {
    const part = encoded.slice(bounds[i], end);
    return asBuffer ? Buffer.from(part) : part;
  });
}

describe.each([
  { platform: "Node (Buffer)", withBuffer: true },
  { platform: "browser (TextDecoder)", withBuffer: false },
])("$platform", ({ withBuffer }) => {
  it.each(cuts.flatMap((cut) => [true, false].map((asBuffer) => ({ ...cut, asBuffer }))))(
    "decodes two frames: $name, chunks as Buffer: $asBuffer",
    async ({ at, asBuffer }) => {
      const { framing } = await load(withBuffer);
      const decoder = new framing.FrameDecoder();
      const frames: string[] = [];
      for (const chunk of chunks(at, asBuffer)) decoder.push(chunk, (frame) => void frames.push(frame));
      expect(frames).toEqual([text, text]);
      expect(decoder.partial).toBe(false);
    },
  );

  it("measures, encodes and joins UTF-8", async () => {
    const { bytes } = await load(withBuffer);
    expect(bytes.utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    expect([...bytes.encodeUtf8(text)]).toEqual([...new TextEncoder().encode(text)]);
    const joined = bytes.concatBytes([encoded.subarray(0, 3), encoded.subarray(3, 10)], 10);
    expect(bytes.decodeUtf8(joined, 0, 10)).toBe(text.slice(0, 10));
    // Malformed UTF-8 becomes U+FFFD on both paths.
    expect(bytes.decodeUtf8(new Uint8Array([0x61, 0xff, 0x62]), 0, 3)).toBe("a\uFFFDb");
  });
});
