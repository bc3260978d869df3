/**
 * `[Requires 'more' flag]` streams (MethodDefinition.more "requires", streamEnd unset: "prompt"):
 * a yielded reply reaches the client without waiting for the next one, over a real socket;
 * values produced back to back still end exactly (the last one is the final reply).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import type { MethodDefinition } from "../../packages/runtime/src/server/definitions.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serveUnix, serverInfo } from "./helpers.js";

interface Served {
  client: VarlinkClient;
  /** Each reply's parameters and `continues`, in order. */
  replies: { parameters: unknown; continues: boolean }[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(method: MethodDefinition): Promise<Served> {
  const server = new VarlinkServer(serverInfo);
  server.addInterface({ name: "org.example.stream", description: "", methods: { Watch: method } });
  const served = await serveUnix(server);
  cleanups.push(served.close);
  return { client: served.client, replies: [] };
}

function watch(served: Served): AsyncIterator<Record<string, unknown>> {
  const stream = served.client.callMore(
    "org.example.stream.Watch",
    {},
    { onReply: (r) => served.replies.push({ parameters: r.parameters, continues: r.continues === true }) },
  );
  return stream[Symbol.asyncIterator]();
}

/** A promise the test resolves. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe("requires-more streams are prompt", () => {
  it("delivers a yielded value before the generator produces the next", { timeout: 20_000 }, async () => {
    const g = gate();
    const served = await serve({
      more: "requires",
      async *handler() {
        yield { n: 1 };
        await g.promise;
        yield { n: 2 };
      },
    });
    const replies = watch(served);
    // Before issue 11 this waited for { n: 2 }, which waits for the gate: the test timed out.
    expect((await replies.next()).value).toEqual({ n: 1 });
    g.open();
    expect((await replies.next()).value).toEqual({ n: 2 });
    expect((await replies.next()).done).toBe(true);
    // { n: 2 } and the end came in one go: the last value is the final reply, as before.
    expect(served.replies).toEqual([
      { parameters: { n: 1 }, continues: true },
      { parameters: { n: 2 }, continues: false },
    ]);
  });

  it.each([
    ["a return value", { n: 9 }, [{ n: 9 }]],
    ["nothing", undefined, [{}]],
  ])("ends a stream that waited before returning %s with it", { timeout: 20_000 }, async (_, last, tail) => {
    const g = gate();
    const served = await serve({
      more: "requires",
      async *handler() {
        yield { n: 1 };
        await g.promise;
        return last;
      },
    });
    const replies = watch(served);
    expect((await replies.next()).value).toEqual({ n: 1 });
    g.open();
    const rest: unknown[] = [];
    for (let r = await replies.next(); r.done !== true; r = await replies.next()) rest.push(r.value);
    expect(rest).toEqual(tail);
    expect(served.replies.map((r) => r.continues)).toEqual([true, false]);
  });

  it.each<[string, "requires" | "supports", MethodDefinition["streamEnd"]]>([
    ["requires, default (prompt)", "requires", undefined],
    ["supports, default (last-yield)", "supports", undefined],
    ["requires, last-yield", "requires", "last-yield"],
  ])("keeps a stream produced in one go exact (%s)", { timeout: 20_000 }, async (_, more, streamEnd) => {
    const served = await serve({
      more,
      streamEnd,
      async *handler() {
        for (let i = 0; i < 100; i++) yield { i };
      },
    });
    const values: unknown[] = [];
    for await (const value of served.client.callMore(
      "org.example.stream.Watch",
      {},
      {
        onReply: (r) => served.replies.push({ parameters: r.parameters, continues: r.continues === true }),
      },
    ))
      values.push(value);
    expect(values).toEqual(Array.from({ length: 100 }, (_, i) => ({ i })));
    expect(served.replies.filter((r) => !r.continues)).toEqual([{ parameters: { i: 99 }, continues: false }]);
  });
});
