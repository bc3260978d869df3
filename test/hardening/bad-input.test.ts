/**
 * Bad input on the wire: random bytes, truncated JSON, huge strings, deep nesting, non-object
 * messages, wrong field types, prototype keys, invalid UTF-8. Each must get a Varlink error reply or
 * a closed connection; the server keeps serving others and nothing leaks. The exact UAPI.20 rule
 * for each malformed call is in malformed-calls.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/index.js";
import { startFixtureServer, type FixtureServer } from "./fixture-server.js";
import { activeResources, leakedSince } from "./resources.js";
import { exchange, frame, prng, type Exchange } from "./wire.js";

const PING = { method: "org.example.hardening.Ping", parameters: { ping: "p" } };

/** Every reply is a JSON object with either an `error` name or `parameters`. */
function expectWellFormed(result: Exchange): void {
  for (const reply of result.replies) {
    const parsed = JSON.parse(reply) as Record<string, unknown>;
    expect(typeof parsed).toBe("object");
    expect(typeof parsed["error"] === "string" || typeof parsed["parameters"] === "object").toBe(true);
  }
}

/** The outcome must be an error reply or a closed connection, never a success or silence. */
function expectRejected(result: Exchange): void {
  expectWellFormed(result);
  const errors = result.replies.filter(
    (reply) => typeof (JSON.parse(reply) as { error?: unknown }).error === "string",
  );
  expect(errors.length > 0 || result.closed).toBe(true);
}

function errorName(result: Exchange): string | undefined {
  const first = result.replies[0];
  return first === undefined ? undefined : (JSON.parse(first) as { error?: string }).error;
}

