/**
 * Certification against the reference implementation (varlink-go-certification, from the
 * Debian package varlink-go): our client against its server, its client against our server,
 * over unix and tcp, plus the npm scripts' exit codes.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmod, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { CERTIFICATION_STEPS, type CertificationReplies } from "../../scripts/certification/data.js";
import type { MethodDefinition } from "../../packages/runtime/src/server/definitions.js";
import { runCertification } from "../../scripts/certification/run-client.js";
import { createCertificationInterface } from "../../scripts/certification/service.js";
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";

const GO_CERT = "varlink-go-certification";
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

let children: ChildProcess[] = [];
let servers: VarlinkServer[] = [];
let clients: VarlinkClient[] = [];
let dir: string | undefined;

beforeAll(() => {
  try {
    execFileSync("sh", ["-c", `command -v ${GO_CERT}`]);
  } catch {
    throw new Error(`${GO_CERT} is not installed (apt-get install varlink-go)`);
  }
});

afterEach(async () => {
  await Promise.all(children.map(stopChild));
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close({ timeoutMs: 100 })));
  children = [];
  clients = [];
  servers = [];
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Kills a child that is still running and waits for its exit, so no peer outlives its test. */
async function stopChild(child: ChildProcess): Promise<void> {
  // No pid: the spawn failed, there is nothing to kill and no exit event will come.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // A detached child (npx) leads its own process group: killing the group takes its node child too.
  // Any other child is not a group leader, so the group kill fails (ESRCH) and it is killed alone.
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
  await exited;
}

async function tempDir(): Promise<string> {
  dir ??= await mkdtemp(join(tmpdir(), "varlink-cert-"));
  return dir;
}

/** A free tcp port on 127.0.0.1 (bound then released, for a peer we cannot ask for port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen({ host: "127.0.0.1", port: 0 }, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Waits (bounded poll) until something accepts connections at the address; false when `child`
 * (the process expected to listen there) exits first.
 */
async function waitListening(
  address: { path: string } | { host: string; port: number },
  child?: ChildProcess,
): Promise<boolean> {
  const deadline = Date.now() + PROCESS_LIMIT_MS;
  for (;;) {
    if (child !== undefined && (child.exitCode !== null || child.signalCode !== null)) return false;
    const up = await new Promise<boolean>((resolve) => {
      const probe = net.createConnection(address);
      probe.once("connect", () => {
        probe.destroy();
        resolve(true);
      });
      probe.once("error", () => resolve(false));
    });
    if (up) return true;
    if (Date.now() > deadline)
      throw new Error(`nothing listening at ${JSON.stringify(address)} after ${PROCESS_LIMIT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts the Go reference server; resolves with the address once it accepts connections. For
 * tcp the port is picked free beforehand (the Go program cannot report a port 0 binding), so a
 * server that exits early (port taken meanwhile) is retried on another port.
 */
async function startGoServer(kind: "unix" | "tcp"): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    let address: string;
    let target: { path: string } | { host: string; port: number };
    if (kind === "unix") {
      const path = join(await tempDir(), `go-${attempt}.sock`);
      address = `unix:${path}`;
      target = { path };
    } else {
      const port = await freePort();
      address = `tcp:127.0.0.1:${port}`;
      target = { host: "127.0.0.1", port };
    }
    const child = spawn(GO_CERT, ["--varlink", address], { stdio: ["ignore", "ignore", "inherit"] });
    children.push(child);
    if (await waitListening(target, child)) return address;
  }
  throw new Error(`${GO_CERT} did not start listening (3 attempts)`);
}

/** Runs a program to completion (bounded); returns its exit code and stdout. */
function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), PROCESS_LIMIT_MS);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: stdout + stderr });
    });
  });
}

/** What `npm run cert:client -- --varlink ADDRESS` runs. */
function runCertClientScript(address: string): Promise<{ code: number | null; stdout: string }> {
  return run("npx", ["tsx", "scripts/certification/client.ts", "--varlink", address]);
}

/** Replies another conformant server might choose: none of the reference server's values. */
const OTHER_REPLIES: CertificationReplies = {
  Test01: { bool: false },
  Test02: { int: -7 },
  Test03: { float: 0.5 },
  Test04: { string: "pong" },
  Test05: { bool: true, int: 42, float: -1.25, string: "other" },
  Test06: { struct: { bool: true, int: 42, float: -1.25, string: "other" } },
  Test07: { map: { alpha: "A", beta: "B", gamma: "" } },
  Test08: { set: { red: {}, green: {} } },
  Test09: {
    mytype: {
      object: { anything: [1, "two"] },
      enum: "three",
      struct: { first: -1, second: "minus one" },
      array: [],
      dictionary: { key: "value" },
      stringset: { only: {} },
      nullable: "present",
      nullable_array_struct: [{ first: 5, second: "five" }],
      interface: { foo: [{ x: "baz" }, null], anon: { foo: false, bar: true } },
    },
  },
  Test10: ["first", "second", "third"],
};

async function startOurServer(
  address: string,
  options: { replies?: CertificationReplies; tamper?: Record<string, MethodDefinition> } = {},
): Promise<string> {
  const server = new VarlinkServer({ vendor: "test", product: "cert", version: "1", url: "" });
  const definition = createCertificationInterface(options.replies);
  // A server that answers some methods wrongly: a correct client must notice.
  if (options.tamper !== undefined) definition.methods = { ...definition.methods, ...options.tamper };
  server.addInterface(definition);
  servers.push(server);
  return (await server.listen(address)).address;
}

/** Test03 answers a string where the interface says float. */
const WRONG_TYPE = { Test03: { handler: () => ({ float: "1.0" }) } };

describe("our client against the reference server", () => {
  it.each(["unix", "tcp"] as const)("passes over %s", async (kind) => {
    const address = await startGoServer(kind);
    const client = await VarlinkClient.connect(address);
    clients.push(client);
    const result = await runCertification(client);
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.lines.at(-1)).toBe("End: 'true'");
    expect(result.lines).toHaveLength(CERTIFICATION_STEPS.length + 1);
  });

  it("passes over exec: (the reference server socket-activated by our client)", async () => {
    const path = join(await tempDir(), "go-activated.sh");
    // varlink/go prefers an activation socket over its --varlink address.
    await writeFile(
      path,
      `#!/bin/sh\nexec ${GO_CERT} --varlink unix:${join(await tempDir(), "unused.sock")}\n`,
    );
    await chmod(path, 0o755);
    const client = await VarlinkClient.connect(`exec:${path}`);
    clients.push(client);
    const result = await runCertification(client);
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    await expect(stat(join(await tempDir(), "unused.sock"))).rejects.toThrow(/ENOENT/);
  });

  it("npm run cert:client exits 0 and prints the End result", async () => {
    const address = await startGoServer("unix");
    const { code, stdout } = await runCertClientScript(address);
    expect(stdout).toContain("End: 'true'");
    expect(code).toBe(0);
  });
});

