/**
 * systemd socket activation: the listening sockets a service manager passed us (sd_listen_fds).
 */
// Socket activation is defined by environment variables and our pid; this module only reads them.
import { env as processEnv, pid as processPid } from "node:process";

/** One inherited listening socket. */
export interface ActivationFd {
  /** The file descriptor (3, 4, ...). */
  readonly fd: number;
  /** Its name from LISTEN_FDNAMES (`"unknown"` when not given, like systemd). */
  readonly name: string;
}

/** Where to read the activation variables from (defaults: this process). */
export interface ActivationEnvironment {
  env?: Readonly<Record<string, string | undefined>>;
  pid?: number;
}

/**
 * The sockets passed by socket activation: empty unless LISTEN_PID is our pid and LISTEN_FDS a
 * positive count. Like sd_listen_fds: fds start at 3; LISTEN_FDNAMES is colon-separated.
 */
export function listenFds(from: ActivationEnvironment = {}): ActivationFd[] {
  const env = from.env ?? processEnv;
  const pid = from.pid ?? processPid;
  const listenPid = env["LISTEN_PID"];
  const listenFdsText = env["LISTEN_FDS"];
  if (listenPid === undefined || listenFdsText === undefined) return [];
  if (!/^\d+$/.test(listenPid) || Number(listenPid) !== pid) return [];
  if (!/^\d+$/.test(listenFdsText)) return [];
  const count = Number(listenFdsText);
  const names = env["LISTEN_FDNAMES"]?.split(":") ?? [];
  const fds: ActivationFd[] = [];
  for (let i = 0; i < count; i++) fds.push({ fd: 3 + i, name: names[i] ?? "unknown" });
  return fds;
}
