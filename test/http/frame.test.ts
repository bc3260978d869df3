/**
 * The RFC 6455 frame codec, table-driven: lengths at the 7/16/64-bit boundaries both ways,
 * masking by role, frames fed one byte at a time and many at once, and every rule a peer's
 * frame is checked against (with the close code it earns).
 */
import { describe, expect, it, vi } from "vitest";
import {
  CloseCode,
  type Frame,
  FrameError,
  FrameParser,
  Opcode,
  type Role,
  encodeFrame,
} from "../../packages/runtime/src/transports/websocket/frame.js";
import { acceptValue } from "../../packages/runtime/src/transports/websocket/handshake.js";

const limits = { maxFrameSize: 1 << 20, maxMessageSize: 1 << 20 };

/** Frames parsed from `bytes` by a parser of `role`, fed in chunks of `step` bytes. */
function parse(role: Role, bytes: Buffer, step = bytes.length): Frame[] {
  const parser = new FrameParser(role, limits);
  const frames: Frame[] = [];
  for (let i = 0; i < bytes.length; i += step)
    parser.push(Buffer.from(bytes.subarray(i, i + step)), (f) =>
      frames.push({ ...f, payload: Buffer.from(f.payload) }),
    );
  return frames;
}

describe("encode and parse", () => {
  it.each([0, 1, 125, 126, 127, 65535, 65536, 70000])("a %i-byte payload, masked and not", (length) => {
    const payload = Buffer.alloc(length, 0x61);
    const masked = encodeFrame(Opcode.Binary, payload, true);
    const plain = encodeFrame(Opcode.Binary, payload, false);
    const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    expect(plain.length).toBe(header + length);
    expect(masked.length).toBe(header + 4 + length);
    expect(masked[1]! & 0x80).toBe(0x80);
    expect(parse("server", masked)).toEqual([{ fin: true, opcode: Opcode.Binary, payload }]);
    expect(parse("client", plain)).toEqual([{ fin: true, opcode: Opcode.Binary, payload }]);
  });

  it("parses frames fed one byte at a time and several in one chunk", () => {
    const bytes = Buffer.concat([
      encodeFrame(Opcode.Text, Buffer.from("ab"), true, false),
      encodeFrame(Opcode.Ping, Buffer.from("p"), true),
      encodeFrame(Opcode.Continuation, Buffer.alloc(300, 0x63), true),
      encodeFrame(Opcode.Binary, Buffer.from("d"), true),
    ]);
    const expected = [
      { fin: false, opcode: Opcode.Text, payload: Buffer.from("ab") },
      { fin: true, opcode: Opcode.Ping, payload: Buffer.from("p") },
      { fin: true, opcode: Opcode.Continuation, payload: Buffer.alloc(300, 0x63) },
      { fin: true, opcode: Opcode.Binary, payload: Buffer.from("d") },
    ];
    expect(parse("server", bytes, 1)).toEqual(expected);
    expect(parse("server", bytes)).toEqual(expected);
  });

  it("computes the RFC 6455 example accept value", () => {
    expect(acceptValue("dGhlIHNhbXBsZSBub25jZQ==")).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  });
});

