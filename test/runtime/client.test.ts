import { afterEach, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import {
  ConnectionError,
  InterfaceNotFoundError,
  InvalidParameterError,
  MethodNotFoundError,
  TimeoutError,
  VarlinkError,
  isExpectedMore,
  isInterfaceNotFound,
  isInvalidParameter,
  isMethodNotFound,
  isMethodNotImplemented,
  isPermissionDenied,
  isVarlinkError,
} from "../../packages/runtime/src/errors.js";
import { createChannelPair } from "../../packages/runtime/src/transports/memory.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { RawPeer, clientTo, serverInfo, turns } from "./helpers.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";

let server: VarlinkServer | undefined;
let client: VarlinkClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close({ timeoutMs: 100 });
  client = undefined;
  server = undefined;
});

/** A client talking to a raw peer the test scripts reply by reply. */
function clientWithRawPeer(options: Parameters<typeof VarlinkClient.fromChannel>[1] = {}): {
  client: VarlinkClient;
  peer: RawPeer;
} {
  const [a, b] = createChannelPair();
  client = VarlinkClient.fromChannel(a, options);
  return { client, peer: new RawPeer(b) };
}

/** Iterates a stream in the background: the replies seen so far, and how it ended (the error). */
function consume(stream: AsyncIterable<Record<string, unknown>>): {
  seen: unknown[];
  done: Promise<unknown>;
} {
  const seen: unknown[] = [];
  const done = (async () => {
    for await (const r of stream) seen.push(r);
  })().catch((e: unknown) => e);
  return { seen, done };
}

function echoServer(): VarlinkServer {
  server = new VarlinkServer(serverInfo);
  server.addInterface({
    name: "org.example.echo",
    description: "interface org.example.echo\n",
    methods: {
      Echo: {
        handler: async (p) => {
          await new Promise((r) => setTimeout(r, Number(p["delay"] ?? 0)));
          return p;
        },
      },
      Count: {
        more: "supports",
        handler: async function* (p) {
          for (let i = 0; i < Number(p["n"]); i++) yield { i };
        },
      },
      Requires: { more: "requires", handler: async function* () {} },
      Denied: {
        handler: () => {
          throw new VarlinkError("org.varlink.service.PermissionDenied");
        },
      },
      Nothing: {},
    },
  });
  return server;
}

describe("client calls", () => {
  it("connects through a custom Transport", async () => {
    const srv = echoServer();
    const transport = {
      connect: async () => {
        const [a, b] = createChannelPair();
        srv.serveChannel(b);
        return a;
      },
    };
    client = await VarlinkClient.connect(transport);
    expect(await client.call("org.example.echo.Echo", { via: "transport" })).toEqual({ via: "transport" });
  });

  it("pipelines many calls and matches replies in order", async () => {
    client = clientTo(echoServer());
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client!.call("org.example.echo.Echo", { i, delay: (50 - i) % 7 })),
    );
    expect(results.map((r) => r["i"])).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("sends no parameters field when none are given", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const reply = c.call("org.example.x.Ping");
    await peer.waitFrames(1);
    expect(peer.frames[0]).toEqual({ method: "org.example.x.Ping" });
    peer.sendMessage({ parameters: { ok: 1 } });
    expect(await reply).toEqual({ ok: 1 });
  });

  it("ignores vendor-extension reply members and treats missing/null parameters as {}", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const replies = [c.call("a.b.C"), c.call("a.b.C"), c.call("a.b.C")];
    peer.send('{"parameters":{"x":1},"org.example.future":true}\0{}\0{"parameters":null}\0');
    expect(await Promise.all(replies)).toEqual([{ x: 1 }, {}, {}]);
  });

  it.each([
    [
      "MethodNotFound",
      "org.example.echo.Nope",
      MethodNotFoundError,
      isMethodNotFound,
      { method: "org.example.echo.Nope" },
    ],
    [
      "InterfaceNotFound",
      "org.example.nope.X",
      InterfaceNotFoundError,
      isInterfaceNotFound,
      { interface: "org.example.nope" },
    ],
    [
      "MethodNotImplemented",
      "org.example.echo.Nothing",
      VarlinkError,
      isMethodNotImplemented,
      { method: "org.example.echo.Nothing" },
    ],
    ["PermissionDenied", "org.example.echo.Denied", VarlinkError, isPermissionDenied, {}],
    ["ExpectedMore", "org.example.echo.Requires", VarlinkError, isExpectedMore, {}],
  ] as const)("raises %s as a typed VarlinkError", async (name, method, cls, guard, parameters) => {
    client = clientTo(echoServer());
    const error = await client.call(method).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cls);
    expect(guard(error)).toBe(true);
    expect(isVarlinkError(error, `org.varlink.service.${name}`)).toBe(true);
    expect((error as VarlinkError).parameters).toEqual(parameters);
  });

  it("keeps a remote error's name, parameters and unknown fields", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const reply = c.call("org.example.x.Do").catch((e: unknown) => e);
    peer.sendMessage({
      error: "org.varlink.service.InvalidParameter",
      parameters: { parameter: "p", extra: 1 },
    });
    const error = (await reply) as VarlinkError;
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(isInvalidParameter(error)).toBe(true);
    expect(error.error).toBe("org.varlink.service.InvalidParameter");
    expect(error.parameters).toEqual({ parameter: "p", extra: 1 });
    expect(error.message).toContain("org.varlink.service.InvalidParameter");
  });

  it("sends oneway calls and resolves once written", async () => {
    const { client: c, peer } = clientWithRawPeer();
    await c.callOneway("org.example.x.Log", { line: "a" });
    const next = c.call("org.example.x.Ping");
    await peer.waitFrames(2);
    expect(peer.frames).toEqual([
      { method: "org.example.x.Log", parameters: { line: "a" }, oneway: true },
      { method: "org.example.x.Ping" },
    ]);
    peer.sendMessage({ parameters: { pong: 1 } });
    expect(await next).toEqual({ pong: 1 });
  });
});

