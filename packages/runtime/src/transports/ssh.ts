/**
 * `ssh-unix:HOST:/path` and `ssh-exec:HOST:command line`, systemd's forms (varlinkctl(1)): the
 * first runs `ssh -W /path HOST` (OpenSSH forwards our stdio to the remote unix socket), the
 * second `ssh -e none -T HOST env SYSTEMD_VARLINK_LISTEN=- command...` (the remote command
 * speaks Varlink on its stdio). `$SYSTEMD_SSH` names another ssh binary, as for varlinkctl.
 */
// The ssh binary may be overridden through the environment, as systemd allows.
import { env } from "node:process";
import type { SshExecAddress, SshUnixAddress } from "./address.js";
import { connectProcess, type ProcessChannel } from "./process-channel.js";

/** The program and arguments that reach `address`. @internal */
export function sshCommand(address: SshUnixAddress | SshExecAddress): { program: string; args: string[] } {
  const program = env["SYSTEMD_SSH"] || "ssh";
  if (address.kind === "ssh-unix") return { program, args: ["-W", address.path, address.host] };
  return {
    program,
    args: ["-e", "none", "-T", address.host, "env", "SYSTEMD_VARLINK_LISTEN=-", ...address.command],
  };
}

/** Connects through ssh. @internal */
export function connectSsh(
  address: SshUnixAddress | SshExecAddress,
  text: string,
  signal?: AbortSignal,
): Promise<ProcessChannel> {
  const { program, args } = sshCommand(address);
  return connectProcess(program, args, text, signal);
}
