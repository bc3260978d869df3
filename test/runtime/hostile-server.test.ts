/**
 * Every path from a received frame to settling a call settles it, whatever the frame holds: a
 * raw node:net server answers each call with crafted bytes, and each call must settle (no
 * timeout or abort needed: a generous test timeout is the only bound).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { type Server, type Socket, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import {
  ConnectionError,
  MethodNotFoundError,
  ProtocolError,
  VarlinkError,
} from "../../packages/runtime/src/errors.js";
import { ReplyValidationError } from "../../packages/runtime/src/validate/validate.js";

let dir: string;
let server: Server;
let address: string;
/** What the server answers to the next connection's calls, one string per call (JSON, no NUL). */
let script: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "varlink-hostile-"));
  const path = join(dir, "sock");
  address = `unix:${path}`;
  server = createServer((socket: Socket) => {
    const answers = [...script];
    let calls = 0;
    socket.on("data", (chunk: Buffer) => {
      for (const byte of chunk) {
        if (byte !== 0) continue;
        const answer = answers[calls++];
        if (answer !== undefined) socket.write(answer + "\0");
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function settle<T>(promise: Promise<T>): Promise<unknown> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => error,
  );
}

async function collect(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

const badInvalidParameter =
  '{"error":"org.varlink.service.InvalidParameter","parameters":{"parameter":{"toString":1}}}';

describe("a hostile server cannot leave a call unsettled", () => {
  it.each([
    ["InvalidParameter whose parameter is an object", badInvalidParameter, ReplyValidationError],
    [
      "MethodNotFound whose method is a number",
      '{"error":"org.varlink.service.MethodNotFound","parameters":{"method":5}}',
      ReplyValidationError,
    ],
    [
      "InterfaceNotFound without parameters",
      '{"error":"org.varlink.service.InterfaceNotFound"}',
      ReplyValidationError,
    ],
    [
      "an undeclared error with hostile parameters",
      '{"error":"a.b.Failed","parameters":{"toString":1,"toJSON":2,"__proto__":{"x":1}}}',
      VarlinkError,
    ],
    ["continues on a plain call", '{"parameters":{},"continues":true}', ConnectionError],
    ["invalid JSON", "{nope", ConnectionError],
    ["a reply that is not an object", "[1]", ConnectionError],
    ["an unknown unprefixed member", '{"parameters":{},"future":1}', ConnectionError],
  ])("call(): %s", { timeout: 30_000 }, async (_name, answer, type) => {
    script = [answer];
    const client = await VarlinkClient.connect(address);
    const controller = new AbortController();
    const result = await settle(client.call("a.b.C", {}, { timeoutMs: 600_000, signal: controller.signal }));
    expect(result).toBeInstanceOf(type);
    await client.close();
  });

  it.each([
    ["InvalidParameter whose parameter is an object", [badInvalidParameter], ReplyValidationError],
    [
      "the same after a continues reply",
      ['{"parameters":{"n":1},"continues":true}' + "\0" + badInvalidParameter],
      ReplyValidationError,
    ],
    ["continues that is not a boolean", ['{"parameters":{},"continues":1}'], ConnectionError],
    ["an error reply with continues", ['{"error":"a.b.C","continues":true}'], ConnectionError],
  ])("callMore(): %s", { timeout: 30_000 }, async (_name, answers, type) => {
    script = answers;
    const client = await VarlinkClient.connect(address);
    const result = await settle(collect(client.callMore("a.b.C", {}, { timeoutMs: 600_000 })));
    expect(result).toBeInstanceOf(type);
    await client.close();
  });

  it("a service error with bad parameters keeps them, raw, on the cause", { timeout: 30_000 }, async () => {
    script = [badInvalidParameter];
    const client = await VarlinkClient.connect(address);
    const error = (await settle(client.call("a.b.C"))) as ReplyValidationError;
    expect(error.error).toBe("org.varlink.service.InvalidParameter");
    expect(error.method).toBe("a.b.C");
    expect(error.message).toMatch(/InvalidParameter error reply from a\.b\.C: parameter: expected string/);
    expect((error.cause as VarlinkError).parameters).toEqual({ parameter: { toString: 1 } });
    await client.close();
  });

  it(
    "a well-formed service error still arrives typed; the connection stays usable",
    { timeout: 30_000 },
    async () => {
      script = [
        badInvalidParameter,
        '{"error":"org.varlink.service.MethodNotFound","parameters":{"method":"a.b.C"}}',
      ];
      const client = await VarlinkClient.connect(address);
      expect(await settle(client.call("a.b.C"))).toBeInstanceOf(ReplyValidationError);
      expect(await settle(client.call("a.b.C"))).toBeInstanceOf(MethodNotFoundError);
      expect(client.closed).toBe(false);
      await client.close();
    },
  );

  it(
    "a protocol error rejects every pending call with the ProtocolError as cause",
    { timeout: 30_000 },
    async () => {
      script = ['{"parameters":{},"continues":"x"}'];
      const client = await VarlinkClient.connect(address);
      const results = await Promise.all([settle(client.call("a.b.C")), settle(client.call("a.b.C"))]);
      for (const result of results) {
        expect(result).toBeInstanceOf(ConnectionError);
        expect((result as Error).cause).toBeInstanceOf(ProtocolError);
      }
    },
  );
});
