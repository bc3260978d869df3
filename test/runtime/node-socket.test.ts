import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  EXACT_ABSTRACT_NAMES,
  formatAddress,
  parseAddress,
} from "../../packages/runtime/src/transports/address.js";
import { listenFds, varlinkFds } from "../../packages/runtime/src/transports/activation.js";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { AddressError, ConnectionError } from "../../packages/runtime/src/errors.js";
import { listenAbstract, spawnActivated } from "../../packages/runtime/src/transports/exec.js";
import { openSocket } from "../../packages/runtime/src/transports/node-socket.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { PROCESS_LIMIT_MS, spawningTestTimeout } from "../helpers/time-limits.js";
import { serverInfo } from "./helpers.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

describe("parseAddress", () => {
  it.each([
    ["unix:/run/org.example.ftl", { kind: "unix", path: "/run/org.example.ftl", abstract: false }],
    ["unix:/tmp/x.sock;mode=0600", { kind: "unix", path: "/tmp/x.sock", abstract: false, mode: 0o600 }],
    ["unix:@org.example.ftl", { kind: "unix", path: "org.example.ftl", abstract: true }],
    ["tcp:127.0.0.1:12345", { kind: "tcp", host: "127.0.0.1", port: 12345 }],
    ["tcp:localhost:0", { kind: "tcp", host: "localhost", port: 0 }],
    ["tcp:[::1]:12345", { kind: "tcp", host: "::1", port: 12345 }],
    ["exec:/usr/bin/service", { kind: "exec", path: "/usr/bin/service" }],
  ])("parses %s", (text, expected) => {
    const parsed = parseAddress(text);
    expect(parsed).toEqual(expected);
    expect(formatAddress(parsed)).toBe(text);
  });

  it.each([
    ["", /expected 'unix:', 'tcp:', 'tls:' or 'exec:'/],
    ["/run/x", /expected 'unix:'/],
    ["http://x", /unknown scheme 'http'/],
    ["unix:", /missing socket path/],
    ["unix:@", /missing socket path/],
    ["unix:/x;mode=rw", /unexpected option 'mode=rw'/],
    ["unix:/x;user=root", /unexpected option 'user=root'/],
    ["unix:@x;mode=0600", /mode= does not apply to abstract/],
    ["tcp:127.0.0.1", /expected tcp:host:port/],
    ["tcp::80", /missing host/],
    ["tcp:host:http", /invalid port 'http'/],
    ["tcp:host:70000", /invalid port '70000'/],
    ["tcp:::1:80", /must be in brackets/],
    ["tcp:[::1]80", /expected tcp:\[ipv6\]:port/],
    ["tcp:1.2.3.4:5;mode=0600", /unexpected option/],
    ["exec:", /missing program path/],
  ])("rejects %j, naming it", (text, reason) => {
    expect(() => parseAddress(text)).toThrow(AddressError);
    expect(() => parseAddress(text)).toThrow(`invalid varlink address '${text}'`);
    expect(() => parseAddress(text)).toThrow(reason);
  });
});

