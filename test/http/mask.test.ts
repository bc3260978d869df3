/**
 * WebSocket masking 32 bits at a time (finding 15c): the same bytes as RFC 6455 §5.3's byte-wise
 * definition for every length (not only multiples of 4) and any buffer offset, in place or not,
 * and frames encoded masked still parse back to their payload.
 */
import { describe, expect, it } from "vitest";
import {
  FrameParser,
  Opcode,
  applyMask,
  encodeFrame,
  type Frame,
} from "../../packages/runtime/src/transports/websocket/frame.js";

const key = Uint8Array.of(0x12, 0x34, 0x56, 0x78);

/** RFC 6455 §5.3, byte by byte. */
function reference(source: Uint8Array): Uint8Array {
  return source.map((byte, i) => byte ^ (key[i % 4] as number));
}

/** `length` bytes at `offset` inside a larger buffer (so the views are unaligned). */
function bytesAt(length: number, offset: number): Uint8Array {
  const backing = new Uint8Array(length + offset + 3);
  for (let i = 0; i < backing.length; i++) backing[i] = (i * 37 + 11) & 0xff;
  return backing.subarray(offset, offset + length);
}

describe("applyMask", () => {
  const lengths = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 125, 126, 1023, 65_537];
  it.each(lengths.flatMap((length) => [0, 1, 2, 3].map((offset) => ({ length, offset }))))(
    "length $length at offset $offset",
    ({ length, offset }) => {
      const source = bytesAt(length, offset);
      const expected = reference(source);
      const target = bytesAt(length, (offset + 1) % 4);
      applyMask(source, key, target);
      expect(Buffer.from(target).equals(Buffer.from(expected))).toBe(true);
      applyMask(source, key, source);
      expect(Buffer.from(source).equals(Buffer.from(expected))).toBe(true);
    },
  );

  it.each([0, 1, 3, 5, 126, 65_539])("a masked frame of %i bytes parses back", (length) => {
    const payload = bytesAt(length, 1);
    const original = Buffer.from(payload);
    const frames: Frame[] = [];
    new FrameParser("server", { maxFrameSize: 1 << 20, maxMessageSize: 1 << 20 }).push(
      encodeFrame(Opcode.Binary, payload, true),
      (frame) => frames.push(frame),
    );
    expect(Buffer.from(frames[0]!.payload).equals(original)).toBe(true);
    expect(Buffer.from(payload).equals(original)).toBe(true);
  });
});
