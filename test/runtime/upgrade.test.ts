/**
 * `upgrade` (UAPI.20) over real unix and tcp sockets: the confirming reply, then raw bytes;
 * neither side consumes a byte past the NUL of the call / reply, including bytes that arrive in
 * the same read as the message.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { type Server, type Socket, connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import {
  ConnectionError,
  ExpectedUpgradeError,
  isExpectedUpgrade,
} from "../../packages/runtime/src/errors.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { deferred, serverInfo } from "./helpers.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "varlink-upgrade-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let server: VarlinkServer | undefined;
let lateOutcome = deferred<string>();
let blockedOutcome = deferred<string>();
let started = { late: deferred(), blocked: deferred() };
afterEach(async () => {
  await server?.close({ timeoutMs: 100 });
  server = undefined;
});

/** Reads from a paused stream until `n` bytes arrived (or it ended). */
function readBytes(stream: Duplex, n: number): Promise<string> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= n) done();
    };
    const done = (): void => {
      stream.off("data", onData);
      stream.pause();
      resolve(got.toString("latin1"));
    };
    stream.on("data", onData);
    stream.once("end", done);
    stream.resume();
  });
}

/**
 * `Shout` requires upgrade: it confirms with `{ ok: true }`, sends "hi!" at once, then answers
 * every chunk upper-cased. `Refuse` throws before accepting. `Plain` returns without accepting.
 */
function upgradeServer(): VarlinkServer {
  server = new VarlinkServer(serverInfo);
  server.addInterface({
    name: "org.example.up",
    description: "interface org.example.up\nmethod Shout() -> (ok: bool)\n",
    methods: {
      Shout: {
        upgrade: "requires",
        handler: async (_p, context) => {
          const stream = await context.acceptUpgrade({ ok: true });
          stream.write("hi!");
          stream.on("data", (chunk: Buffer) => stream.write(chunk.toString("latin1").toUpperCase()));
          stream.on("end", () => stream.end());
          stream.resume();
        },
      },
      Refuse: {
        upgrade: "supports",
        handler: () => {
          throw new ExpectedUpgradeError();
        },
      },
      Plain: { handler: () => ({ plain: true }) },
      // Returns the upgraded stream (a Duplex is async-iterable): it must stay the handler's.
      Echo: {
        upgrade: "requires",
        handler: async (_p, context) => {
          const stream = await context.acceptUpgrade({});
          stream.pipe(stream);
          return stream as unknown as object;
        },
      },
      // Accepts only after the connection is gone: acceptUpgrade must reject, not hang.
      Late: {
        handler: async (_p, context) => {
          started.late.resolve();
          await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
          lateOutcome.resolve(
            await context.acceptUpgrade({}).then(
              () => "resolved",
              (e: Error) => e.message,
            ),
          );
        },
      },
      // Accepts at once, but a call before it never finishes; the connection goes away.
      Blocked: {
        handler: async (_p, context) => {
          started.blocked.resolve();
          blockedOutcome.resolve(
            await context.acceptUpgrade({}).then(
              () => "resolved",
              (e: Error) => e.message,
            ),
          );
        },
      },
      Hang: { handler: () => new Promise<never>(() => {}) },
    },
  });
  return server;
}

const addresses = (name: string): string[] => [`unix:${join(dir, name)}`, "tcp:127.0.0.1:0"];