describe("listenFds (socket activation environment)", () => {
  it.each([
    ["not activated", {}, 10, []],
    ["another process's fds", { LISTEN_PID: "11", LISTEN_FDS: "1" }, 10, []],
    ["a garbage count", { LISTEN_PID: "10", LISTEN_FDS: "x" }, 10, []],
    ["one fd", { LISTEN_PID: "10", LISTEN_FDS: "1" }, 10, [{ fd: 3, name: "unknown" }]],
    [
      "named fds",
      { LISTEN_PID: "10", LISTEN_FDS: "2", LISTEN_FDNAMES: "varlink:other" },
      10,
      [
        { fd: 3, name: "varlink" },
        { fd: 4, name: "other" },
      ],
    ],
  ])("%s", (_name, env, pid, expected) => {
    expect(listenFds({ env, pid })).toEqual(expected);
  });

  // UAPI.20: LISTEN_PIDFDID set and not our pidfd's inode id: the variables MUST be ignored.
  const one = { LISTEN_PID: "10", LISTEN_FDS: "1" };
  it.each([
    ["not a number: matches no pidfd", { ...one, LISTEN_PIDFDID: "x" }, undefined, []],
    ["negative", { ...one, LISTEN_PIDFDID: "-5" }, undefined, []],
    ["beyond 64 bits", { ...one, LISTEN_PIDFDID: "18446744073709551616" }, undefined, []],
    ["another process's pidfd", { ...one, LISTEN_PIDFDID: "77" }, 78n, []],
    [
      "ours",
      { ...one, LISTEN_PIDFDID: "18446744073709551615" },
      2n ** 64n - 1n,
      [{ fd: 3, name: "unknown" }],
    ],
    [
      "ours unknown (plain Node): LISTEN_PID decides",
      { ...one, LISTEN_PIDFDID: "77" },
      undefined,
      [{ fd: 3, name: "unknown" }],
    ],
  ])("LISTEN_PIDFDID %s", (_name, env, pidfdId, expected) => {
    expect(listenFds({ env, pid: 10, ...(pidfdId === undefined ? {} : { pidfdId }) })).toEqual(expected);
  });

  it.each([
    ["one fd, whatever its name", ["other"], [3]],
    ["of several, the one named varlink", ["other", "varlink"], [4]],
    ["of several, every one named varlink", ["varlink", "x", "varlink"], [3, 5]],
    ["of several, none named varlink", ["a", "b"], []],
  ])("varlinkFds: %s", (_name, names, expected) => {
    const fds = names.map((name, i) => ({ fd: 3 + i, name }));
    expect(varlinkFds(fds).map((f) => f.fd)).toEqual(expected);
  });
});

function newServer(): VarlinkServer {
  const server = new VarlinkServer(serverInfo);
  server.addInterface({
    name: "org.example.net",
    description: "interface org.example.net\n",
    methods: { Echo: { handler: (p) => p } },
  });
  return server;
}

let servers: VarlinkServer[] = [];
let clients: VarlinkClient[] = [];
let dir: string;
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close({ timeoutMs: 100 })));
  clients = [];
  servers = [];
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function roundTrip(listenAddress: string): Promise<string> {
  const server = newServer();
  servers.push(server);
  const listener = await server.listen(listenAddress);
  const client = await VarlinkClient.connect(listener.address);
  clients.push(client);
  expect(await client.call("org.example.net.Echo", { text: "héllo" })).toEqual({ text: "héllo" });
  const info = await client.call("org.varlink.service.GetInfo");
  expect(info["interfaces"]).toEqual(["org.varlink.service", "org.example.net"]);
  return listener.address;
}

let ipv6 = false;
beforeAll(async () => {
  // Whether this machine has an IPv6 loopback, detected at run time.
  ipv6 = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen({ host: "::1", port: 0 }, () => probe.close(() => resolve(true)));
  });
});

