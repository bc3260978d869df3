/**
 * Simple HTTP mode from the client side (client/http-caller.ts) over Node's own fetch, against
 * the HTTP front (branch h-W's bridge) in front of a real service on a unix socket: replies,
 * `more` streamed as json-seq, `oneway`, every error mapped back to its Varlink error, abort,
 * and ServiceClient picking the HTTP caller for an http:// target. The browser e2e
 * (chromium.test.ts) runs the same caller in a real browser.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpCaller } from "../../packages/runtime/src/client/http-caller.js";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import {
  ConnectionError,
  MethodNotFoundError,
  MethodNotImplementedError,
  PermissionDeniedError,
  VarlinkError,
} from "../../packages/runtime/src/errors.js";
import { addressBackends } from "../../packages/runtime/src/http/backends.js";
import { type HttpListener, serveHttp } from "../../packages/runtime/src/http/listen.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";
import { startService } from "../http/helpers.js";

const SERVICE = "org.example.http";
let service: Awaited<ReturnType<typeof startService>>;
let bridge: HttpListener;
let base: string;

beforeAll(async () => {
  service = await startService();
  bridge = await serveHttp({
    address: "tcp:127.0.0.1:0",
    backends: addressBackends({ [SERVICE]: service.address }),
  });
  base = bridge.url;
}, EVENT_LIMIT_MS);

afterAll(async () => {
  await bridge?.close();
  await service?.stop();
});

/** What a call fails with (or "resolved"). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return error;
  }
}

async function collect(replies: AsyncIterable<Record<string, unknown>>): Promise<Record<string, unknown>[]> {
  const all = [];
  for await (const reply of replies) all.push(reply);
  return all;
}

describe("HttpCaller", () => {
  it("calls and returns the reply's parameters", async () => {
    const caller = new HttpCaller(base);
    expect(await caller.call(`${SERVICE}.Ping`, { text: "hé 😀" })).toEqual({ text: "hé 😀" });
  });

  it("streams a more call from the json-seq body", async () => {
    const caller = new HttpCaller(base);
    expect(await collect(caller.callMore(`${SERVICE}.Count`, { n: 5 }))).toEqual(
      [1, 2, 3, 4, 5].map((i) => ({ i })),
    );
  });

  it("sends oneway calls (204)", async () => {
    await expect(new HttpCaller(base).callOneway(`${SERVICE}.Ping`, { text: "x" })).resolves.toBeUndefined();
  });

  it.each([
    {
      method: "Fail",
      check: (e: unknown) =>
        e instanceof VarlinkError &&
        e.error === "org.example.http.Failed" &&
        e.parameters["reason"] === "because",
    },
    { method: "Denied", check: (e: unknown) => e instanceof PermissionDeniedError },
    { method: "Unimplemented", check: (e: unknown) => e instanceof MethodNotImplementedError },
    { method: "Nope", check: (e: unknown) => e instanceof MethodNotFoundError },
  ])("maps the $method error back to its Varlink error", async ({ method, check }) => {
    const caller = new HttpCaller(base);
    const error = await failure(caller.call(`${SERVICE}.${method}`, {}));
    expect(check(error), String(error)).toBe(true);
    // The same in a stream: the error record ends it.
    const streamed = await failure(collect(caller.callMore(`${SERVICE}.${method}`, {})));
    expect(check(streamed), String(streamed)).toBe(true);
  });

  it("fails an unknown service with the bridge's status, and an unreachable bridge with ConnectionError", async () => {
    const unknown = await failure(new HttpCaller(base).call("org.example.none.Ping", {}));
    expect(unknown).toBeInstanceOf(VarlinkError);
    expect((unknown as VarlinkError).parameters["status"]).toBe(404);
    const gone = await failure(new HttpCaller("http://127.0.0.1:1/").call(`${SERVICE}.Ping`, { text: "" }));
    expect(gone).toBeInstanceOf(ConnectionError);
  });

  it("aborts a stream with the signal's reason, and close() fails later calls", async () => {
    const caller = new HttpCaller(base);
    const abort = new AbortController();
    const reason = new Error("stop");
    const seen: unknown[] = [];
    const error = await failure(
      (async () => {
        for await (const reply of caller.callMore(
          `${SERVICE}.Count`,
          { n: 1_000_000 },
          { signal: abort.signal },
        )) {
          seen.push(reply);
          if (seen.length === 1) abort.abort(reason);
        }
      })(),
    );
    expect(error).toBe(reason);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    await caller.close();
    expect(await failure(caller.call(`${SERVICE}.Ping`, { text: "" }))).toBeInstanceOf(ConnectionError);
  });

  it("refuses upgrade-only things: vendor extensions cannot travel in simple mode", async () => {
    const error = await failure(
      new HttpCaller(base).call(`${SERVICE}.Ping`, { text: "" }, { extensions: { "org.example.x": {} } }),
    );
    expect(error).toBeInstanceOf(TypeError);
  });

  it("is what ServiceClient uses for an http:// target", async () => {
    const client = await ServiceClient.connect(base);
    try {
      expect(await client.call(`${SERVICE}.Ping`, { text: "via service client" })).toEqual({
        text: "via service client",
      });
      expect(await collect(client.callMore(`${SERVICE}.Count`, { n: 2 }))).toEqual([{ i: 1 }, { i: 2 }]);
    } finally {
      await client.close();
    }
  });
});