describe("client encoding errors", () => {
  it("rejects a call whose parameters cannot be serialized, without desynchronizing", async () => {
    const { client: c, peer } = clientWithRawPeer();
    await expect(c.call("a.b.C", { n: NaN })).rejects.toThrow(TypeError);
    await expect(c.callOneway("a.b.C", { n: [Infinity] })).rejects.toThrow(TypeError);
    await expect(c.call("a.b.C", { n: 2n ** 64n })).rejects.toThrow(TypeError);
    const it = c.callMore("a.b.C", { n: -Infinity })[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toThrow(TypeError);
    const ok = c.call("a.b.D");
    await peer.waitFrames(1);
    peer.sendMessage({ parameters: { d: 1 } });
    expect(await ok).toEqual({ d: 1 });
    expect(peer.frames).toEqual([{ method: "a.b.D" }]);
  });
});

describe("client abort and timeout", () => {
  it("rejects an aborted call; its late reply is dropped and the next call gets its own reply", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const controller = new AbortController();
    const first = c.call("a.b.First", {}, { signal: controller.signal }).catch((e: unknown) => e);
    const second = c.call("a.b.Second");
    await peer.waitFrames(2);
    controller.abort(new Error("user gave up"));
    expect(((await first) as Error).message).toBe("user gave up");
    peer.sendMessage({ parameters: { for: "first" } });
    peer.sendMessage({ parameters: { for: "second" } });
    expect(await second).toEqual({ for: "second" });
  });

  it("rejects without sending when the signal is already aborted", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const controller = new AbortController();
    controller.abort(new Error("already"));
    await expect(c.call("a.b.C", {}, { signal: controller.signal })).rejects.toThrow("already");
    await expect(c.callOneway("a.b.C", {}, { signal: controller.signal })).rejects.toThrow("already");
    const it = c.callMore("a.b.C", {}, { signal: controller.signal })[Symbol.asyncIterator]();
    await expect(it.next()).rejects.toThrow("already");
    const ok = c.call("a.b.D");
    await peer.waitFrames(1);
    expect(peer.frames).toEqual([{ method: "a.b.D" }]);
    peer.sendMessage({});
    await ok;
  });

  it("times out a call with TimeoutError; the late reply is dropped", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const first = c.call("a.b.Slow", {}, { timeoutMs: 10 }).catch((e: unknown) => e);
    expect(await first).toBeInstanceOf(TimeoutError);
    const second = c.call("a.b.Fast", {}, { timeoutMs: EVENT_LIMIT_MS });
    peer.sendMessage({ parameters: { n: 1 } });
    peer.sendMessage({ parameters: { n: 2 } });
    expect(await second).toEqual({ n: 2 });
  });

  it("times out a stream that stalls between replies", async () => {
    const { client: c, peer } = clientWithRawPeer();
    // The first reply must come within timeoutMs (the peer sends it at once), the second never:
    // 30 ms lost that race on a loaded machine, so the bound is a second.
    const { seen, done } = consume(c.callMore("a.b.S", {}, { timeoutMs: 1000 }));
    await peer.waitFrames(1);
    peer.sendMessage({ parameters: { n: 1 }, continues: true });
    expect(await done).toBeInstanceOf(TimeoutError);
    expect(seen).toEqual([{ n: 1 }]);
    const next = c.call("a.b.Next");
    peer.sendMessage({ parameters: { n: 2 } });
    peer.sendMessage({ parameters: { next: true } });
    expect(await next).toEqual({ next: true });
  });

  it("aborts a stream; its remaining replies are dropped", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const controller = new AbortController();
    const it = c.callMore("a.b.S", {}, { signal: controller.signal })[Symbol.asyncIterator]();
    const first = it.next();
    await peer.waitFrames(1);
    peer.sendMessage({ parameters: { n: 1 }, continues: true });
    expect(await first).toEqual({ value: { n: 1 }, done: false });
    const pending = it.next();
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    expect(await it.next()).toEqual({ value: undefined, done: true });
    const next = c.call("a.b.Next");
    peer.send('{"parameters":{"n":2},"continues":true}\0{"parameters":{"n":3}}\0{"parameters":{"next":1}}\0');
    expect(await next).toEqual({ next: 1 });
  });
});