describe.each(["unix", "tcp"])("upgrade over %s", (kind) => {
  async function listen(): Promise<string> {
    const address = addresses(`s-${Math.random().toString(36).slice(2)}`)[kind === "unix" ? 0 : 1]!;
    return (await upgradeServer().listen(address)).address;
  }

  function rawConnect(address: string): Promise<Socket> {
    const socket =
      kind === "unix"
        ? connect(address.slice("unix:".length))
        : connect(Number(address.slice(address.lastIndexOf(":") + 1)), "127.0.0.1");
    return new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("error", reject);
    });
  }

  it("client and server: reply, then raw bytes both ways", { timeout: 30_000 }, async () => {
    const address = await listen();
    const client = await VarlinkClient.connect(address);
    const { parameters, stream } = await client.callUpgrade("org.example.up.Shout");
    expect(parameters).toEqual({ ok: true });
    expect(await readBytes(stream, 3)).toBe("hi!");
    stream.write("hello");
    expect(await readBytes(stream, 5)).toBe("HELLO");
    stream.end();
    await new Promise((resolve) => stream.once("close", resolve));
  });

  it(
    "the server reads no byte past the call's NUL: raw bytes in the same write reach the handler",
    {
      timeout: 30_000,
    },
    async () => {
      const address = await listen();
      const socket = await rawConnect(address);
      // A Varlink call, the upgrade call and raw bytes, in one write.
      socket.write(
        '{"method":"org.varlink.service.GetInfo"}\0{"method":"org.example.up.Shout","upgrade":true}\0early',
      );
      let got = "";
      await new Promise<void>((resolve) => {
        socket.on("data", (chunk: Buffer) => {
          got += chunk.toString("latin1");
          if (got.endsWith("EARLY")) resolve();
        });
        socket.resume();
      });
      const frames = got.split("\0");
      expect(frames).toHaveLength(3);
      expect(JSON.parse(frames[0]!)).toMatchObject({ parameters: { vendor: serverInfo.vendor } });
      expect(JSON.parse(frames[1]!)).toEqual({ parameters: { ok: true } });
      expect(frames[2]).toBe("hi!EARLY");
      socket.destroy();
    },
  );

  it(
    "the client reads no byte past the reply's NUL: bytes sent with the reply start the stream",
    {
      timeout: 30_000,
    },
    async () => {
      const raw: Server = createServer((socket) => {
        socket.once("data", () => socket.write('{"parameters":{"ok":1}}\0raw\0bytes{'));
      });
      const address = kind === "unix" ? join(dir, `raw-${Math.random().toString(36).slice(2)}`) : undefined;
      await new Promise<void>((resolve) =>
        address === undefined ? raw.listen(0, "127.0.0.1", resolve) : raw.listen(address, resolve),
      );
      const target =
        address === undefined
          ? `tcp:127.0.0.1:${(raw.address() as { port: number }).port}`
          : `unix:${address}`;
      const client = await VarlinkClient.connect(target);
      const { parameters, stream } = await client.callUpgrade("org.example.up.Shout");
      expect(parameters).toEqual({ ok: 1 });
      expect(await readBytes(stream, 10)).toBe("raw\0bytes{");
      stream.destroy();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    },
  );

  it(
    "raw bytes that look like Varlink calls, in the same write as the upgrade call, are the stream's",
    { timeout: 30_000 },
    async () => {
      const address = await listen();
      const socket = await rawConnect(address);
      const raw = 'raw\0{"method":"org.varlink.service.GetInfo"}\0';
      socket.write(`{"method":"org.example.up.Shout","upgrade":true}\0${raw}`);
      const expected = `{"parameters":{"ok":true}}\0hi!${raw.toUpperCase()}`;
      let got = "";
      await new Promise<void>((resolve) => {
        socket.on("data", (chunk: Buffer) => {
          got += chunk.toString("latin1");
          if (got.length >= expected.length) resolve();
        });
        socket.on("close", () => resolve());
        socket.resume();
      });
      expect(got).toBe(expected);
      socket.destroy();
    },
  );

  it("a handler that returns the upgraded stream keeps it", { timeout: 30_000 }, async () => {
    const address = await listen();
    const client = await VarlinkClient.connect(address);
    const { stream } = await client.callUpgrade("org.example.up.Echo");
    stream.write("one");
    expect(await readBytes(stream, 3)).toBe("one");
    stream.write("two");
    expect(await readBytes(stream, 3)).toBe("two");
    stream.destroy();
  });

  it(
    "an onReply observer that throws on the confirmation: the call rejects, the client is done",
    {
      timeout: 30_000,
    },
    async () => {
      const address = await listen();
      const client = await VarlinkClient.connect(address);
      const observer = new Error("observer failed");
      const outcome = await client
        .callUpgrade(
          "org.example.up.Shout",
          {},
          {
            onReply: () => {
              throw observer;
            },
          },
        )
        .catch((e: unknown) => e);
      expect(outcome).toBe(observer);
      expect(client.closed).toBe(true);
      await expect(client.call("org.varlink.service.GetInfo")).rejects.toBeInstanceOf(ConnectionError);
      await client.close();
    },
  );

  it("no call is made after callUpgrade; calls before it are answered", { timeout: 30_000 }, async () => {
    const address = await listen();
    const client = await VarlinkClient.connect(address);
    const before = client.call("org.varlink.service.GetInfo");
    const upgraded = client.callUpgrade("org.example.up.Shout");
    await expect(client.call("org.varlink.service.GetInfo")).rejects.toThrow(/being upgraded/);
    await expect(client.callOneway("org.varlink.service.GetInfo")).rejects.toBeInstanceOf(ConnectionError);
    expect(await before).toMatchObject({ vendor: serverInfo.vendor });
    const { stream } = await upgraded;
    await expect(client.call("org.varlink.service.GetInfo")).rejects.toThrow(
      /was upgraded by org\.example\.up\.Shout/,
    );
    expect(client.closed).toBe(true);
    await client.close();
    stream.destroy();
  });

  it("an error reply leaves a Varlink connection on both sides", { timeout: 30_000 }, async () => {
    const address = await listen();
    const client = await VarlinkClient.connect(address);
    const refused = await client.callUpgrade("org.example.up.Refuse").catch((e: unknown) => e);
    expect(isExpectedUpgrade(refused)).toBe(true);
    expect(await client.call("org.varlink.service.GetInfo")).toMatchObject({ vendor: serverInfo.vendor });
    await client.close();
  });

  it("a method that requires upgrade answers ExpectedUpgrade without it", { timeout: 30_000 }, async () => {
    const address = await listen();
    const client = await VarlinkClient.connect(address);
    const error = await client.call("org.example.up.Shout").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExpectedUpgradeError);
    expect(await client.call("org.varlink.service.GetInfo")).toMatchObject({ vendor: serverInfo.vendor });
    await client.close();
  });

  it(
    "acceptUpgrade() rejects once the connection is gone (before, or while waiting for its turn)",
    {
      timeout: 30_000,
    },
    async () => {
      lateOutcome = deferred<string>();
      blockedOutcome = deferred<string>();
      started = { late: deferred(), blocked: deferred() };
      const address = await listen();
      const late = await rawConnect(address);
      late.write('{"method":"org.example.up.Late","upgrade":true}\0');
      const blocked = await rawConnect(address);
      blocked.write('{"method":"org.example.up.Hang"}\0{"method":"org.example.up.Blocked","upgrade":true}\0');
      // Both calls are read and their handlers waiting; then the connections are closed by force
      // (a paused server connection does not see a client leave: docs/hardening.md).
      await started.late.promise;
      await started.blocked.promise;
      await server?.close({ timeoutMs: 10 });
      late.destroy();
      blocked.destroy();
      expect(await lateOutcome.promise).toBe("connection closed");
      expect(await blockedOutcome.promise).toBe("connection closed");
    },
  );

  it(
    "a handler that replies without accepting: the reply confirms, then the connection closes",
    {
      timeout: 30_000,
    },
    async () => {
      const address = await listen();
      const client = await VarlinkClient.connect(address);
      const { parameters, stream } = await client.callUpgrade("org.example.up.Plain");
      expect(parameters).toEqual({ plain: true });
      expect(await readBytes(stream, 1)).toBe("");
      stream.destroy();
    },
  );
});
