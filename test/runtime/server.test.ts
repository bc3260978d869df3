import { afterEach, describe, expect, it } from "vitest";
import type { InterfaceDefinition } from "../../packages/runtime/src/server/definitions.js";
import { INTERNAL_ERROR, VarlinkError } from "../../packages/runtime/src/errors.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { SERVICE_DESCRIPTION } from "../../packages/runtime/src/server/service-interface.js";
import type { RawPeer } from "./helpers.js";
import { deferred, rawPeerTo, serverInfo, turns } from "./helpers.js";

const exampleIdl = "interface org.example.test\nmethod Ping(text: string) -> (text: string)\n";

function exampleInterface(overrides: Partial<InterfaceDefinition["methods"]> = {}): InterfaceDefinition {
  return {
    name: "org.example.test",
    description: exampleIdl,
    methods: {
      Ping: {
        handler: (p) => ({ text: p["text"] }),
        validateParameters: (p) =>
          typeof p["text"] === "string" ? [] : [{ path: "text", message: "not a string" }],
      },
      Unimplemented: {},
      Fail: {
        handler: () => {
          throw new VarlinkError("org.example.test.Failed", { reason: "because" });
        },
      },
      Crash: {
        handler: async () => {
          throw new Error("secret internal detail at /home/user/app.js:12");
        },
      },
      Count: {
        more: "supports",
        handler: async function* (p) {
          for (let i = 1; i <= Number(p["n"]); i++) yield { i };
        },
      },
      CountWithSummary: {
        more: "requires",
        handler: async function* () {
          yield { i: 1 };
          yield { i: 2 };
          return { total: 2 };
        },
      },
      BreakMidStream: {
        more: "supports",
        handler: async function* () {
          yield { i: 1 };
          throw new VarlinkError("org.example.test.Broken");
        },
      },
      Echo: {
        handler: (p) => ({ keys: Object.keys(p), proto: Object.getPrototypeOf(p) === Object.prototype, p }),
      },
      NotAnObject: { handler: () => [1, 2] as unknown as object },
      BigInt: { handler: async () => ({ n: 2n ** 64n }) },
      NaN: { handler: () => ({ list: [1, NaN] }) },
      BadError: {
        handler: () => {
          throw new VarlinkError("org.example.test.Bad", { n: Infinity });
        },
      },
      BadValidator: {
        validateParameters: () => {
          throw new Error("validator bug");
        },
        handler: () => ({}),
      },
      ...overrides,
    },
  };
}

let server: VarlinkServer;
afterEach(async () => {
  await server?.close({ timeoutMs: 100 });
});

function newServer(options: Partial<ConstructorParameters<typeof VarlinkServer>[0]> = {}): VarlinkServer {
  server = new VarlinkServer({ ...serverInfo, ...options });
  server.addInterface(exampleInterface());
  return server;
}

async function exchange(peer: RawPeer, calls: object[], expected = calls.length): Promise<unknown[]> {
  for (const call of calls) peer.sendMessage(call);
  return peer.waitFrames(expected);
}

