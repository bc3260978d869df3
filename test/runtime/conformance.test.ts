/**
 * UAPI.20 conformance of the message headers: malformed calls close the connection (after the
 * calls read before them are answered), malformed replies close the client's connection, and
 * vendor-extension members are ignored by the protocol but visible to handlers and callers.
 */
import { afterEach, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import type { CallContext } from "../../packages/runtime/src/server/definitions.js";
import { ConnectionError, ProtocolError } from "../../packages/runtime/src/errors.js";
import type { ReplyHeader } from "../../packages/runtime/src/wire/header.js";
import { createChannelPair } from "../../packages/runtime/src/transports/memory.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { RawPeer, clientTo, deferred, rawPeerTo, serverInfo } from "./helpers.js";

let server: VarlinkServer | undefined;
afterEach(async () => {
  await server?.close({ timeoutMs: 100 });
  server = undefined;
});

/** A server whose `Ping` echoes, `Slow` waits for `release`, `Context` returns what it was told. */
function newServer(release?: Promise<void>): VarlinkServer {
  server = new VarlinkServer(serverInfo);
  server.addInterface({
    name: "org.example.test",
    description: "interface org.example.test\nmethod Ping(text: string) -> (text: string)\n",
    methods: {
      Ping: { handler: (p) => ({ text: p["text"] }) },
      Slow: {
        handler: async () => {
          await release;
          return { slow: true };
        },
      },
      Context: {
        handler: (_p, context: CallContext) => ({
          extensions: context.extensions,
          frozen: Object.isFrozen(context.extensions),
          upgrade: context.upgrade,
        }),
      },
    },
  });
  return server;
}

const ping = '{"method":"org.example.test.Ping","parameters":{"text":"x"}';

describe("malformed calls (UAPI.20: close the connection, no reply)", () => {
  it.each([
    ["no method", '{"parameters":{}}'],
    ["a non-string method", '{"method":5}'],
    ["a null method", '{"method":null}'],
    ["parameters that are an array", '{"method":"org.example.test.Ping","parameters":["x"]}'],
    ["parameters that are a string", '{"method":"org.example.test.Ping","parameters":"x"}'],
    ["parameters that are a number", '{"method":"org.example.test.Ping","parameters":1}'],
    ['more: "yes"', `${ping},"more":"yes"}`],
    ["oneway: 1", `${ping},"oneway":1}`],
    ["upgrade: 0", `${ping},"upgrade":0}`],
    ["oneway and more", `${ping},"oneway":true,"more":true}`],
    ["more and upgrade", `${ping},"more":true,"upgrade":true}`],
    ["oneway and upgrade", `${ping},"oneway":true,"upgrade":true}`],
    ["an unknown unprefixed member", `${ping},"future":{}}`],
    ["an X- style member", `${ping},"X-Trace":{}}`],
    ["a misspelt flag", `${ping},"More":true}`],
    ["__proto__ as a member", `${ping},"__proto__":{}}`],
    ["continues in a call", `${ping},"continues":true}`],
    ["error in a call", `${ping},"error":"a.b.C"}`],
  ])("closes on %s", async (_name, text) => {
    const peer = rawPeerTo(newServer());
    peer.send(text + "\0");
    await peer.waitClosed();
    expect(peer.frames).toEqual([]);
  });

  it.each([
    ["more: false", `${ping},"more":false}`],
    [
      "flags that are null (typed ?bool: same as absent)",
      `${ping},"oneway":null,"more":null,"upgrade":null}`,
    ],
    ["all flags false", `${ping},"oneway":false,"more":false,"upgrade":false}`],
    ["a vendor extension", `${ping},"org.example.trace":{"id":"1"}}`],
    ["a dotted member whose value is not an object", `${ping},"org.example":5}`],
    ["parameters: null", '{"method":"org.example.test.Ping","parameters":null,"more":false}'],
  ])("accepts %s", async (_name, text) => {
    const peer = rawPeerTo(newServer());
    peer.send(text + "\0");
    const frames = await peer.waitFrames(1);
    expect(frames).toHaveLength(1);
    expect(peer.closed).toBe(false);
  });

  it("answers the calls read before a malformed one, in order, then closes without reading on", async () => {
    const release = deferred();
    const peer = rawPeerTo(newServer(release.promise));
    // One write: a slow call, a quick one, the malformed call, and a call after it.
    peer.send(
      '{"method":"org.example.test.Slow"}\0' + `${ping}}\0` + `${ping},"more":"yes"}\0` + `${ping}}\0`,
    );
    await peer.waitFrames(1, 200).catch(() => {});
    expect(peer.frames).toEqual([]); // the slow call's answer comes first: nothing yet
    release.resolve();
    await peer.waitClosed();
    expect(peer.frames).toEqual([{ parameters: { slow: true } }, { parameters: { text: "x" } }]);
  });
});

describe("vendor extensions", () => {
  it("are exposed to the handler as a frozen record, and ignored otherwise", async () => {
    const peer = rawPeerTo(newServer());
    peer.send('{"method":"org.example.test.Context","org.example.trace":{"id":"4bf9"},"io.x":{}}\0');
    expect(await peer.waitFrames(1)).toEqual([
      {
        parameters: {
          extensions: { "org.example.trace": { id: "4bf9" }, "io.x": {} },
          frozen: true,
          upgrade: false,
        },
      },
    ]);
  });

  it("are empty when the call has none", async () => {
    const client = clientTo(newServer());
    expect(await client.call("org.example.test.Context")).toEqual({
      extensions: {},
      frozen: true,
      upgrade: false,
    });
    await client.close();
  });

  it("are sent with a call (call, callMore, callOneway) from CallOptions.extensions", async () => {
    const [a, b] = createChannelPair();
    const client = VarlinkClient.fromChannel(a);
    const peer = new RawPeer(b);
    const extensions = { "org.example.trace": { id: "1" } };
    client.call("a.b.C", { x: 1 }, { extensions }).catch(() => {});
    void client.callOneway("a.b.C", undefined, { extensions });
    const more = client.callMore("a.b.C", {}, { extensions })[Symbol.asyncIterator]();
    more.next().catch(() => {});
    expect(await peer.waitFrames(3)).toEqual([
      { method: "a.b.C", parameters: { x: 1 }, "org.example.trace": { id: "1" } },
      { method: "a.b.C", oneway: true, "org.example.trace": { id: "1" } },
      { method: "a.b.C", more: true, "org.example.trace": { id: "1" } },
    ]);
    await client.close();
  });

  it("empty parameters are left out of the call (UAPI.20 SHOULD), also when every field is undefined", async () => {
    const [a, b] = createChannelPair();
    const client = VarlinkClient.fromChannel(a);
    const peer = new RawPeer(b);
    client.call("a.b.C", {}).catch(() => {});
    client.call("a.b.C", { role: undefined }).catch(() => {});
    client.call("a.b.C", { role: null }).catch(() => {});
    expect(await peer.waitFrames(3)).toEqual([
      { method: "a.b.C" },
      { method: "a.b.C" },
      { method: "a.b.C", parameters: { role: null } },
    ]);
    await client.close();
  });

  it.each([
    ["an unprefixed name", { trace: {} }, /not a reverse-domain name/],
    ["a name with an empty component", { "org..example": {} }, /not a reverse-domain name/],
    ["a value that is not an object", { "org.example": 5 }, /is not an object/],
    ["an array value", { "org.example": [] }, /is not an object/],
    ["a null value", { "org.example": null }, /is not an object/],
  ])("are refused before sending: %s", async (_name, extensions, message) => {
    const [a, b] = createChannelPair();
    const client = VarlinkClient.fromChannel(a);
    const peer = new RawPeer(b);
    await expect(client.call("a.b.C", {}, { extensions })).rejects.toThrow(message);
    await expect(client.callOneway("a.b.C", {}, { extensions })).rejects.toThrow(message);
    await expect(client.callMore("a.b.C", {}, { extensions })[Symbol.asyncIterator]().next()).rejects.toThrow(
      message,
    );
    // Nothing was written, and the client still works.
    const reply = client.call("a.b.C");
    expect(await peer.waitFrames(1)).toEqual([{ method: "a.b.C" }]);
    peer.send('{"parameters":{"ok":true}}\0');
    expect(await reply).toEqual({ ok: true });
    await client.close();
  });

  it("are still checked when their name was sent before (the encoder remembers checked names)", async () => {
    const [a, b] = createChannelPair();
    const client = VarlinkClient.fromChannel(a);
    const peer = new RawPeer(b);
    const first = client.call("a.b.C", {}, { extensions: { "org.example.remembered": { n: 1 } } });
    expect(await peer.waitFrames(1)).toEqual([{ method: "a.b.C", "org.example.remembered": { n: 1 } }]);
    peer.send('{"parameters":{}}\0');
    await first;
    for (const bad of [5, null, [], "x"])
      await expect(
        client.call("a.b.C", {}, { extensions: { "org.example.remembered": bad } }),
      ).rejects.toThrow(/is not an object/);
    await client.close();
  });

  it("of each reply reach CallOptions.onReply", async () => {
    const [a, b] = createChannelPair();
    const client = VarlinkClient.fromChannel(a);
    const peer = new RawPeer(b);
    const seen: ReplyHeader[] = [];
    const onReply = (reply: ReplyHeader): number => seen.push(reply);
    const single = client.call("a.b.C", {}, { onReply });
    const stream = (async () => {
      const out: unknown[] = [];
      for await (const r of client.callMore("a.b.C", {}, { onReply })) out.push(r);
      return out;
    })();
    const failed = client.call("a.b.C", {}, { onReply }).catch((e: unknown) => e);
    await peer.waitFrames(3);
    peer.send(
      '{"parameters":{"n":1},"org.example.t":{"a":1}}\0' +
        '{"parameters":{"n":2},"continues":true,"org.example.t":{"a":2}}\0{"parameters":{"n":3}}\0' +
        '{"error":"a.b.Failed","org.example.t":{"a":3}}\0',
    );
    expect(await single).toEqual({ n: 1 });
    expect(await stream).toEqual([{ n: 2 }, { n: 3 }]);
    expect(await failed).toMatchObject({ error: "a.b.Failed" });
    expect(seen.map((r) => [r.parameters, r.continues, r.error, r.extensions])).toEqual([
      [{ n: 1 }, false, undefined, { "org.example.t": { a: 1 } }],
      [{ n: 2 }, true, undefined, { "org.example.t": { a: 2 } }],
      [{ n: 3 }, false, undefined, {}],
      [{}, false, "a.b.Failed", { "org.example.t": { a: 3 } }],
    ]);
    await client.close();
  });

  it("a throwing onReply rejects that call only; the connection stays usable", async () => {
    const [a, b] = createChannelPair();
    const client = VarlinkClient.fromChannel(a);
    const peer = new RawPeer(b);
    const boom = new Error("bad signature");
    const onReply = (): never => {
      throw boom;
    };
    const first = client.call("a.b.C", {}, { onReply }).catch((e: unknown) => e);
    const more = client.callMore("a.b.C", {}, { onReply })[Symbol.asyncIterator]();
    const streamed = more.next().catch((e: unknown) => e);
    const after = client.call("a.b.C");
    await peer.waitFrames(3);
    peer.send(
      '{"parameters":{}}\0{"parameters":{},"continues":true}\0{"parameters":{}}\0{"parameters":{"ok":1}}\0',
    );
    expect(await first).toBe(boom);
    expect(await streamed).toBe(boom);
    expect(await after).toEqual({ ok: 1 });
    expect(client.closed).toBe(false);
    await client.close();
  });
});

describe("malformed replies (UAPI.20: close the connection)", () => {
  it.each([
    ["an unknown unprefixed member", '{"parameters":{},"future":1}'],
    ["continues that is not a boolean", '{"parameters":{},"continues":"yes"}'],
    ["an error that is not a string", '{"error":5}'],
    ["an error reply with continues", '{"error":"a.b.C","continues":true}'],
    ["parameters that are an array", '{"parameters":[]}'],
    ["parameters that are a number", '{"parameters":1}'],
    ["a method member", '{"method":"a.b.C"}'],
  ])("rejects every pending call on %s", async (_name, text) => {
    const [a, b] = createChannelPair();
    const client = VarlinkClient.fromChannel(a);
    const peer = new RawPeer(b);
    const first = client.call("a.b.C").catch((e: unknown) => e);
    const second = client.call("a.b.C").catch((e: unknown) => e);
    await peer.waitFrames(2);
    peer.send(text + "\0");
    for (const result of [await first, await second]) {
      expect(result).toBeInstanceOf(ConnectionError);
      expect((result as Error).cause).toBeInstanceOf(ProtocolError);
    }
    await peer.waitClosed();
  });
});
