/**
 * The child-stdio channel behind `ssh-unix:`, `ssh-exec:` and `--bridge`: calls go through a
 * command's stdin/stdout; a command that dies or cannot start is a ConnectionError (never an
 * unhandled EPIPE); closing the client ends the command.
 */
import type { ChildProcess } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConnectionError, VarlinkClient, VarlinkServer } from "../../packages/runtime/src/index.js";
import {
  connectProcess,
  type ProcessChannel,
} from "../../packages/runtime/src/transports/process-channel.js";
import { tempDir } from "../helpers/cli.js";
import { writeStdioBridge } from "../helpers/stdio-bridge.js";

let tmp: ReturnType<typeof tempDir>;
let server: VarlinkServer;
let socket: string;
beforeEach(async () => {
  tmp = tempDir("vlc-process-channel-");
  server = new VarlinkServer({ vendor: "t", product: "p", version: "1", url: "u" });
  socket = `${tmp.dir}/s.sock`;
  await server.listen(`unix:${socket}`);
});
afterEach(async () => {
  await server.close();
  tmp.remove();
});

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));

describe("connectProcess", () => {
  it("carries calls over the command's stdio, and close() ends the command", async () => {
    writeStdioBridge(tmp.dir);
    let channel: ProcessChannel | undefined;
    const client = await VarlinkClient.connect({
      connect: async () =>
        (channel = await connectProcess(process.execPath, [`${tmp.dir}/bridge.mjs`, socket], "bridge")),
    });
    expect(await client.call("org.varlink.service.GetInfo")).toMatchObject({ product: "p" });
    await client.close();
    await exited(channel!.child);
  });

  it.each([
    ["exits at once", ["-e", "process.exit(3)"]],
    ["reads, then exits without answering", ["-e", "process.stdin.once('data', () => process.exit(0))"]],
  ])("a command that %s fails the call with a ConnectionError", async (_name, args) => {
    const client = await VarlinkClient.connect({
      connect: () => connectProcess(process.execPath, args, "dying"),
    });
    await expect(client.call("org.varlink.service.GetInfo")).rejects.toBeInstanceOf(ConnectionError);
    await client.close();
  });

  it("a command that cannot start is a ConnectionError naming it", async () => {
    await expect(connectProcess(`${tmp.dir}/missing`, [], "bridge 'missing'")).rejects.toThrow(
      /cannot connect to bridge 'missing': spawn .*missing ENOENT/,
    );
  });
});

describe("ssh-unix: through $SYSTEMD_SSH", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env["SYSTEMD_SSH"] = saved["SYSTEMD_SSH"];
    process.env["FAKE_SSH_SOCKET"] = saved["FAKE_SSH_SOCKET"];
    if (saved["SYSTEMD_SSH"] === undefined) delete process.env["SYSTEMD_SSH"];
    if (saved["FAKE_SSH_SOCKET"] === undefined) delete process.env["FAKE_SSH_SOCKET"];
  });

  it("VarlinkClient.connect('ssh-unix:host:/path') talks through ssh -W", async () => {
    process.env["SYSTEMD_SSH"] = writeStdioBridge(tmp.dir).ssh;
    process.env["FAKE_SSH_SOCKET"] = socket;
    const client = await VarlinkClient.connect("ssh-unix:somehost:/run/whatever");
    expect(await client.call("org.varlink.service.GetInfo")).toMatchObject({ vendor: "t" });
    await client.close();
  });
});