describe("server dispatch", () => {
  it.each([
    [
      "GetInfo",
      { method: "org.varlink.service.GetInfo" },
      {
        parameters: {
          ...serverInfo,
          interfaces: ["org.varlink.service", "org.example.test"],
        },
      },
    ],
    [
      "GetInterfaceDescription",
      {
        method: "org.varlink.service.GetInterfaceDescription",
        parameters: { interface: "org.example.test" },
      },
      { parameters: { description: exampleIdl } },
    ],
    [
      "GetInterfaceDescription of org.varlink.service",
      {
        method: "org.varlink.service.GetInterfaceDescription",
        parameters: { interface: "org.varlink.service" },
      },
      { parameters: { description: SERVICE_DESCRIPTION } },
    ],
    [
      "GetInterfaceDescription of an unknown interface",
      { method: "org.varlink.service.GetInterfaceDescription", parameters: { interface: "org.nope" } },
      { error: "org.varlink.service.InvalidParameter", parameters: { parameter: "interface" } },
    ],
    [
      "a call",
      { method: "org.example.test.Ping", parameters: { text: "hi" } },
      { parameters: { text: "hi" } },
    ],
    [
      "unknown interface",
      { method: "org.example.nope.Ping" },
      { error: "org.varlink.service.InterfaceNotFound", parameters: { interface: "org.example.nope" } },
    ],
    [
      "unknown method",
      { method: "org.example.test.Nope" },
      { error: "org.varlink.service.MethodNotFound", parameters: { method: "org.example.test.Nope" } },
    ],
    [
      "__proto__ as a method",
      { method: "org.example.test.__proto__" },
      { error: "org.varlink.service.MethodNotFound", parameters: { method: "org.example.test.__proto__" } },
    ],
    [
      "constructor as a method",
      { method: "org.example.test.constructor" },
      { error: "org.varlink.service.MethodNotFound", parameters: { method: "org.example.test.constructor" } },
    ],
    [
      "__proto__ as an interface",
      { method: "__proto__.toString" },
      { error: "org.varlink.service.InterfaceNotFound", parameters: { interface: "__proto__" } },
    ],
    [
      "a method name without an interface",
      { method: "Ping" },
      { error: "org.varlink.service.InvalidParameter", parameters: { parameter: "method" } },
    ],
    [
      "a method without a handler",
      { method: "org.example.test.Unimplemented" },
      {
        error: "org.varlink.service.MethodNotImplemented",
        parameters: { method: "org.example.test.Unimplemented" },
      },
    ],
    [
      "invalid parameters (validation hook)",
      { method: "org.example.test.Ping", parameters: { text: 5 } },
      { error: "org.varlink.service.InvalidParameter", parameters: { parameter: "text" } },
    ],
    [
      "null parameters (same as {})",
      { method: "org.example.test.Echo", parameters: null },
      { parameters: { keys: [], proto: true, p: {} } },
    ],
    [
      "a thrown VarlinkError",
      { method: "org.example.test.Fail" },
      { error: "org.example.test.Failed", parameters: { reason: "because" } },
    ],
    [
      "a thrown non-Varlink error",
      { method: "org.example.test.Crash" },
      { error: INTERNAL_ERROR, parameters: {} },
    ],
    [
      "a handler result that is not an object",
      { method: "org.example.test.NotAnObject" },
      { error: INTERNAL_ERROR, parameters: {} },
    ],
    [
      "a handler result that cannot be serialized (a bigint beyond uint64)",
      { method: "org.example.test.BigInt" },
      { error: INTERNAL_ERROR, parameters: {} },
    ],
    [
      "a handler result holding NaN (never sent as null)",
      { method: "org.example.test.NaN" },
      { error: INTERNAL_ERROR, parameters: {} },
    ],
    [
      "a thrown VarlinkError whose parameters cannot be serialized",
      { method: "org.example.test.BadError" },
      { error: INTERNAL_ERROR, parameters: {} },
    ],
    [
      "a validator that throws",
      { method: "org.example.test.BadValidator" },
      { error: INTERNAL_ERROR, parameters: {} },
    ],
    [
      "a requires-more method without more",
      { method: "org.example.test.CountWithSummary" },
      { error: "org.varlink.service.ExpectedMore", parameters: {} },
    ],
    [
      "a generator called without more: its first value",
      { method: "org.example.test.Count", parameters: { n: 3 } },
      { parameters: { i: 1 } },
    ],
    [
      "a generator without values, called without more",
      { method: "org.example.test.Count", parameters: { n: 0 } },
      { parameters: {} },
    ],
    [
      "vendor-extension members are ignored (UAPI.20; unprefixed ones close, see conformance.test.ts)",
      { method: "org.example.test.Ping", parameters: { text: "x" }, "org.example.future": { a: 1 } },
      { parameters: { text: "x" } },
    ],
  ])("answers %s", async (_name, call, reply) => {
    const peer = rawPeerTo(newServer());
    expect(await exchange(peer, [call])).toEqual([reply]);
    expect(peer.closed).toBe(false);
  });

  it("does not leak a thrown error's message or stack", async () => {
    const peer = rawPeerTo(newServer());
    const [reply] = await exchange(peer, [{ method: "org.example.test.Crash" }]);
    expect(JSON.stringify(reply)).not.toMatch(/secret|app\.js/);
  });

  it("keeps __proto__ and constructor keys as own data (no prototype pollution)", async () => {
    const peer = rawPeerTo(newServer());
    peer.send(
      '{"method":"org.example.test.Echo","parameters":{"__proto__":{"polluted":1},"constructor":2}}\0',
    );
    const [reply] = (await peer.waitFrames(1)) as { parameters: { keys: string[]; proto: boolean } }[];
    expect(reply?.parameters.keys).toEqual(["__proto__", "constructor"]);
    expect(reply?.parameters.proto).toBe(true);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("server streams", () => {
  it("streams a generator: continues on all but the last", async () => {
    const peer = rawPeerTo(newServer());
    const frames = await exchange(
      peer,
      [{ method: "org.example.test.Count", parameters: { n: 3 }, more: true }],
      3,
    );
    expect(frames).toEqual([
      { parameters: { i: 1 }, continues: true },
      { parameters: { i: 2 }, continues: true },
      { parameters: { i: 3 } },
    ]);
  });

  it("sends a generator's return value as the final reply", async () => {
    const peer = rawPeerTo(newServer());
    const frames = await exchange(peer, [{ method: "org.example.test.CountWithSummary", more: true }], 3);
    expect(frames).toEqual([
      { parameters: { i: 1 }, continues: true },
      { parameters: { i: 2 }, continues: true },
      { parameters: { total: 2 } },
    ]);
  });

  it("by default holds a value back until the next one is produced (the last one ends the stream)", async () => {
    const gate = deferred();
    server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.list",
      description: "",
      methods: {
        List: {
          handler: async function* () {
            yield { item: 1 };
            await gate.promise;
          },
        },
      },
    });
    const peer = rawPeerTo(server);
    peer.sendMessage({ method: "org.example.list.List", more: true });
    await turns(10);
    expect(peer.frames).toEqual([]);
    gate.resolve();
    expect(await peer.waitFrames(1)).toEqual([{ parameters: { item: 1 } }]);
  });

  it("with streamEnd: return, sends each value at once and the return value last", async () => {
    const gate = deferred();
    server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.monitor",
      description: "",
      methods: {
        Watch: {
          more: "requires",
          streamEnd: "return",
          handler: async function* () {
            yield { event: 1 };
            await gate.promise;
            return { done: true };
          },
        },
      },
    });
    const peer = rawPeerTo(server);
    peer.sendMessage({ method: "org.example.monitor.Watch", more: true });
    // The first event arrives while the generator still waits for the next one.
    expect(await peer.waitFrames(1)).toEqual([{ parameters: { event: 1 }, continues: true }]);
    gate.resolve();
    expect(await peer.waitFrames(2)).toEqual([
      { parameters: { event: 1 }, continues: true },
      { parameters: { done: true } },
    ]);
  });

  it("answers an empty generator called with more with one empty reply", async () => {
    const peer = rawPeerTo(newServer());
    const frames = await exchange(peer, [
      { method: "org.example.test.Count", parameters: { n: 0 }, more: true },
    ]);
    expect(frames).toEqual([{ parameters: {} }]);
  });

  it("ends a stream with the error a generator throws", async () => {
    const peer = rawPeerTo(newServer());
    const frames = await exchange(peer, [{ method: "org.example.test.BreakMidStream", more: true }], 2);
    expect(frames).toEqual([
      { parameters: { i: 1 }, continues: true },
      { error: "org.example.test.Broken", parameters: {} },
    ]);
  });

  it.each(["last-yield", "return"] as const)(
    "ends a stream (streamEnd %s) whose value cannot be sent with one error reply, and stops the generator",
    async (streamEnd) => {
      const stopped = deferred();
      server = new VarlinkServer(serverInfo);
      server.addInterface({
        name: "org.example.bad",
        description: "",
        methods: {
          List: {
            streamEnd,
            handler: async function* () {
              try {
                yield { i: 1 };
                yield { i: NaN };
                yield { i: 3 };
                yield { i: 4 };
              } finally {
                stopped.resolve();
              }
            },
          },
          Ping: { handler: () => ({ ok: true }) },
        },
      });
      const peer = rawPeerTo(server);
      const frames = await exchange(
        peer,
        [{ method: "org.example.bad.List", more: true }, { method: "org.example.bad.Ping" }],
        3,
      );
      await stopped.promise;
      await turns();
      // Nothing of the stream after its error: the next reply is Ping's.
      expect(frames).toEqual([
        { parameters: { i: 1 }, continues: true },
        { error: INTERNAL_ERROR, parameters: {} },
        { parameters: { ok: true } },
      ]);
    },
  );

  it("answers a plain handler called with more with a single reply", async () => {
    const peer = rawPeerTo(newServer());
    const frames = await exchange(peer, [
      { method: "org.example.test.Ping", parameters: { text: "a" }, more: true },
      { method: "org.example.test.Ping", parameters: { text: "b" } },
    ]);
    expect(frames).toEqual([{ parameters: { text: "a" } }, { parameters: { text: "b" } }]);
  });

  it("stops a generator when its client disconnects mid-stream, and keeps serving others", async () => {
    const stopped = deferred();
    let produced = 0;
    server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.endless",
      description: "interface org.example.endless\nmethod Tick() -> (n: int)\n",
      methods: {
        Tick: {
          more: "requires",
          handler: async function* (_p, context) {
            try {
              for (;;) {
                if (context.signal.aborted) return;
                yield { n: produced++ };
                await new Promise((r) => setTimeout(r, 1));
              }
            } finally {
              stopped.resolve();
            }
          },
        },
        Ping: { handler: () => ({ ok: true }) },
      },
    });
    const leaving = rawPeerTo(server);
    leaving.sendMessage({ method: "org.example.endless.Tick", more: true });
    await leaving.waitFrames(3);
    leaving.channel.destroy();
    await stopped.promise;
    const other = rawPeerTo(server);
    expect(await exchange(other, [{ method: "org.example.endless.Ping" }])).toEqual([
      { parameters: { ok: true } },
    ]);
  });
});

