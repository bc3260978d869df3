import { describe, expect, it } from "vitest";
import { FrameDecoder, FrameTooLargeError, encodeFrame } from "../../packages/runtime/src/wire/framing.js";

function decodeAll(decoder: FrameDecoder, chunks: Buffer[]): string[] {
  const out: string[] = [];
  for (const chunk of chunks) decoder.push(chunk, (t) => void out.push(t));
  return out;
}

describe("FrameDecoder", () => {
  const messages = [
    { method: "org.example.Ping", parameters: { text: "héllo wörld €𝄞" } },
    { parameters: {} },
    { error: "org.example.Err", parameters: { reason: "日本語" } },
  ];
  const wire = Buffer.from(messages.map((m) => encodeFrame(m)).join(""), "utf8");

  it("decodes several frames in one chunk", () => {
    expect(decodeAll(new FrameDecoder(), [wire]).map((t) => JSON.parse(t))).toEqual(messages);
  });

  it.each(Array.from({ length: wire.length + 1 }, (_, i) => i))(
    "decodes the stream torn at byte %i",
    (split) => {
      const parts = [wire.subarray(0, split), wire.subarray(split)];
      expect(decodeAll(new FrameDecoder(), parts).map((t) => JSON.parse(t))).toEqual(messages);
    },
  );

  it("decodes the stream fed one byte at a time (multi-byte UTF-8 torn everywhere)", () => {
    const bytes = Array.from(wire, (b) => Buffer.from([b]));
    expect(decodeAll(new FrameDecoder(), bytes).map((t) => JSON.parse(t))).toEqual(messages);
  });

  it("decodes an empty frame as an empty string", () => {
    expect(decodeAll(new FrameDecoder(), [Buffer.from("\0{}\0")])).toEqual(["", "{}"]);
  });

  it.each([
    ["in one chunk", [Buffer.from('{"a":"0123456789"}\0')]],
    ["across chunks", [Buffer.from('{"a":"01234'), Buffer.from('56789"}\0')]],
    ["without its NUL yet", [Buffer.from('{"a":"0123456789"')]],
    ["in many small chunks", Array.from('{"a":"0123456789"', (c) => Buffer.from(c))],
  ])("rejects a frame over the limit %s", (_name, chunks) => {
    const decoder = new FrameDecoder(10);
    expect(() => decodeAll(decoder, chunks)).toThrow(FrameTooLargeError);
    expect(decoder.bufferedBytes).toBeLessThanOrEqual(10);
  });

  it("delivers the frames before an oversized one", () => {
    const out: string[] = [];
    const decoder = new FrameDecoder(8);
    expect(() => decoder.push(Buffer.from('{"a":1}\0{"b":"0123456789"}\0'), (t) => void out.push(t))).toThrow(
      /larger than the maximum of 8 bytes/,
    );
    expect(out).toEqual(['{"a":1}']);
  });

  it("accepts a frame of exactly the limit", () => {
    expect(decodeAll(new FrameDecoder(7), [Buffer.from('{"a":1}\0')])).toEqual(['{"a":1}']);
  });

  it("stops when onFrame returns false and continues on flush", () => {
    const decoder = new FrameDecoder();
    const out: string[] = [];
    const stopAfterFirst = (t: string): boolean => {
      out.push(t);
      return false;
    };
    expect(decoder.push(Buffer.from("1\x002\x003\x00"), stopAfterFirst)).toBe(false);
    expect(out).toEqual(["1"]);
    expect(decoder.hasHeld).toBe(true);
    expect(decoder.flush(stopAfterFirst)).toBe(false);
    expect(decoder.flush((t) => void out.push(t))).toBe(true);
    expect(out).toEqual(["1", "2", "3"]);
    expect(decoder.hasHeld).toBe(false);
  });

  it("keeps held bytes in order when new data arrives before flush", () => {
    const decoder = new FrameDecoder();
    const out: string[] = [];
    decoder.push(Buffer.from("1\x002\x003"), (t) => {
      out.push(t);
      return false;
    });
    decoder.push(Buffer.from("4\0"), (t) => void out.push(t));
    expect(out).toEqual(["1", "2", "34"]);
  });

  it("rejects a non-positive limit", () => {
    expect(() => new FrameDecoder(0)).toThrow(RangeError);
  });
});