describe("node sockets", () => {
  it("serves and calls over a unix socket path, and removes the file on close", async () => {
    dir = await mkdtemp(join(tmpdir(), "varlink-test-"));
    const path = join(dir, "s.sock");
    expect(await roundTrip(`unix:${path}`)).toBe(`unix:${path}`);
    await servers[0]?.close();
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });

  it("applies ;mode= to the socket file", async () => {
    dir = await mkdtemp(join(tmpdir(), "varlink-test-"));
    const path = join(dir, "m.sock");
    await roundTrip(`unix:${path};mode=0600`);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("replaces a stale socket file but refuses a live one", async () => {
    dir = await mkdtemp(join(tmpdir(), "varlink-test-"));
    const path = join(dir, "stale.sock");
    // A process that binds the path and dies without cleaning up leaves a stale socket file.
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [
        "-e",
        `require("net").createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, "SIGKILL"))`,
      ]);
      child.once("exit", () => resolve());
      child.once("error", reject);
    });
    expect((await stat(path)).isSocket()).toBe(true);
    await roundTrip(`unix:${path}`);
    const second = newServer();
    servers.push(second);
    await expect(second.listen(`unix:${path}`)).rejects.toThrow(/cannot listen on unix:.*EADDRINUSE/);
  });

  it("bounds close() when the peer never reads what the client wrote", async () => {
    dir = await mkdtemp(join(tmpdir(), "varlink-test-"));
    const path = join(dir, "stalled.sock");
    const peers: net.Socket[] = [];
    // A peer that accepts and never reads: the client's unsent bytes can never drain.
    const stalled = net.createServer((socket) => {
      socket.pause();
      peers.push(socket);
    });
    await new Promise<void>((resolve) => stalled.listen(path, resolve));
    try {
      const client = await VarlinkClient.connect(`unix:${path}`);
      const pending = client.call("org.example.Big", { data: "x".repeat(8 * 1024 * 1024) });
      pending.catch(() => undefined);
      await client.close({ timeoutMs: 100 });
      await expect(pending).rejects.toBeInstanceOf(ConnectionError);
    } finally {
      for (const socket of peers) socket.destroy();
      await new Promise<void>((resolve) => stalled.close(() => resolve()));
    }
  });

  // Node 20 and 22+ both: test/runtime/abstract-socket.test.ts runs this file's peers on Node 24.
  it.runIf(EXACT_ABSTRACT_NAMES)("serves and calls over an abstract unix socket", async () => {
    const name = `varlink-test-${process.pid}-${Date.now()}`;
    expect(await roundTrip(`unix:@${name}`)).toBe(`unix:@${name}`);
  });

  it("serves and calls over tcp on 127.0.0.1, reporting the bound port", async () => {
    const address = await roundTrip("tcp:127.0.0.1:0");
    expect(address).toMatch(/^tcp:127\.0\.0\.1:[1-9]\d*$/);
  });

  it("serves and calls over tcp on [::1] (when the machine has IPv6 loopback)", async (context) => {
    if (!ipv6) context.skip();
    const address = await roundTrip("tcp:[::1]:0");
    expect(address).toMatch(/^tcp:\[::1\]:[1-9]\d*$/);
  });

  it("fails to connect with a ConnectionError naming the address", async () => {
    dir = await mkdtemp(join(tmpdir(), "varlink-test-"));
    const address = `unix:${join(dir, "nobody.sock")}`;
    const error = await VarlinkClient.connect(address).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain(address);
  });

  it("rejects a bad address with an AddressError naming it", async () => {
    await expect(VarlinkClient.connect("tcp:nowhere")).rejects.toThrow(
      "invalid varlink address 'tcp:nowhere'",
    );
    const server = newServer();
    servers.push(server);
    await expect(server.listen("exec:/bin/true")).rejects.toThrow(/exec: addresses are for clients only/);
  });

  it("aborts connecting when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("never mind"));
    await expect(VarlinkClient.connect("tcp:127.0.0.1:9", { signal: controller.signal })).rejects.toThrow(
      "never mind",
    );
  });

  it("answers a client that half-closes after sending its calls, then closes", async () => {
    const server = new VarlinkServer(serverInfo);
    servers.push(server);
    server.addInterface({
      name: "org.example.net",
      description: "",
      methods: {
        Slow: {
          handler: async (p) => {
            await new Promise((r) => setTimeout(r, 20));
            return p;
          },
        },
      },
    });
    const listener = await server.listen("tcp:127.0.0.1:0");
    const port = Number(listener.address.split(":").at(-1));
    const received = await new Promise<string>((resolve, reject) => {
      const socket = net.createConnection({ host: "127.0.0.1", port }, () => {
        socket.end(
          '{"method":"org.example.net.Slow","parameters":{"n":1}}\0{"method":"org.example.net.Slow","parameters":{"n":2}}\0',
        );
      });
      let data = "";
      socket.on("data", (chunk: Buffer) => (data += chunk.toString()));
      socket.once("error", reject);
      socket.once("close", () => resolve(data));
    });
    expect(received).toBe('{"parameters":{"n":1}}\0{"parameters":{"n":2}}\0');
  });

  it("stops reading calls while a socket client does not read its replies", async () => {
    let answered = 0;
    const server = new VarlinkServer(serverInfo);
    servers.push(server);
    const big = "b".repeat(100_000);
    server.addInterface({
      name: "org.example.net",
      description: "",
      methods: { Big: { handler: () => ({ n: answered++, big }) } },
    });
    const listener = await server.listen("tcp:127.0.0.1:0");
    const port = Number(listener.address.split(":").at(-1));
    const socket = net.createConnection({ host: "127.0.0.1", port });
    await new Promise((r) => socket.once("connect", r));
    socket.pause();
    socket.write('{"method":"org.example.net.Big"}\0'.repeat(300));
    // Wait (bounded) until the server has answered some calls and then made no progress for 8
    // polls in a row: its write buffer is full. A single quiet poll is not enough on a loaded
    // machine (the server may not have started yet, or be briefly descheduled).
    let last = -1;
    for (let i = 0, quiet = 0; i < 400 && quiet < 8; i++) {
      await new Promise((r) => setTimeout(r, 25));
      quiet = answered > 0 && answered === last ? quiet + 1 : 0;
      last = answered;
    }
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(300);
    let received = 0;
    // Wait for the 300th reply itself (the test timeout bounds it), not for a number of polls.
    await new Promise<void>((resolve) => {
      socket.on("data", (chunk: Buffer) => {
        for (let i = chunk.indexOf(0); i !== -1; i = chunk.indexOf(0, i + 1)) received++;
        if (received >= 300) resolve();
      });
      socket.resume();
    });
    socket.destroy();
    expect(received).toBe(300);
    expect(answered).toBe(300);
  });

  it("closes a client with a call the server never answers", async () => {
    const server = new VarlinkServer(serverInfo);
    servers.push(server);
    server.addInterface({
      name: "org.example.net",
      description: "",
      methods: { Hang: { handler: () => new Promise(() => {}) } },
    });
    const listener = await server.listen("tcp:127.0.0.1:0");
    const client = await VarlinkClient.connect(listener.address);
    const pending = client.call("org.example.net.Hang").catch((e: unknown) => e);
    await client.close();
    expect(await pending).toBeInstanceOf(ConnectionError);
  });

  it("a client notices the server going away", async () => {
    const server = newServer();
    servers.push(server);
    const listener = await server.listen("tcp:127.0.0.1:0");
    const client = await VarlinkClient.connect(listener.address);
    clients.push(client);
    await client.call("org.example.net.Echo", {});
    await server.close();
    await expect(client.call("org.example.net.Echo", {})).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe("exec: and socket activation", () => {
  async function script(name: string, body: string): Promise<string> {
    dir ??= await mkdtemp(join(tmpdir(), "varlink-test-"));
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  }

  it(
    "spawns a socket-activated node service with LISTEN_FDS=1 and its own LISTEN_PID",
    async () => {
      dir = await mkdtemp(join(tmpdir(), "varlink-test-"));
      const fixture = join(repoRoot, "test/runtime/fixtures/activated-server.ts");
      const path = await script(
        "activated.sh",
        `cd ${JSON.stringify(repoRoot)} && exec ${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(fixture)}`,
      );
      const client = await VarlinkClient.connect(`exec:${path}`);
      clients.push(client);
      const who = await client.call("org.example.activation.Who", {}, { timeoutMs: PROCESS_LIMIT_MS });
      expect(who["listen_pid"]).toBe(String(who["pid"]));
      expect(who["names"]).toBe("varlink");
      expect(who["listeners"]).toEqual(["fd:3"]);
    },
    spawningTestTimeout(1),
  );

  it(
    "serves only the activation fds with the requested names",
    async () => {
      const other = await listenAbstract("test");
      const wanted = await listenAbstract("test");
      let child: ChildProcess;
      try {
        child = spawnActivated(
          process.execPath,
          ["--import", "tsx", join(repoRoot, "test/runtime/fixtures/activated-server.ts")],
          [
            { fd: other.fd, name: "other" },
            { fd: wanted.fd, name: "varlink" },
          ],
          { ACTIVATION_NAMES: "varlink" },
        );
      } finally {
        other.server.close();
        wanted.server.close();
      }
      try {
        const client = await connectOwnAbstract(wanted.name);
        clients.push(client);
        const who = await client.call("org.example.activation.Who", {}, { timeoutMs: PROCESS_LIMIT_MS });
        expect(who["listen_pid"]).toBe(String(who["pid"]));
        expect(who["names"]).toBe("other:varlink");
        expect(who["listeners"]).toEqual(["fd:4"]);
      } finally {
        child.kill("SIGKILL");
      }
    },
    spawningTestTimeout(1),
  );

  /**
   * A client of an abstract socket this process bound with listenAbstract (as exec: does): on
   * Node 20 both ends pad the name alike, where `VarlinkClient.connect("unix:@…")` refuses.
   */
  async function connectOwnAbstract(name: string): Promise<VarlinkClient> {
    return VarlinkClient.fromChannel(await openSocket({ path: `\0${name}` }, `unix:@${name}`));
  }

  /** Spawns the activated-server fixture with two fds, `other` (fd 3) and `varlink` (fd 4). */
  async function spawnTwo(
    extraEnv: Record<string, string> = {},
  ): Promise<{ child: ChildProcess; name: string; exited: Promise<number | null> }> {
    const other = await listenAbstract("test");
    const wanted = await listenAbstract("test");
    try {
      const child = spawnActivated(
        process.execPath,
        ["--import", "tsx", join(repoRoot, "test/runtime/fixtures/activated-server.ts")],
        [
          { fd: other.fd, name: "other" },
          { fd: wanted.fd, name: "varlink" },
        ],
        extraEnv,
      );
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      return { child, name: wanted.name, exited };
    } finally {
      other.server.close();
      wanted.server.close();
    }
  }

  it(
    "of several passed fds serves only the one named varlink (UAPI.20)",
    async () => {
      const { child, name } = await spawnTwo();
      try {
        const client = await connectOwnAbstract(name);
        clients.push(client);
        const who = await client.call("org.example.activation.Who", {}, { timeoutMs: PROCESS_LIMIT_MS });
        expect(who["names"]).toBe("other:varlink");
        expect(who["listeners"]).toEqual(["fd:4"]);
      } finally {
        child.kill("SIGKILL");
      }
    },
    spawningTestTimeout(1),
  );

  it(
    "ignores the variables when LISTEN_PIDFDID cannot be this process's (the service exits 3: not activated)",
    async () => {
      const { child, exited } = await spawnTwo({ LISTEN_PIDFDID: "not-a-pidfd-id" });
      try {
        expect(await exited).toBe(3);
      } finally {
        child.kill("SIGKILL");
      }
    },
    spawningTestTimeout(1),
  );

  it(
    "does not pass its own LISTEN_PIDFDID on to an exec:/activated child",
    async () => {
      const saved = process.env["LISTEN_PIDFDID"];
      process.env["LISTEN_PIDFDID"] = "not-the-child-s";
      let spawned: Awaited<ReturnType<typeof spawnTwo>>;
      try {
        spawned = await spawnTwo();
      } finally {
        if (saved === undefined) delete process.env["LISTEN_PIDFDID"];
        else process.env["LISTEN_PIDFDID"] = saved;
      }
      try {
        const client = await connectOwnAbstract(spawned.name);
        clients.push(client);
        const who = await client.call("org.example.activation.Who", {}, { timeoutMs: PROCESS_LIMIT_MS });
        expect(who["listeners"]).toEqual(["fd:4"]);
      } finally {
        spawned.child.kill("SIGKILL");
      }
    },
    spawningTestTimeout(1),
  );

  it("refuses an exec: path that is not executable, naming the address", async () => {
    dir = await mkdtemp(join(tmpdir(), "varlink-test-"));
    const path = join(dir, "plain.txt");
    await writeFile(path, "");
    await expect(VarlinkClient.connect(`exec:${path}`)).rejects.toThrow(
      `invalid varlink address 'exec:${path}'`,
    );
  });

  it(
    "reports a service that exits without serving as a closed connection",
    async () => {
      dir = await mkdtemp(join(tmpdir(), "varlink-test-"));
      const path = await script("quits.sh", "exit 0");
      const client = await VarlinkClient.connect(`exec:${path}`).catch((e: unknown) => e);
      if (client instanceof VarlinkClient) {
        clients.push(client);
        await expect(
          client.call("org.example.x.Y", {}, { timeoutMs: PROCESS_LIMIT_MS }),
        ).rejects.toBeInstanceOf(ConnectionError);
      } else {
        expect(client).toBeInstanceOf(ConnectionError);
      }
    },
    spawningTestTimeout(1),
  );
});
