/**
 * Abstract unix sockets (`unix:@name`). Node 20 pads the name to 108 bytes, so its `@name` is not
 * anyone else's: the runtime refuses it there, on both sides, with an AddressError that says why.
 * Node 22+ binds and connects the exact name: checked on Node 24 and Node 22 (VARLINK_NODE24,
 * VARLINK_NODE22, which .ci/run sets), against the kernel's socket table and varlink-go's server.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { AddressError } from "../../packages/runtime/src/errors.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { EXACT_ABSTRACT_NAMES, nodeSocketPath } from "../../packages/runtime/src/transports/address.js";
import { nodeBinary, noNode } from "../helpers/node-versions.js";
import { PROCESS_LIMIT_MS, spawningTestTimeout } from "../helpers/time-limits.js";
import { serverInfo } from "./helpers.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const peer = fileURLToPath(new URL("fixtures/abstract-peer.ts", import.meta.url));
const hasGoCert = (process.env["PATH"] ?? "")
  .split(":")
  .some((dir) => dir !== "" && existsSync(join(dir, "varlink-go-certification")));

const uniqueName = (): string => `vlc-abstract-${randomBytes(6).toString("hex")}`;

/** The names of the listening abstract sockets, as the kernel has them (`@` for each NUL). */
function boundAbstractNames(): string[] {
  return readFileSync("/proc/net/unix", "utf8")
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[7] ?? "")
    .filter((path) => path.startsWith("@"));
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Runs the peer fixture on `node` and resolves with its first line of output. */
function runPeer(node: string, mode: "serve" | "call", address: string): Promise<string> {
  const child = spawn(node, ["--import", "tsx", peer, mode, address], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`abstract-peer ${mode} exited ${code}: ${stderr}`)));
  });
}

describe("nodeSocketPath", () => {
  it.each([
    [{ kind: "unix", path: "/run/x", abstract: false }, true, "/run/x"],
    [{ kind: "unix", path: "/run/x", abstract: false }, false, "/run/x"],
    [{ kind: "unix", path: "x", abstract: true }, true, "\0x"],
  ] as const)("maps %j (exact names: %s) to %j", (address, exact, expected) => {
    expect(nodeSocketPath(address, "unix:...", exact)).toBe(expected);
  });

  it("refuses an abstract name where Node would pad it, and says why", () => {
    const call = (): string => nodeSocketPath({ kind: "unix", path: "x", abstract: true }, "unix:@x", false);
    expect(call).toThrow(AddressError);
    expect(call).toThrow(
      /'unix:@x'.*abstract unix sockets need Node 22 or later: Node .* pads the name to 108 bytes/,
    );
  });
});

describe.runIf(!EXACT_ABSTRACT_NAMES)(`unix:@ on Node ${process.versions.node}`, () => {
  it("a server refuses to listen with an AddressError", async () => {
    const server = new VarlinkServer(serverInfo);
    await expect(server.listen(`unix:@${uniqueName()}`)).rejects.toThrow(/need Node 22 or later/);
    await expect(server.listen(`unix:@${uniqueName()}`)).rejects.toBeInstanceOf(AddressError);
  });

  it("a client refuses to connect with an AddressError", async () => {
    await expect(VarlinkClient.connect(`unix:@${uniqueName()}`)).rejects.toThrow(/need Node 22 or later/);
    await expect(VarlinkClient.connect(`unix:@${uniqueName()}`)).rejects.toBeInstanceOf(AddressError);
  });
});

describe.each([24, 22] as const)("unix:@ on Node %i", (major) => {
  const node = nodeBinary(major);
  it(
    "a server binds the exact name, and a client reaches it",
    async (context) => {
      if (node === undefined) return context.skip(noNode(major));
      const name = uniqueName();
      expect(await runPeer(node!, "serve", `unix:@${name}`)).toBe(`ready unix:@${name}`);
      expect(boundAbstractNames()).toContain(`@${name}`);
      const info = JSON.parse(await runPeer(node!, "call", `unix:@${name}`)) as { product: string };
      expect(info.product).toBe("abstract-peer");
    },
    spawningTestTimeout(2),
  );

  it(
    "a client reaches varlink-go's server on unix:@name",
    async (context) => {
      if (node === undefined) return context.skip(noNode(major));
      if (!hasGoCert) context.skip("varlink-go-certification is not installed");
      const name = uniqueName();
      const go = spawn("varlink-go-certification", ["--varlink", `unix:@${name}`], { stdio: "ignore" });
      children.push(go);
      // No event tells when the Go program has bound its socket: poll, bounded like any process.
      const deadline = Date.now() + PROCESS_LIMIT_MS;
      while (!boundAbstractNames().includes(`@${name}`) && Date.now() < deadline && go.exitCode === null)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(boundAbstractNames()).toContain(`@${name}`);
      const info = JSON.parse(await runPeer(node!, "call", `unix:@${name}`)) as { vendor: string };
      expect(info.vendor).toBe("Varlink");
    },
    spawningTestTimeout(2),
  );
});