describe("server ordering, oneway, concurrency", () => {
  it("answers pipelined calls in order when handlers finish out of order", async () => {
    const gates = [deferred(), deferred(), deferred()];
    server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.slow",
      description: "",
      methods: {
        Wait: {
          handler: async (p) => {
            await gates[Number(p["i"])]?.promise;
            return { i: p["i"] };
          },
        },
      },
    });
    const peer = rawPeerTo(server);
    for (const i of [0, 1, 2]) peer.sendMessage({ method: "org.example.slow.Wait", parameters: { i } });
    await turns();
    gates[2]?.resolve();
    gates[1]?.resolve();
    await turns();
    expect(peer.frames).toEqual([]);
    gates[0]?.resolve();
    expect(await peer.waitFrames(3)).toEqual([0, 1, 2].map((i) => ({ parameters: { i } })));
  });

  it("runs oneway calls without a reply", async () => {
    const seen: unknown[] = [];
    server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.log",
      description: "",
      methods: {
        Log: { handler: (p, c) => void seen.push([p["line"], c.oneway]) },
        Crash: {
          handler: () => {
            throw new Error("x");
          },
        },
        Ping: { handler: () => ({ pong: true }) },
      },
    });
    const peer = rawPeerTo(server);
    peer.sendMessage({ method: "org.example.log.Log", parameters: { line: "a" }, oneway: true });
    peer.sendMessage({ method: "org.example.log.Crash", oneway: true });
    peer.sendMessage({ method: "org.example.log.Nope", oneway: true });
    peer.sendMessage({ method: "org.example.log.Ping" });
    expect(await peer.waitFrames(1)).toEqual([{ parameters: { pong: true } }]);
    await turns();
    expect(peer.frames).toHaveLength(1);
    expect(seen).toEqual([["a", true]]);
  });

  it("stops reading when too many calls are pending (maxPendingCalls)", async () => {
    let started = 0;
    const gate = deferred();
    server = new VarlinkServer({ ...serverInfo, maxPendingCalls: 4 });
    server.addInterface({
      name: "org.example.slow",
      description: "",
      methods: {
        Wait: {
          handler: async () => {
            started++;
            await gate.promise;
            return {};
          },
        },
      },
    });
    const peer = rawPeerTo(server);
    peer.send(Buffer.from('{"method":"org.example.slow.Wait"}\0'.repeat(20)));
    await turns(10);
    expect(started).toBe(4);
    gate.resolve();
    expect(await peer.waitFrames(20)).toHaveLength(20);
    expect(started).toBe(20);
  });

  it("counts running oneway calls against maxPendingCalls", async () => {
    let started = 0;
    const gate = deferred();
    server = new VarlinkServer({ ...serverInfo, maxPendingCalls: 3 });
    server.addInterface({
      name: "org.example.slow",
      description: "",
      methods: {
        Wait: {
          handler: async () => {
            started++;
            await gate.promise;
          },
        },
        Ping: { handler: () => ({ pong: true }) },
      },
    });
    const peer = rawPeerTo(server);
    peer.send(Buffer.from('{"method":"org.example.slow.Wait","oneway":true}\0'.repeat(10)));
    peer.sendMessage({ method: "org.example.slow.Ping" });
    await turns(10);
    expect(started).toBe(3);
    expect(peer.frames).toEqual([]);
    gate.resolve();
    expect(await peer.waitFrames(1)).toEqual([{ parameters: { pong: true } }]);
    expect(started).toBe(10);
  });

  it("stops reading while replies are stuck (backpressure), resumes on drain", async () => {
    let calls = 0;
    server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.big",
      description: "",
      methods: { Get: { handler: () => ({ data: "x".repeat(10_000), n: calls++ }) } },
    });
    const peer = rawPeerTo(server, 16 * 1024);
    peer.channel.pause();
    peer.send(Buffer.from('{"method":"org.example.big.Get"}\0'.repeat(100)));
    await turns(20);
    // The peer reads nothing: the server stops reading calls after its write buffer fills.
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(10);
    peer.channel.resume();
    const frames = (await peer.waitFrames(100)) as { parameters: { n: number } }[];
    expect(frames.map((f) => f.parameters.n)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("does not run a streaming generator ahead of a stuck client", async () => {
    let produced = 0;
    server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.stream",
      description: "",
      methods: {
        Items: {
          handler: async function* () {
            for (let i = 0; i < 1000; i++) {
              produced++;
              yield { data: "y".repeat(1000), i };
            }
          },
        },
      },
    });
    const peer = rawPeerTo(server, 8 * 1024);
    peer.channel.pause();
    peer.sendMessage({ method: "org.example.stream.Items", more: true });
    await turns(30);
    expect(produced).toBeLessThan(50);
    peer.channel.resume();
    const frames = await peer.waitFrames(1000);
    expect(frames).toHaveLength(1000);
    expect(frames[999]).toEqual({ parameters: { data: "y".repeat(1000), i: 999 } });
  });
});