describe("client streams", () => {
  it("iterates a more call to its end", async () => {
    client = clientTo(echoServer());
    const replies: unknown[] = [];
    for await (const r of client.callMore("org.example.echo.Count", { n: 4 })) replies.push(r);
    expect(replies).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }]);
  });

  it("sends the call with more: true when iteration starts", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const stream = c.callMore("a.b.S", { x: 1 });
    await turns();
    expect(peer.frames).toEqual([]);
    const it = stream[Symbol.asyncIterator]();
    const first = it.next();
    await peer.waitFrames(1);
    expect(peer.frames).toEqual([{ method: "a.b.S", parameters: { x: 1 }, more: true }]);
    peer.sendMessage({ parameters: { last: true } });
    expect(await first).toEqual({ value: { last: true }, done: false });
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it("answers several pending next() calls in order, then done", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const it = c.callMore("a.b.S")[Symbol.asyncIterator]();
    const pending = [it.next(), it.next(), it.next(), it.next()];
    await peer.waitFrames(1);
    peer.send('{"parameters":{"n":1},"continues":true}\0{"parameters":{"n":2}}\0');
    expect(await Promise.all(pending)).toEqual([
      { value: { n: 1 }, done: false },
      { value: { n: 2 }, done: false },
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
  });

  it("rejects the first pending next() with an error reply and ends the others", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const it = c.callMore("a.b.S")[Symbol.asyncIterator]();
    const first = it.next().catch((e: unknown) => e);
    const second = it.next();
    await peer.waitFrames(1);
    peer.sendMessage({ error: "a.b.Failed" });
    expect(await first).toMatchObject({ error: "a.b.Failed" });
    expect(await second).toEqual({ value: undefined, done: true });
  });

  it("never sends a stream closed before iterating", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const it = c.callMore("a.b.Never")[Symbol.asyncIterator]();
    expect(await it.return?.()).toEqual({ value: undefined, done: true });
    expect(await it.next()).toEqual({ value: undefined, done: true });
    const ok = c.call("a.b.Ok");
    await peer.waitFrames(1);
    expect(peer.frames).toEqual([{ method: "a.b.Ok" }]);
    peer.sendMessage({});
    await ok;
  });

  it("breaking out of the loop keeps the connection usable", async () => {
    client = clientTo(echoServer());
    let count = 0;
    for await (const _ of client.callMore("org.example.echo.Count", { n: 100 })) {
      if (++count === 3) break;
    }
    expect(await client.call("org.example.echo.Echo", { after: true })).toEqual({ after: true });
    const all: unknown[] = [];
    for await (const r of client.callMore("org.example.echo.Count", { n: 2 })) all.push(r);
    expect(all).toEqual([{ i: 0 }, { i: 1 }]);
  });

  it("throws an error reply from the iteration after the replies before it", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const { seen, done } = consume(c.callMore("a.b.S"));
    await peer.waitFrames(1);
    peer.send('{"parameters":{"n":1},"continues":true}\0{"error":"a.b.Broken","parameters":{"why":"x"}}\0');
    const error = (await done) as VarlinkError;
    expect(error.error).toBe("a.b.Broken");
    expect(error.parameters).toEqual({ why: "x" });
    expect(seen).toEqual([{ n: 1 }]);
  });

  it("stops reading while a slow consumer has too many replies buffered", async () => {
    let produced = 0;
    server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.firehose",
      description: "",
      methods: {
        Items: {
          handler: async function* () {
            for (let i = 0; i < 2000; i++) {
              produced++;
              yield { i, pad: "z".repeat(200) };
            }
          },
        },
      },
    });
    client = clientTo(server, { streamHighWaterMark: 8 }, 4096);
    const it = client.callMore("org.example.firehose.Items")[Symbol.asyncIterator]();
    expect((await it.next()).value).toMatchObject({ i: 0 });
    await turns(30);
    expect(produced).toBeLessThan(200);
    let n = 1;
    for (let r = await it.next(); r.done !== true; r = await it.next()) {
      expect(r.value["i"]).toBe(n++);
    }
    expect(n).toBe(2000);
  });
});

