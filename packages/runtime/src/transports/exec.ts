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
import { AddressError, ConnectionError } from "../errors.js";
import { type SocketChannel, openSocket } from "./node-socket.js";

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
  const socket = await listenAbstract(`exec ${address.path}`);
  let child: ChildProcess;
  try {
    child = spawnActivated(address.path, [], [{ fd: socket.fd, name: "varlink" }]);
  } finally {
    // The child has its own copy of the fd; ours must not accept the connection ourselves.
    socket.server.close();
  }
  child.on("error", () => {});
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  try {
    const channel = await openSocket({ path: `\0${socket.name}` }, text, signal);
    return { channel, child, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** A listening socket in the abstract namespace, and its fd, to hand to a child. @internal */
export interface AbstractListener {
  server: net.Server;
  /** The abstract name (without the leading NUL). */
  name: string;
  fd: number;
}

/**
 * Listens on a fresh abstract socket: no file to clean up, and nothing for libuv to unlink
 * when our copy of the listener is closed after handing it to a child.
 * @internal
 */
export async function listenAbstract(purpose: string): Promise<AbstractListener> {
  const name = `varlink-exec-${randomBytes(12).toString("hex")}`;
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(new ConnectionError(`${purpose}: cannot create the listening socket: ${error.message}`)),
    );
    server.listen({ path: `\0${name}` }, resolve);
  });
  // node:net has no public accessor for a listener's fd; the handle has one on POSIX.
  const fd = (server as unknown as { _handle: { fd: number } })._handle.fd;
  return { server, name, fd };
}

/**
 * Spawns `program` socket-activated: `fds` become its fds 3, 4, ..., with LISTEN_FDS,
 * LISTEN_FDNAMES and (through the shell wrapper) LISTEN_PID set. Its stdout is discarded (it
 * must not mix with ours), its stderr is ours.
 * @internal
 */
export function spawnActivated(
  program: string,
  args: readonly string[],
  fds: readonly { fd: number; name: string }[],
  extraEnv: Readonly<Record<string, string>> = {},
): ChildProcess {
  return spawn("/bin/sh", ["-c", PID_WRAPPER, program, ...args], {
    stdio: ["ignore", "ignore", "inherit", ...fds.map((f) => f.fd)],
    env: {
      // Our own LISTEN_PIDFDID (if we were activated) names our pidfd, not the child's: passed
      // on, it would make the child ignore its fds. We cannot compute the child's (no pidfd in Node).
      ...withoutPidfdId(env),
      ...extraEnv,
      LISTEN_FDS: String(fds.length),
      LISTEN_FDNAMES: fds.map((f) => f.name).join(":"),
    },
  });
}

function withoutPidfdId(from: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { LISTEN_PIDFDID: _ours, ...rest } = from;
  return rest;
}