describe("server framing", () => {
  const calls = [
    { method: "org.example.test.Ping", parameters: { text: "ünïcödé 🎉" } },
    { method: "org.example.test.Ping", parameters: { text: "b" } },
    { method: "org.varlink.service.GetInfo" },
  ];
  const bytes = Buffer.from(calls.map((c) => JSON.stringify(c) + "\0").join(""));

  it("answers calls torn at every byte position, in order", async () => {
    newServer();
    const peers: RawPeer[] = [];
    for (let split = 1; split < bytes.length; split++) {
      const peer = rawPeerTo(server);
      peers.push(peer);
      peer.send(bytes.subarray(0, split));
      peer.send(bytes.subarray(split));
    }
    for (const peer of peers) {
      const frames = (await peer.waitFrames(3)) as { parameters: Record<string, unknown> }[];
      expect(frames.map((f) => f.parameters["text"] ?? f.parameters["vendor"])).toEqual([
        "ünïcödé 🎉",
        "b",
        serverInfo.vendor,
      ]);
    }
  });
});

describe("server protocol errors", () => {
  it.each([
    ["invalid JSON", "{nope\0"],
    ["a message that is not an object", "[1,2]\0"],
    ["a JSON string", '"hello"\0'],
    ["null", "null\0"],
    ["a call without method", '{"parameters":{}}\0'],
    ["a non-string method", '{"method":5}\0'],
    ["invalid UTF-8 inside JSON structure", Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x00])],
  ])("closes the connection on %s, without affecting others", async (_name, bytes) => {
    newServer();
    const bad = rawPeerTo(server);
    const good = rawPeerTo(server);
    bad.send(bytes);
    await bad.waitClosed();
    expect(
      await exchange(good, [{ method: "org.example.test.Ping", parameters: { text: "still here" } }]),
    ).toEqual([{ parameters: { text: "still here" } }]);
  });

  it("answers the calls before a malformed message, then closes", async () => {
    const peer = rawPeerTo(newServer());
    peer.send('{"method":"org.example.test.Ping","parameters":{"text":"a"}}\0{oops\0');
    await peer.waitClosed();
    expect(peer.frames.length).toBeLessThanOrEqual(1);
  });

  it("closes a connection that sends an oversized message, without buffering it", async () => {
    server = new VarlinkServer({ ...serverInfo, maxMessageSize: 1024 });
    server.addInterface(exampleInterface());
    const bad = rawPeerTo(server);
    const good = rawPeerTo(server);
    bad.send(Buffer.alloc(4096, 0x20));
    await bad.waitClosed();
    expect(await exchange(good, [{ method: "org.example.test.Ping", parameters: { text: "ok" } }])).toEqual([
      { parameters: { text: "ok" } },
    ]);
  });
});

