/**
 * Client interceptors (issue 11) on both clients, over a real unix socket: they see the call
 * (method, parameters, kind, extensions, target, idempotent), can add extension members the
 * server receives, and see every reply of a `more` call.
 */
import { describe, expect, it } from "vitest";
import { type ClientOptions, VarlinkClient } from "../../packages/runtime/src/client/client.js";
import type { VarlinkCaller } from "../../packages/runtime/src/client/caller.js";
import type { ClientInterceptor, ClientRequest } from "../../packages/runtime/src/client/interceptor.js";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";
import { perTest } from "./pool-helpers.js";

const { defer, unixGate: setup } = perTest();

const clients: readonly [string, (address: string, options: ClientOptions) => Promise<VarlinkCaller>][] = [
  ["VarlinkClient", (address, options) => VarlinkClient.connect(address, options)],
  ["ServiceClient", (address, options) => ServiceClient.connect(address, options)],
];

describe.each(clients)("%s interceptors", (_name, connect) => {
  it(
    "see the call and add extension members the server receives",
    async () => {
      const gate = await setup();
      const seen: Omit<ClientRequest, "values" | "signal" | "onReply">[] = [];
      const trace: ClientInterceptor = (next) => async (request) => {
        const { values: _v, signal: _s, onReply: _o, ...visible } = request;
        seen.push(visible);
        return next({ ...request, extensions: { ...request.extensions, "org.example.trace": { id: "t1" } } });
      };
      const client = await connect(gate.address, { interceptors: [trace] });
      defer(() => client.close());
      const reply = await client.call(
        "org.example.gate.Echo",
        { a: 1 },
        { extensions: { "org.example.user": { u: 1 } }, idempotent: true, timeoutMs: EVENT_LIMIT_MS },
      );
      expect(reply).toEqual({ a: 1 });
      expect(gate.lastExtensions).toEqual({
        "org.example.user": { u: 1 },
        "org.example.trace": { id: "t1" },
      });
      await client.callOneway("org.example.gate.Note", {});
      expect(seen).toEqual([
        {
          method: "org.example.gate.Echo",
          parameters: { a: 1 },
          kind: "call",
          extensions: { "org.example.user": { u: 1 } },
          timeoutMs: EVENT_LIMIT_MS,
          idempotent: true,
          target: expect.stringContaining(gate.address.slice("unix:".length)) as unknown as string,
        },
        {
          method: "org.example.gate.Note",
          parameters: {},
          kind: "oneway",
          extensions: undefined,
          timeoutMs: undefined,
          idempotent: false,
          target: expect.stringContaining(gate.address.slice("unix:".length)) as unknown as string,
        },
      ]);
    },
    EVENT_LIMIT_MS * 2,
  );

  it(
    "run outermost first and see every reply of a more call",
    async () => {
      const gate = await setup();
      const order: string[] = [];
      const counted: unknown[] = [];
      const outer: ClientInterceptor = (next) => async (request) => {
        order.push("outer");
        return next(request);
      };
      const counter: ClientInterceptor = (next) => async (request) => {
        order.push("inner");
        const response = await next(request);
        if (response.kind !== "more") return response;
        const replies = response.replies;
        return {
          ...response,
          replies: (async function* () {
            for await (const reply of replies) {
              counted.push(reply);
              yield reply;
            }
          })(),
        };
      };
      const client = await connect(gate.address, { interceptors: [outer, counter] });
      defer(() => client.close());
      const got: unknown[] = [];
      for await (const reply of client.callMore("org.example.gate.Count", { n: 3 })) got.push(reply);
      expect(got).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
      expect(counted).toEqual(got);
      expect(order).toEqual(["outer", "inner"]);
    },
    EVENT_LIMIT_MS * 2,
  );

  it(
    "can answer without calling next, and a response of the wrong kind is a TypeError",
    async () => {
      const gate = await setup();
      const cache: ClientInterceptor = () => async (request) =>
        request.method.endsWith("Echo")
          ? { kind: "call", parameters: { cached: true }, peer: "cache" }
          : { kind: "oneway", peer: "cache" };
      const client = await connect(gate.address, { interceptors: [cache] });
      defer(() => client.close());
      expect(await client.call("org.example.gate.Echo", {})).toEqual({ cached: true });
      expect(gate.echoes).toBe(0);
      await expect(client.call("org.example.gate.Note", {})).rejects.toThrow(
        /answered a 'call' call with a 'oneway' response/,
      );
    },
    EVENT_LIMIT_MS * 2,
  );
});
