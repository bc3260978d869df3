/**
 * systemd socket activation: the listening sockets a service manager passed us (sd_listen_fds),
 * and which of them a Varlink service serves (UAPI.20, "Socket Activation").
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
  /**
   * The inode id of a pidfd for this process (`fstat(pidfd_open(getpid())).st_ino` on pidfs), to
   * compare with LISTEN_PIDFDID. Node cannot open a pidfd without native code, so by default it
   * is unknown and LISTEN_PIDFDID is only checked for being a number (see `listenFds`).
   */
  pidfdId?: bigint;
}

const MAX_U64 = 2n ** 64n - 1n;

/**
 * The sockets passed by socket activation: empty unless LISTEN_PID is our pid and LISTEN_FDS a
 * positive count. Like sd_listen_fds: fds start at 3; LISTEN_FDNAMES is colon-separated.
 *
 * LISTEN_PIDFDID (UAPI.20: when set and not our pidfd's inode id, the variables MUST be ignored):
 * a value that is not an unsigned 64-bit decimal matches no pidfd, so the variables are ignored;
 * a value that differs from `from.pidfdId` (when the caller knows it) too. When our own id cannot
 * be found out (always, in plain Node), LISTEN_PID alone decides: what sd_listen_fds does when
 * it cannot get its own pidfd's inode id (old kernels without pidfs).
 */
export function listenFds(from: ActivationEnvironment = {}): ActivationFd[] {
  const env = from.env ?? processEnv;
  const pid = from.pid ?? processPid;
  const listenPid = env["LISTEN_PID"];
  const listenFdsText = env["LISTEN_FDS"];
  if (listenPid === undefined || listenFdsText === undefined) return [];
  if (!/^\d+$/.test(listenPid) || Number(listenPid) !== pid) return [];
  const pidfdId = env["LISTEN_PIDFDID"];
  if (pidfdId !== undefined) {
    if (!/^\d+$/.test(pidfdId) || BigInt(pidfdId) > MAX_U64) return [];
    if (from.pidfdId !== undefined && BigInt(pidfdId) !== from.pidfdId) return [];
  }
  if (!/^\d+$/.test(listenFdsText)) return [];
  const count = Number(listenFdsText);
  const names = env["LISTEN_FDNAMES"]?.split(":") ?? [];
  const fds: ActivationFd[] = [];
  for (let i = 0; i < count; i++) fds.push({ fd: 3 + i, name: names[i] ?? "unknown" });
  return fds;
}

/**
 * The passed fds a Varlink service serves (UAPI.20): a single one whatever its name; of several,
 * those named `varlink` in LISTEN_FDNAMES (the others belong to something else).
 */
export function varlinkFds(fds: readonly ActivationFd[]): ActivationFd[] {
  return fds.length <= 1 ? [...fds] : fds.filter((f) => f.name === "varlink");
}