describe("refused frames", () => {
  const masked = (first: number, payload: Buffer | string = "x"): Buffer => {
    const frame = encodeFrame(Opcode.Binary, Buffer.from(payload), true);
    frame[0] = first;
    return frame;
  };
  it.each([
    [
      "an unmasked frame to a server",
      "server",
      encodeFrame(Opcode.Binary, Buffer.from("x"), false),
      CloseCode.ProtocolError,
    ],
    [
      "a masked frame to a client",
      "client",
      encodeFrame(Opcode.Binary, Buffer.from("x"), true),
      CloseCode.ProtocolError,
    ],
    ["RSV1 set", "server", masked(0xc2), CloseCode.ProtocolError],
    ["an unknown data opcode", "server", masked(0x83), CloseCode.ProtocolError],
    ["an unknown control opcode", "server", masked(0x8b), CloseCode.ProtocolError],
    ["a fragmented control frame", "server", masked(0x09), CloseCode.ProtocolError],
    ["a control frame over 125 bytes", "server", masked(0x89, "p".repeat(126)), CloseCode.ProtocolError],
    ["a continuation without a message", "server", masked(0x80), CloseCode.ProtocolError],
    [
      "a new message inside a fragmented one",
      "server",
      Buffer.concat([masked(0x02), masked(0x82)]),
      CloseCode.ProtocolError,
    ],
  ] as const)("%s", (_name, role, bytes, code) => {
    expect(() => parse(role, bytes)).toThrow(FrameError);
    try {
      parse(role, bytes);
    } catch (error) {
      expect((error as FrameError).code).toBe(code);
    }
  });

  it("refuses a frame over maxFrameSize from its header, before its payload arrived", () => {
    const parser = new FrameParser("server", { maxFrameSize: 100, maxMessageSize: 1000 });
    const header = encodeFrame(Opcode.Binary, Buffer.alloc(101), true).subarray(0, 8);
    expect(() => parser.push(header, () => {})).toThrow(/frame larger than 100 bytes/);
  });

  it("refuses a fragmented message over maxMessageSize", () => {
    const parser = new FrameParser("server", { maxFrameSize: 100, maxMessageSize: 150 });
    parser.push(encodeFrame(Opcode.Binary, Buffer.alloc(100), true, false), () => {});
    const next = encodeFrame(Opcode.Continuation, Buffer.alloc(100), true);
    expect(() => parser.push(next, () => {})).toThrow(/message larger than 150 bytes/);
  });

  it("refuses a 64-bit length beyond 2^53", () => {
    const frame = Buffer.from([0x82, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4]);
    expect(() => parse("server", frame)).toThrow(/frame length out of range/);
  });
});

describe("header peeking", () => {
  it("does not join the whole buffer on every chunk while a frame behind a short first chunk arrives", () => {
    const payload = Buffer.alloc(1 << 16, 0x62);
    const bytes = encodeFrame(Opcode.Binary, payload, true);
    const parser = new FrameParser("server", limits);
    const frames: Frame[] = [];
    // The first chunk is shorter than the largest header (14 bytes); the rest comes in 1 KiB pieces.
    const chunks = [bytes.subarray(0, 3)];
    for (let i = 3; i < bytes.length; i += 1024) chunks.push(bytes.subarray(i, i + 1024));
    const concat = vi.spyOn(Buffer, "concat");
    try {
      for (const chunk of chunks) parser.push(Buffer.from(chunk), (f) => frames.push(f));
      const joined = concat.mock.calls.reduce(
        (sum, [list]) => sum + list.reduce((n, b) => n + b.length, 0),
        0,
      );
      // One join of the complete frame is fine; one per chunk is what went quadratic.
      expect(joined).toBeLessThanOrEqual(bytes.length);
    } finally {
      concat.mockRestore();
    }
    expect(frames).toHaveLength(1);
    expect(Buffer.from(frames[0]!.payload)).toEqual(payload);
  });
});

describe("close frames", () => {
  const close = (payload: Buffer): Buffer => encodeFrame(Opcode.Close, payload, true);
  const coded = (code: number, reason: Buffer = Buffer.alloc(0)): Buffer => {
    const payload = Buffer.alloc(2 + reason.length);
    payload.writeUInt16BE(code, 0);
    reason.copy(payload, 2);
    return payload;
  };
  it.each([
    ["an empty payload", Buffer.alloc(0), true],
    ["1000 with a UTF-8 reason", coded(1000, Buffer.from("bye ✓")), true],
    ["1003", coded(1003), true],
    ["1007", coded(1007), true],
    ["1014", coded(1014), true],
    ["3000", coded(3000), true],
    ["4999", coded(4999), true],
    ["a 1-byte payload", Buffer.from([0x03]), false],
    ["999", coded(999), false],
    ["0", coded(0), false],
    ["1004", coded(1004), false],
    ["1005", coded(1005), false],
    ["1006", coded(1006), false],
    ["1015", coded(1015), false],
    ["1016", coded(1016), false],
    ["2999", coded(2999), false],
    ["5000", coded(5000), false],
    ["a reason that is not UTF-8", coded(1000, Buffer.from([0xc3, 0x28])), false],
  ] as const)("%s", (_name, payload, accepted) => {
    if (accepted)
      expect(parse("server", close(payload))).toEqual([{ fin: true, opcode: Opcode.Close, payload }]);
    else {
      let error: unknown;
      try {
        parse("server", close(payload));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FrameError);
      expect((error as FrameError).code).toBe(CloseCode.ProtocolError);
    }
  });
});
