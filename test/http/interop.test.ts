/**
 * Our WebSocket server side against an independent client: Node's built-in WebSocket (undici;
 * behind --experimental-websocket on Node 20) runs test/http/fixtures/undici-client.mjs
 * against the bridge. Checks the handshake, client masking, 16- and 64-bit lengths, text and
 * binary messages, re-framing, and the closing handshake as another implementation sees them.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addressBackends } from "../../packages/runtime/src/http/backends.js";
import { type HttpListener, serveHttp } from "../../packages/runtime/src/http/listen.js";
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";
import { startService } from "./helpers.js";

const script = fileURLToPath(new URL("./fixtures/undici-client.mjs", import.meta.url));
let service: Awaited<ReturnType<typeof startService>>;
let bridge: HttpListener;

beforeAll(async () => {
  service = await startService();
  bridge = await serveHttp({
    address: "tcp:127.0.0.1:0",
    backends: addressBackends({ "org.example.http": service.address }),
  });
});

afterAll(async () => {
  await bridge.close();
  await service.stop();
});

it(
  "talks to Node's built-in WebSocket client",
  async () => {
    const flags = typeof globalThis.WebSocket === "function" ? [] : ["--experimental-websocket"];
    const url = `${bridge.url.replace("http", "ws")}ws/services/org.example.http`;
    const { stdout } = await promisify(execFile)(process.execPath, [...flags, "--no-warnings", script, url], {
      timeout: PROCESS_LIMIT_MS,
    });
    const [replies, closed] = stdout.trim().split("\n");
    expect(JSON.parse(replies as string)).toEqual([
      '{"parameters":{"text":"a"}}',
      '{"parameters":{"i":1},"continues":true}',
      '{"parameters":{"i":2}}',
      70000 + '{"parameters":{"text":""}}'.length,
    ]);
    expect(closed).toBe("closed 1000");
  },
  PROCESS_LIMIT_MS,
);