describe("server limits and close", () => {
  // maxConnections (eviction of the longest-idle, refusal when all are busy): limits.test.ts.

  it("closes gracefully: answers in-flight calls, reads no new ones, then closes", async () => {
    const gate = deferred();
    server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.slow",
      description: "",
      methods: {
        Wait: {
          handler: async () => {
            await gate.promise;
            return { done: true };
          },
        },
      },
    });
    const peer = rawPeerTo(server);
    peer.sendMessage({ method: "org.example.slow.Wait" });
    await turns();
    const closing = server.close();
    peer.sendMessage({ method: "org.example.slow.Wait" });
    await turns();
    expect(peer.closed).toBe(false);
    gate.resolve();
    await closing;
    await peer.waitClosed();
    expect(peer.frames).toEqual([{ parameters: { done: true } }]);
    const late = rawPeerTo(server);
    await late.waitClosed();
  });

  it("close with timeoutMs ends connections whose handlers never finish, aborting their signal", async () => {
    const aborted = deferred();
    server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.stuck",
      description: "",
      methods: {
        Hang: {
          handler: (_p, context) =>
            new Promise(() => context.signal.addEventListener("abort", () => aborted.resolve())),
        },
      },
    });
    const peer = rawPeerTo(server);
    peer.sendMessage({ method: "org.example.stuck.Hang" });
    await turns();
    await server.close({ timeoutMs: 20 });
    await aborted.promise;
    await peer.waitClosed();
  });

  it("gives a handler that reads its signal only after the client left an aborted signal", async () => {
    const gate = deferred();
    const seen = deferred<boolean>();
    server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.late",
      description: "",
      methods: {
        Wait: {
          handler: async (_p, context) => {
            await gate.promise;
            seen.resolve(context.signal.aborted);
          },
        },
      },
    });
    const peer = rawPeerTo(server);
    peer.sendMessage({ method: "org.example.late.Wait" });
    await turns();
    peer.channel.destroy();
    await peer.waitClosed();
    await turns();
    expect(server.connectionCount).toBe(0);
    gate.resolve();
    expect(await seen.promise).toBe(true);
  });

  it("rejects a duplicate interface", () => {
    newServer();
    expect(() => server.addInterface(exampleInterface())).toThrow(/already registered/);
    expect(() => server.addInterface({ name: "org.varlink.service", description: "", methods: {} })).toThrow(
      /already registered/,
    );
  });
});
