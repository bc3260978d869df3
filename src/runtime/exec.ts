/**
 * `exec:` addresses: spawn the service binary with a listening socket as fd 3, the way systemd
 * socket activation hands it over (LISTEN_FDS=1, LISTEN_PID=<child pid>, LISTEN_FDNAMES=varlink),
 * then connect to that socket.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import * as net from "node:net";
// The child's environment starts from ours (PATH, HOME...). Reading it is the one reason this
// module touches node:process.
import { env } from "node:process";
import type { ExecAddress } from "./address.js";
import { AddressError, ConnectionError } from "./errors.js";
import { type SocketChannel, connectSocket } from "./node-socket.js";

/**
 * Node cannot run code between fork and exec, so LISTEN_PID (which must be the service's own
 * pid) is set by a shell that then execs the service, keeping its pid: `$$` is that pid.
 */
const PID_WRAPPER = 'LISTEN_PID=$$; export LISTEN_PID; exec "$0" "$@"';

/** A connection to a spawned service; `stop()` kills the service. @internal */
export interface ExecConnection {
  channel: SocketChannel;
  child: ChildProcess;
  stop(): void;
}

/** Spawns the service at `address.path` and connects to it. @internal */
export async function connectExec(
  address: ExecAddress,
  text: string,
  signal?: AbortSignal,
): Promise<ExecConnection> {
  try {
    await access(address.path, constants.X_OK);
  } catch (error) {
    throw new AddressError(text, `'${address.path}' is not an executable file (${(error as Error).message})`);
  }
  // An abstract socket: no file to clean up, and nothing for libuv to unlink when our copy of
  // the listener is closed below.
  const name = `varlink-exec-${randomBytes(12).toString("hex")}`;
  const listener = net.createServer();
  await new Promise<void>((resolve, reject) => {
    listener.once("error", (error) =>
      reject(
        new ConnectionError(`exec ${address.path}: cannot create the listening socket: ${error.message}`),
      ),
    );
    listener.listen({ path: `\0${name}` }, resolve);
  });
  // node:net has no public accessor for a listener's fd; the handle has one on POSIX.
  const fd = (listener as unknown as { _handle: { fd: number } })._handle.fd;
  let child: ChildProcess;
  try {
    child = spawn("/bin/sh", ["-c", PID_WRAPPER, address.path], {
      stdio: ["ignore", "inherit", "inherit", fd],
      env: { ...env, LISTEN_FDS: "1", LISTEN_FDNAMES: "varlink" },
    });
  } finally {
    // The child has its own copy of the fd; ours must not accept the connection ourselves.
    listener.close();
  }
  child.on("error", () => {});
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  try {
    const channel = await connectSocket({ kind: "unix", path: name, abstract: true }, text, signal);
    return { channel, child, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
