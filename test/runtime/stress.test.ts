/**
 * Many clients, each pipelining calls and streams with handlers finishing out of order, over a
 * real unix socket: every reply reaches the right caller.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serverInfo } from "./helpers.js";

let server: VarlinkServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close({ timeoutMs: 100 });
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe("stress over a unix socket", () => {
  it("8 clients x 200 pipelined calls and streams, handlers finishing out of order", async () => {
    dir = await mkdtemp(join(tmpdir(), "varlink-stress-"));
    server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.stress",
      description: "",
      methods: {
        Echo: {
          handler: async (p) => {
            await new Promise((r) => setTimeout(r, Number(p["delay"])));
            return { id: p["id"], pad: "x".repeat(Number(p["size"])) };
          },
        },
        Range: {
          more: "supports",
          handler: async function* (p) {
            for (let i = 0; i < Number(p["n"]); i++) yield { id: p["id"], i };
          },
        },
      },
    });
    const { address } = await server.listen(`unix:${join(dir, "stress.sock")}`);
    const clients = await Promise.all(Array.from({ length: 8 }, () => VarlinkClient.connect(address)));
    try {
      await Promise.all(
        clients.map(async (client, c) => {
          const work: Promise<void>[] = [];
          for (let k = 0; k < 200; k++) {
            const id = `${c}-${k}`;
            if (k % 10 === 0) {
              work.push(
                (async () => {
                  const replies: unknown[] = [];
                  for await (const r of client.callMore("org.example.stress.Range", { id, n: k % 7 }))
                    replies.push(r);
                  const expected = Array.from({ length: k % 7 }, (_, i) => ({ id, i }));
                  expect(replies).toEqual(expected.length === 0 ? [{}] : expected);
                })(),
              );
            } else {
              const size = (k * 7919) % 20_000;
              work.push(
                client.call("org.example.stress.Echo", { id, delay: (k * 31) % 5, size }).then((r) => {
                  expect(r["id"]).toBe(id);
                  expect(String(r["pad"]).length).toBe(size);
                }),
              );
            }
          }
          await Promise.all(work);
        }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});