describe("a server with its own choice of values (map keys, strings, MyType)", () => {
  it("our client passes: it checks replies against the interface, not the reference server's values", async () => {
    const address = await startOurServer("tcp:127.0.0.1:0", { replies: OTHER_REPLIES });
    const client = await VarlinkClient.connect(address);
    clients.push(client);
    const result = await runCertification(client);
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.lines).toContain(`Test07: '{"alpha":"A","beta":"B","gamma":""}'`);
    expect(result.lines.at(-1)).toBe("End: 'true'");
  });

  it("the reference client passes too (the alternative server is conformant)", async () => {
    const address = await startOurServer(`unix:${join(await tempDir(), "other.sock")}`, {
      replies: OTHER_REPLIES,
    });
    const { code, stdout } = await run(GO_CERT, ["--client", "--varlink", address]);
    expect(stdout).toContain("End: 'true'");
    expect(code).toBe(0);
  });
});

describe("the reference client against our server", () => {
  it.each([
    ["unix", async () => `unix:${join(await tempDir(), "ours.sock")}`],
    ["tcp", async () => "tcp:127.0.0.1:0"],
  ])("passes over %s", async (_kind, makeAddress) => {
    const address = await startOurServer(await makeAddress());
    const { code, stdout } = await run(GO_CERT, ["--client", "--varlink", address]);
    expect(stdout).toContain("End: 'true'");
    expect(code).toBe(0);
  });

  it("our server answers all_ok: false to a client that deviates", async () => {
    const address = await startOurServer("tcp:127.0.0.1:0");
    const client = await VarlinkClient.connect(address);
    clients.push(client);
    const { client_id } = (await client.call("org.varlink.certification.Start")) as { client_id: string };
    await client.call("org.varlink.certification.Test01", { client_id });
    const error = await client
      .call("org.varlink.certification.Test02", { client_id, bool: false })
      .catch((e: { error?: string; parameters?: unknown }) => e);
    expect(error).toMatchObject({
      error: "org.varlink.certification.CertificationError",
      parameters: { wants: { parameters: { bool: true } }, got: { parameters: { bool: false } } },
    });
    await expect(
      client.call("org.varlink.certification.Test03", { client_id: "nobody", int: 1 }),
    ).rejects.toMatchObject({ error: "org.varlink.certification.ClientIdError" });
  });
});

describe("certification client exit codes", () => {
  it.each([
    ["a reply of the wrong type", WRONG_TYPE, /^Test03: .*float.*expected float, got "1.0"/],
    [
      "a single Test10 reply",
      { Test10: { handler: () => ({ string: "only" }), more: "supports" as const } },
      /^Test10: got 1 replies, wants more than one/,
    ],
    ["all_ok: false from End", { End: { handler: () => ({ all_ok: false }) } }, /^End: all_ok is false/],
  ])("fails (in process) against a server that answers %s", async (_what, tamper, failure) => {
    const address = await startOurServer("tcp:127.0.0.1:0", { tamper });
    const client = await VarlinkClient.connect(address);
    clients.push(client);
    const result = await runCertification(client);
    expect(result.ok).toBe(false);
    expect(result.failure).toMatch(failure);
  });

  it("npm run cert:client exits non-zero against a server that answers wrongly", async () => {
    const address = await startOurServer("tcp:127.0.0.1:0", { tamper: WRONG_TYPE });
    const { code, stdout } = await runCertClientScript(address);
    expect(stdout).toContain("FAILED: Test03");
    expect(code).toBe(1);
  });

  it("npm run cert:server serves the reference client", async () => {
    const path = join(await tempDir(), "script.sock");
    const child = spawn("npx", ["tsx", "scripts/certification/server.ts", "--varlink", `unix:${path}`], {
      cwd: repoRoot,
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    });
    children.push(child);
    try {
      await waitListening({ path });
      const { code, stdout } = await run(GO_CERT, ["--client", "--varlink", `unix:${path}`]);
      expect(stdout).toContain("End: 'true'");
      expect(code).toBe(0);
    } finally {
      // npx starts node as a child: end the whole process group.
      if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    }
  });
});
