/**
 * examples/microservice: io.example.user and io.example.order generated from the fixtures,
 * compiled with the example's sources under strict settings, started on loopback TCP and called
 * (CreateOrder calls UserService.GetUserInfo; an unknown buyer comes back as a typed error).
 */
import * as net from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { buildProject, type GeneratedProject } from "../helpers/generated-project.js";
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";

let project: GeneratedProject | undefined;
beforeAll(async () => {
  project = await buildProject(
    ["io.example.user", "io.example.order"],
    ["limits.ts", "user-service.ts", "order-service.ts", "main.ts"].map((f) => `examples/microservice/${f}`),
    {},
    "generated",
  );
}, PROCESS_LIMIT_MS);
afterAll(async () => {
  await project?.remove();
});

it("the microservice example compiles, starts and serves its scenario", async () => {
  const example = await project!.load<{ runExample(log: (line: string) => void): Promise<void> }>("main.ts");
  const lines: string[] = [];
  await example.runExample((line) => lines.push(line));
  expect(lines[0]).toMatch(/^UserService on tcp:127\.0\.0\.1:\d+, OrderService on tcp:127\.0\.0\.1:\d+$/);
  expect(lines.slice(1)).toEqual([
    "created user ada (admin)",
    "order order-1 for ada: total 3000, pending",
    "order order-1: pending",
    "order order-1: paid",
    "order order-1: shipped",
    "rejected order for unknown user bob (io.example.order.UnknownUser)",
  ]);
});

interface Started {
  address: string;
  close?(): Promise<void>;
  server: { close(): Promise<void> };
}

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

it("one hostile order (a 6 MiB username of invalid UTF-8) does not break later orders", async () => {
  const { startUserService } = await project!.load<{ startUserService(a: string): Promise<Started> }>(
    "user-service.ts",
  );
  const { startOrderService } = await project!.load<{
    startOrderService(a: string, u: string): Promise<Started>;
  }>("order-service.ts");
  const userService = await startUserService("tcp:127.0.0.1:0");
  const orderService = await startOrderService("tcp:127.0.0.1:0", userService.address);
  const client = await VarlinkClient.connect(orderService.address);
  try {
    const users = await VarlinkClient.connect(userService.address);
    await users.call("io.example.user.CreateUser", { username: "ada", email: "ada@example.org" });
    await users.close();
    const items = [{ sku: "book", quantity: 1, unitPrice: 100 }];

    // 0xff is never valid UTF-8: each byte decodes to U+FFFD, 3 bytes when encoded again.
    const hostile = Buffer.concat([
      Buffer.from('{"method":"io.example.order.CreateOrder","parameters":{"username":"'),
      Buffer.alloc(6 * 1024 * 1024, 0xff),
      Buffer.from(`","items":${JSON.stringify(items)}}}\0`),
    ]);
    const reply = await rawCall(orderService.address, hostile);
    // Another caller's order still reaches UserService through the shared client.
    const later = await client.call("io.example.order.CreateOrder", { username: "ada", items }).catch(String);
    expect({ reply, later }).toMatchObject({
      reply: {
        error: "io.example.order.InvalidOrder",
        parameters: { reason: "username is longer than 64 characters" },
      },
      later: { order: { username: "ada", status: "pending" } },
    });
  } finally {
    await client.close();
    await orderService.close?.();
    await userService.server.close();
  }
});