describe("client connection loss", () => {
  it("rejects every pending call and stream with ConnectionError", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const a = c.call("a.b.A").catch((e: unknown) => e);
    const b = c.call("a.b.B", {}, { timeoutMs: EVENT_LIMIT_MS }).catch((e: unknown) => e);
    const s = (async () => {
      for await (const _ of c.callMore("a.b.S"));
    })().catch((e: unknown) => e);
    await peer.waitFrames(3);
    peer.channel.destroy();
    for (const result of [await a, await b, await s]) expect(result).toBeInstanceOf(ConnectionError);
    expect(c.closed).toBe(true);
    await expect(c.call("a.b.Later")).rejects.toBeInstanceOf(ConnectionError);
    await expect(c.callOneway("a.b.Later")).rejects.toBeInstanceOf(ConnectionError);
  });

  it("delivers the replies of a stream received before the connection dropped, then ConnectionError", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const { seen, done } = consume(c.callMore("a.b.S"));
    await peer.waitFrames(1);
    peer.send('{"parameters":{"n":1},"continues":true}\0{"parameters":{"n":2},"continues":true}\0');
    await turns();
    peer.channel.destroy();
    expect(await done).toBeInstanceOf(ConnectionError);
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it.each([
    ["a reply without a pending call", '{"parameters":{}}\0', false],
    ["invalid JSON", "{nope\0", true],
    ["a non-object reply", "[]\0", true],
    ["parameters that are not an object", '{"parameters":[1]}\0', true],
    ["an error name that is not a string", '{"error":5}\0', true],
    ["continues on a call without more", '{"parameters":{},"continues":true}\0', true],
  ])("treats %s as a broken connection", async (_name, bytes, withCall) => {
    const { client: c, peer } = clientWithRawPeer();
    const pending = withCall ? c.call("a.b.C").catch((e: unknown) => e) : undefined;
    if (withCall) await peer.waitFrames(1);
    peer.send(bytes);
    await peer.waitClosed();
    if (pending !== undefined) expect(await pending).toBeInstanceOf(ConnectionError);
    await expect(c.call("a.b.D")).rejects.toBeInstanceOf(ConnectionError);
  });

  it("rejects a reply larger than maxMessageSize", async () => {
    const { client: c, peer } = clientWithRawPeer({ maxMessageSize: 100 });
    const pending = c.call("a.b.C").catch((e: unknown) => e);
    await peer.waitFrames(1);
    peer.send(`{"parameters":{"x":"${"a".repeat(200)}"}}\0`);
    const error = (await pending) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(String((error.cause as Error).message)).toMatch(/maximum of 100 bytes/);
  });

  it("close() rejects pending calls and flushes written oneway calls", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const pending = c.call("a.b.C").catch((e: unknown) => e);
    await c.callOneway("a.b.Last");
    await c.close();
    expect(await pending).toBeInstanceOf(ConnectionError);
    await peer.waitFrames(2);
    expect(peer.frames[1]).toEqual({ method: "a.b.Last", oneway: true });
    await peer.waitClosed();
  });

  it("resolves a pending call answered before the peer closes", async () => {
    const { client: c, peer } = clientWithRawPeer();
    const pending = c.call("a.b.C");
    await peer.waitFrames(1);
    peer.sendMessage({ parameters: { ok: true } });
    peer.channel.end();
    expect(await pending).toEqual({ ok: true });
  });
});
