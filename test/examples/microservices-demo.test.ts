/**
 * examples/microservices: the two services compile under the strict settings, `npm run demo`'s
 * scenario runs over three real processes, a configuration mistake is one line and exit code 2,
 * and OrderService's input bounds keep one hostile order from breaking the shared UserService
 * client (the limits test of the former single-process example).
 */
import { execFile } from "node:child_process";
import * as net from "node:net";
import { promisify } from "node:util";
import { beforeAll, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { EXAMPLE_DIR, generateExample, startService, stopService } from "../helpers/microservices.js";
import { PROCESS_LIMIT_MS, spawningTestTimeout } from "../helpers/time-limits.js";

const run = promisify(execFile);
const PLAIN = { LISTEN: "tcp:127.0.0.1:0", HTTP_LISTEN: "127.0.0.1:0" };

beforeAll(() => generateExample(), PROCESS_LIMIT_MS);

it(
  "compiles under the repository's strict settings",
  async () => {
    await run(process.execPath, ["../../node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], {
      cwd: EXAMPLE_DIR,
      timeout: PROCESS_LIMIT_MS,
    });
  },
  PROCESS_LIMIT_MS,
);

it(
  "the demo runs its scenario over two UserService replicas and one OrderService",
  async () => {
    const { runDemo } = (await import("../../examples/microservices/scripts/demo.js")) as {
      runDemo(log: (line: string) => void): Promise<void>;
    };
    const lines: string[] = [];
    await runDemo((line) => lines.push(line));
    expect(lines[0]).toMatch(
      /^UserService replicas on tcp:127\.0\.0\.1:\d+, tcp:127\.0\.0\.1:\d+; OrderService on tcp:/,
    );
    expect(lines.slice(1, 5)).toEqual([
      "order-1 for ada: total 3000, pending",
      "order-2 for grace: total 3000, pending",
      "order-1: pending -> paid -> shipped",
      "rejected order for unknown user bob (io.example.order.UnknownUser)",
    ]);
    // Round robin: each replica answered one of the two good orders; the unknown buyer went to one.
    const served = lines.slice(5, 7).join("\n");
    expect(served.match(/ok 1/g)).toHaveLength(2);
    expect(served.match(/io\.example\.user\.UserNotFound 1/g)).toHaveLength(1);
    expect(lines[7]).toBe("stopped (exit codes 0, 0, 0)");
  },
  spawningTestTimeout(3),
);

it(
  "a configuration mistake is one line on stderr and exit code 2",
  async () => {
    const result = await run(process.execPath, ["--import", "tsx", "packages/order-service/src/main.ts"], {
      cwd: EXAMPLE_DIR,
      env: { ...process.env, USER_SERVICE: "tcp:127.0.0.1:1", DRAIN_TIMEOUT_MS: "soon" },
      timeout: PROCESS_LIMIT_MS,
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(result).toEqual({
      code: 2,
      stderr: "configuration: DRAIN_TIMEOUT_MS: expected a positive integer, got 'soon'\n",
    });
  },
  spawningTestTimeout(1),
);

/** Sends one raw frame to a `tcp:127.0.0.1:PORT` address and resolves with the parsed reply. */
function rawCall(address: string, frame: Buffer): Promise<Record<string, unknown>> {
  const port = Number(address.slice(address.lastIndexOf(":") + 1));
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      const nul = all.indexOf(0);
      if (nul === -1) return;
      socket.destroy();
      resolve(JSON.parse(all.subarray(0, nul).toString("utf8")) as Record<string, unknown>);
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error("closed without a reply")));
    socket.write(frame);
  });
}

it(
  "one hostile order (a 6 MiB username of invalid UTF-8) does not break later orders",
  async () => {
    const user = await startService("user-service", PLAIN);
    const order = await startService("order-service", { ...PLAIN, USER_SERVICE: user.address });
    const client = await VarlinkClient.connect(order.address);
    try {
      const items = [{ sku: "book", quantity: 1, unitPrice: 100 }];
      // 0xff is never valid UTF-8: each byte decodes to U+FFFD, 3 bytes when encoded again.
      const hostile = Buffer.concat([
        Buffer.from('{"method":"io.example.order.CreateOrder","parameters":{"username":"'),
        Buffer.alloc(6 * 1024 * 1024, 0xff),
        Buffer.from(`","items":${JSON.stringify(items)}}}\0`),
      ]);
      const reply = await rawCall(order.address, hostile);
      // Another caller's order still reaches UserService through the shared client.
      const later = await client
        .call("io.example.order.CreateOrder", { username: "ada", items })
        .catch(String);
      expect({ reply, later }).toMatchObject({
        reply: {
          error: "io.example.order.InvalidOrder",
          parameters: { reason: "username is longer than 64 characters" },
        },
        later: { order: { username: "ada", status: "pending" } },
      });
    } finally {
      await client.close();
      await stopService(order);
      await stopService(user);
    }
  },
  spawningTestTimeout(2),
);
