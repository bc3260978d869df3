/**
 * Server interceptors (`ServerOptions.interceptors`) and the error hook (`ServerOptions.onError`),
 * over real sockets (tcp loopback, so the peer has an address and a port).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { VarlinkError } from "../../packages/runtime/src/errors.js";
import type { InterfaceDefinition } from "../../packages/runtime/src/server/definitions.js";
import type { ServerCall, ServerInterceptor } from "../../packages/runtime/src/server/interceptor.js";
import { type ServerOptions, VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serveUnix, serverInfo } from "./helpers.js";

const IDENTITY = Symbol("identity");

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const handled: string[] = [];

const iface: InterfaceDefinition = {
  name: "org.example.icpt",
  description: "",
  methods: {
    Echo: {
      validateParameters: (p) =>
        typeof p["text"] === "string" ? [] : [{ path: "text", message: "not a string" }],
      handler: (p, context) => {
        handled.push("Echo");
        return { text: p["text"], who: context.values.get(IDENTITY) ?? null };
      },
    },
    Count: {
      more: "supports",
      async *handler(p) {
        handled.push("Count");
        for (let i = 0; i < Number(p["n"]); i++) yield { i };
      },
    },
    Fail: {
      handler: () => {
        handled.push("Fail");
        throw new Error("boom: /secret/path");
      },
    },
    Log: { handler: () => void handled.push("Log") },
    Missing: {},
  },
};

async function start(options: Partial<ServerOptions>): Promise<{ client: VarlinkClient; address: string }> {
  handled.length = 0;
  const server = new VarlinkServer({ ...serverInfo, ...options });
  server.addInterface(iface);
  const listener = await server.listen("tcp:127.0.0.1:0");
  const client = await VarlinkClient.connect(listener.address);
  cleanups.push(async () => {
    await client.close();
    await server.close({ timeoutMs: 1000 });
  });
  return { client, address: listener.address };
}

describe("server interceptors", () => {
  it("run outermost first around the handler and see the call", async () => {
    const order: string[] = [];
    const seen: ServerCall[] = [];
    const named =
      (name: string): ServerInterceptor =>
      (next) =>
      async (call) => {
        order.push(`${name}>`);
        seen.push(call);
        call.values.set(IDENTITY, name);
        const outcome = await next(call);
        order.push(`<${name}`);
        return outcome;
      };
    const { client, address } = await start({ interceptors: [named("a"), named("b")] });
    const reply = await client.call(
      "org.example.icpt.Echo",
      { text: "hi" },
      { extensions: { "org.example.trace": { id: "1" } } },
    );
    expect(reply).toEqual({ text: "hi", who: "b" });
    expect(order).toEqual(["a>", "b>", "<b", "<a"]);
    const call = seen[0] as ServerCall;
    expect(call).toMatchObject({
      method: "org.example.icpt.Echo",
      parameters: { text: "hi" },
      more: false,
      oneway: false,
      upgrade: false,
      extensions: { "org.example.trace": { id: "1" } },
      peer: { listener: address, remoteAddress: "127.0.0.1" },
    });
    expect(call.peer.remotePort).toBeGreaterThan(0);
    expect(call.context.peer).toBe(call.peer);
    expect(call.context.signal.aborted).toBe(false);
  });

  it("know a unix peer by its listener and socket path only (node tells nothing more)", async () => {
    const server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.peer",
      description: "",
      methods: { Who: { handler: (_p, context) => ({ peer: { ...context.peer } }) } },
    });
    const { client, address, close } = await serveUnix(server);
    cleanups.push(close);
    expect(await client.call("org.example.peer.Who")).toEqual({
      peer: { listener: address, socketPath: address.slice("unix:".length) },
    });
  });

  it("answers the VarlinkError an interceptor throws, without calling the handler", async () => {
    const deny: ServerInterceptor = () => async (call) => {
      throw new VarlinkError("org.example.icpt.PermissionDenied", { method: call.method });
    };
    const { client } = await start({ interceptors: [deny] });
    await expect(client.call("org.example.icpt.Echo", { text: "x" })).rejects.toMatchObject({
      error: "org.example.icpt.PermissionDenied",
      parameters: { method: "org.example.icpt.Echo" },
    });
    await client.callOneway("org.example.icpt.Log");
    expect(await client.call("org.varlink.service.GetInfo").catch((e: VarlinkError) => e.error)).toBe(
      "org.example.icpt.PermissionDenied",
    );
    expect(handled).toEqual([]);
  });

  it("are not reached by calls refused before them (lookup, validation)", async () => {
    const reached: string[] = [];
    const record: ServerInterceptor = (next) => (call) => {
      reached.push(call.method);
      return next(call);
    };
    const { client } = await start({ interceptors: [record] });
    await expect(client.call("org.example.icpt.Nope")).rejects.toMatchObject({
      error: "org.varlink.service.MethodNotFound",
    });
    await expect(client.call("org.example.icpt.Echo", { text: 1 })).rejects.toMatchObject({
      error: "org.varlink.service.InvalidParameter",
      parameters: { parameter: "text" },
    });
    // A missing handler is the innermost step's answer: interceptors see it.
    await expect(client.call("org.example.icpt.Missing")).rejects.toMatchObject({
      error: "org.varlink.service.MethodNotImplemented",
    });
    expect(reached).toEqual(["org.example.icpt.Missing"]);
  });

  it("see each reply of a more stream by wrapping it", async () => {
    const replies: unknown[] = [];
    const tap: ServerInterceptor = (next) => async (call) => {
      const outcome = await next(call);
      if (outcome === undefined || !(Symbol.asyncIterator in outcome)) return outcome;
      return (async function* tapped() {
        for await (const reply of outcome) {
          replies.push(reply);
          yield reply;
        }
      })();
    };
    const { client } = await start({ interceptors: [tap] });
    const values: unknown[] = [];
    for await (const value of client.callMore("org.example.icpt.Count", { n: 3 })) values.push(value);
    expect(values).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    expect(replies).toEqual(values);
  });

  it("see oneway calls with their flag", async () => {
    const flags: boolean[] = [];
    let seen!: () => void;
    const done = new Promise<void>((resolve) => (seen = resolve));
    const record: ServerInterceptor = (next) => async (call) => {
      flags.push(call.oneway);
      const outcome = await next(call);
      seen();
      return outcome;
    };
    const { client } = await start({ interceptors: [record] });
    await client.callOneway("org.example.icpt.Log");
    await done;
    expect(flags).toEqual([true]);
    expect(handled).toEqual(["Log"]);
  });
});

describe("onError", () => {
  it.each([
    ["the handler throws", [] as ServerInterceptor[]],
    [
      "an interceptor throws",
      [
        () => async () => {
          throw new Error("boom: /secret/path");
        },
      ] as ServerInterceptor[],
    ],
  ])(
    "reports a non-Varlink error with its stack when %s; the wire gets InternalError {}",
    async (_, interceptors) => {
      const onError = vi.fn();
      const { client } = await start({ onError, interceptors });
      const error = (await client.call("org.example.icpt.Fail").catch((e: unknown) => e)) as VarlinkError;
      expect({ error: error.error, parameters: error.parameters }).toEqual({
        error: "org.varlink.service.InternalError",
        parameters: {},
      });
      expect(onError).toHaveBeenCalledTimes(1);
      const [reported, call] = onError.mock.calls[0] as [Error, { method: string }];
      expect(reported.message).toBe("boom: /secret/path");
      expect(reported.stack).toMatch(/server-interceptors\.test\.ts/);
      expect(call.method).toBe("org.example.icpt.Fail");
    },
  );

  it("reports a reply that cannot be encoded, and not a VarlinkError", async () => {
    const onError = vi.fn();
    const { client } = await start({
      onError,
      interceptors: [
        (next) => async (call) => (call.method.endsWith("Echo") ? { n: Number.NaN } : next(call)),
      ],
    });
    await expect(client.call("org.example.icpt.Echo", { text: "x" })).rejects.toMatchObject({
      error: "org.varlink.service.InternalError",
    });
    await expect(client.call("org.example.icpt.Nope")).rejects.toMatchObject({
      error: "org.varlink.service.MethodNotFound",
    });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(TypeError);
  });

  it("defaults to a process warning with the stack", async () => {
    const warnings: (Error & { detail?: string })[] = [];
    const listener = (warning: Error): void => void warnings.push(warning);
    process.on("warning", listener);
    cleanups.push(async () => void process.off("warning", listener));
    const { client } = await start({});
    await expect(client.call("org.example.icpt.Fail")).rejects.toMatchObject({
      error: "org.varlink.service.InternalError",
    });
    await vi.waitFor(() => expect(warnings.length).toBe(1));
    expect(warnings[0]?.name).toBe("VarlinkInternalError");
    expect(warnings[0]?.message).toMatch(/org\.example\.icpt\.Fail failed/);
    expect(warnings[0]?.detail).toMatch(/boom: \/secret\/path[\s\S]*server-interceptors\.test\.ts/);
  });

  it("falls back to a warning when the reporter itself throws", async () => {
    const warnings: Error[] = [];
    const listener = (warning: Error): void => void warnings.push(warning);
    process.on("warning", listener);
    cleanups.push(async () => void process.off("warning", listener));
    const { client } = await start({
      onError: () => {
        throw new Error("logger broke");
      },
    });
    await expect(client.call("org.example.icpt.Fail")).rejects.toMatchObject({
      error: "org.varlink.service.InternalError",
    });
    expect(await client.call("org.example.icpt.Echo", { text: "still" })).toMatchObject({ text: "still" });
    await vi.waitFor(() => expect(warnings.length).toBe(2));
  });
});