describe("bad input", () => {
  let fixture: FixtureServer;
  let before: Map<string, number>;

  beforeEach(async () => {
    before = activeResources();
    fixture = await startFixtureServer({ maxMessageSize: 1 << 20 });
  });

  afterEach(async () => {
    // The server still answers a well-behaved client after every attack.
    const client = await VarlinkClient.connect(fixture.address);
    expect(await client.call(PING.method, PING.parameters)).toEqual({ pong: "p" });
    await client.close();
    await fixture.close();
    expect(await leakedSince(before)).toEqual([]);
  });

  it("answers random bytes (seeded fuzz) with an error or a closed connection", async () => {
    const seed = 0x5eed;
    const random = prng(seed);
    const valid = Buffer.from(frame(PING));
    const cases: Buffer[] = [];
    for (let i = 0; i < 300; i++) {
      if (i % 2 === 0) {
        // Pure noise, NUL-terminated so the server has a frame to judge.
        const bytes = Buffer.from(
          Array.from({ length: Math.floor(random() * 256) }, () => Math.floor(random() * 256)),
        );
        cases.push(Buffer.concat([bytes, Buffer.from([0])]));
      } else {
        // A valid call with a few bytes flipped: mostly near-valid JSON.
        const mutated = Buffer.from(valid);
        for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
          mutated[Math.floor(random() * (mutated.length - 1))] = Math.floor(random() * 256);
        }
        cases.push(mutated);
      }
    }
    for (let i = 0; i < cases.length; i += 25) {
      const results = await Promise.all(
        cases.slice(i, i + 25).map((bytes) => exchange(fixture.address, bytes, { endAfterWrite: true })),
      );
      results.forEach((result, k) => {
        // Either the server answered (error or, for a lucky mutation, a reply) and then saw our
        // end of stream, or it closed the connection. Silence would mean a stuck connection.
        expect(result.closed, `seed ${seed} case ${i + k}`).toBe(true);
        expectWellFormed(result);
      });
    }
  });

  it.each([
    ["truncated JSON", '{"method":"org.example.hardening.Ping","parameters":{"ping":"p"}\0'],
    ["an empty frame", "\0"],
    ["JSON then garbage", '{"method":"org.example.hardening.Ping"} trailing\0'],
    ["an array", "[]\0"],
    ["a number", "42\0"],
    ["a string", '"org.example.hardening.Ping"\0'],
    ["null", "null\0"],
    ["true", "true\0"],
    ["a method that is not a string", frame({ method: 42 })],
    ["a missing method", frame({ parameters: {} })],
    ["parameters that are an array", frame({ method: "org.example.hardening.Ping", parameters: ["p"] })],
    ["parameters that are a string", frame({ method: "org.example.hardening.Ping", parameters: "p" })],
    ["a method without interface", frame({ method: "Ping" })],
    ["a wrong type in a parameter", frame({ method: "org.example.hardening.Ping", parameters: { ping: 1 } })],
    ["a missing parameter", frame({ method: "org.example.hardening.Ping", parameters: {} })],
  ])("rejects %s", async (_name, bytes) => {
    expectRejected(await exchange(fixture.address, bytes, { expectReplies: 1 }));
  });

  it.each([
    ["more", { more: "yes" }],
    ["oneway", { oneway: 1 }],
    ["upgrade", { upgrade: "no" }],
  ])("closes on a call whose %s flag is not a boolean (UAPI.20)", async (_flag, flags) => {
    const result = await exchange(fixture.address, frame({ ...PING, ...flags }) + frame(PING), {
      expectReplies: 2,
    });
    expect(result).toEqual({ replies: [], closed: true });
  });

  it("names the offending parameter in InvalidParameter", async () => {
    const result = await exchange(
      fixture.address,
      frame({ method: "org.example.hardening.Ping", parameters: { ping: [] } }),
      {
        expectReplies: 1,
      },
    );
    expect(result.replies.map((reply) => JSON.parse(reply) as unknown)).toEqual([
      { error: "org.varlink.service.InvalidParameter", parameters: { parameter: "ping" } },
    ]);
  });

  it("echoes a string just under the maximum message size and closes on one over it", async () => {
    const envelope = frame({ method: "org.example.hardening.Echo", parameters: { data: "" } }).length;
    const fits = "x".repeat((1 << 20) - envelope - 16);
    const ok = await exchange(
      fixture.address,
      frame({ method: "org.example.hardening.Echo", parameters: { data: fits } }),
      {
        expectReplies: 1,
      },
    );
    expect(
      (JSON.parse(ok.replies[0] ?? "{}") as { parameters?: { data?: string } }).parameters?.data?.length,
    ).toBe(fits.length);
    const tooBig = "x".repeat(1 << 20);
    const over = await exchange(
      fixture.address,
      frame({ method: "org.example.hardening.Echo", parameters: { data: tooBig } }),
    );
    expect(over.replies).toEqual([]);
    expect(over.closed).toBe(true);
  });

  it("closes a connection that streams bytes without ever sending a NUL", async () => {
    const result = await exchange(fixture.address, "x".repeat((1 << 20) + 1));
    expect(result.closed).toBe(true);
  });

  it.each([
    [
      "in a typed parameter",
      (deep: string) => `{"method":"org.example.hardening.Ping","parameters":{"ping":${deep}}}\0`,
    ],
    [
      "in an any parameter that is echoed back",
      (deep: string) => `{"method":"org.example.hardening.EchoAny","parameters":{"value":${deep}}}\0`,
    ],
    ["in the message itself", (deep: string) => `{"method":"org.example.hardening.Ping","extra":${deep}}\0`],
    [
      "unbalanced",
      (_deep: string) =>
        `{"method":"org.example.hardening.Ping","parameters":{"ping":${"[".repeat(100_000)}\0`,
    ],
  ])("survives 100,000 levels of nesting %s", async (_name, build) => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const result = await exchange(fixture.address, build(deep), { expectReplies: 1 });
    expectWellFormed(result);
    expect(result.replies.length > 0 || result.closed).toBe(true);
  });

  it("answers nesting that is deep but reasonable", async () => {
    const deep = "[".repeat(1000) + "]".repeat(1000);
    const result = await exchange(
      fixture.address,
      `{"method":"org.example.hardening.EchoAny","parameters":{"value":${deep}}}\0`,
      { expectReplies: 1 },
    );
    expect(JSON.parse(result.replies[0] ?? "{}")).toEqual({
      parameters: { value: JSON.parse(deep) as unknown },
    });
  });

  it("treats __proto__ and constructor keys as plain data", async () => {
    // (A top-level "__proto__" member is an unknown member: it closes, see malformed-calls.test.ts.)
    const text =
      '{"method":"org.example.hardening.EchoAny",' +
      '"parameters":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},' +
      '"value":{"__proto__":{"polluted":3},"constructor":"c"}}}\0';
    const result = await exchange(fixture.address, text, { expectReplies: 1 });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(result.replies).toHaveLength(1);
    const reply = JSON.parse(result.replies[0] ?? "{}") as { parameters: { value: Record<string, unknown> } };
    expect(reply.parameters.value).toEqual(JSON.parse('{"__proto__":{"polluted":3},"constructor":"c"}'));
  });

  it.each([
    ["org.example.hardening.constructor", "org.varlink.service.MethodNotFound"],
    ["org.example.hardening.__proto__", "org.varlink.service.MethodNotFound"],
    ["org.example.hardening.toString", "org.varlink.service.MethodNotFound"],
    ["org.example.hardening.hasOwnProperty", "org.varlink.service.MethodNotFound"],
    ["__proto__.Ping", "org.varlink.service.InterfaceNotFound"],
    ["constructor.Ping", "org.varlink.service.InterfaceNotFound"],
    ["toString.valueOf", "org.varlink.service.InterfaceNotFound"],
  ])("answers method %s with %s, not an inherited property", async (method, error) => {
    const result = await exchange(fixture.address, frame({ method }), { expectReplies: 1 });
    expect(errorName(result)).toBe(error);
  });

  it.each(["__proto__", "constructor", "toString"])(
    "answers GetInterfaceDescription(%s) with an error",
    async (name) => {
      const result = await exchange(
        fixture.address,
        frame({ method: "org.varlink.service.GetInterfaceDescription", parameters: { interface: name } }),
        { expectReplies: 1 },
      );
      expect(errorName(result)).toMatch(/^org\.varlink\.service\.(InterfaceNotFound|InvalidParameter)$/);
    },
  );

  it("copes with invalid UTF-8 in a string and in the method name", async () => {
    const bad = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]);
    const inValue = Buffer.concat([
      Buffer.from('{"method":"org.example.hardening.Ping","parameters":{"ping":"'),
      bad,
      Buffer.from('"}}\0'),
    ]);
    const inMethod = Buffer.concat([Buffer.from('{"method":"org.example.'), bad, Buffer.from('.Ping"}\0')]);
    for (const bytes of [inValue, inMethod]) {
      const result = await exchange(fixture.address, bytes, { expectReplies: 1 });
      expectWellFormed(result);
      expect(result.replies.length > 0 || result.closed).toBe(true);
    }
    expect(errorName(await exchange(fixture.address, inMethod, { expectReplies: 1 }))).toBe(
      "org.varlink.service.InterfaceNotFound",
    );
  });

  it("keeps serving a well-behaved connection while another one sends garbage", async () => {
    const client = await VarlinkClient.connect(fixture.address);
    try {
      const calls = Array.from({ length: 50 }, (_, i) => client.call(PING.method, { ping: String(i) }));
      const attacks = Array.from({ length: 20 }, (_, i) =>
        exchange(fixture.address, `{"method":${i}\0garbage\0`),
      );
      const [replies] = await Promise.all([Promise.all(calls), Promise.all(attacks)]);
      expect(replies.map((reply) => reply["pong"])).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    } finally {
      await client.close();
    }
  });
});
