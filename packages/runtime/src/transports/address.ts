/**
 * Varlink address strings: `unix:/run/x[;mode=0600]`, `unix:@abstract`, `tcp:host:port`,
 * `tcp:[::1]:port`, `tls:host:port` (tcp with TLS, ours: see docs/security.md), `exec:/path/to/service`, and systemd's `ssh-unix:host:/path` and
 * `ssh-exec:host:command line` (client side only, see ssh.ts).
 */
import { AddressError } from "../errors.js";

/** A unix stream socket, at a path or (Linux) in the abstract namespace. */
export interface UnixAddress {
  readonly kind: "unix";
  /** File-system path, or the abstract name without its `@`. */
  readonly path: string;
  readonly abstract: boolean;
  /** `;mode=0600`: permission bits applied to a listening socket file. */
  readonly mode?: number;
}

/** A TCP endpoint; `host` without brackets (`::1`). */
export interface TcpAddress {
  readonly kind: "tcp";
  readonly host: string;
  readonly port: number;
}

/** TCP with TLS (`tls:host:port`, `tls:[::1]:port`); certificates come from the `tls` option. */
export interface TlsAddress {
  readonly kind: "tls";
  readonly host: string;
  readonly port: number;
}

/** A service binary to spawn with a listening socket as fd 3 (client side only). */
export interface ExecAddress {
  readonly kind: "exec";
  readonly path: string;
}

/** A unix socket on another machine, reached with `ssh -W <path> <host>` (client side only). */
export interface SshUnixAddress {
  readonly kind: "ssh-unix";
  readonly host: string;
  readonly path: string;
}

/** A command on another machine that speaks Varlink on its stdio, run through ssh (client side only). */
export interface SshExecAddress {
  readonly kind: "ssh-exec";
  readonly host: string;
  /** The command line split at whitespace. */
  readonly command: readonly string[];
}

/** A parsed Varlink address. */
export type VarlinkAddress =
  UnixAddress | TcpAddress | TlsAddress | ExecAddress | SshUnixAddress | SshExecAddress;

/** Parses an address; throws {@link AddressError} naming the address when it is not valid. */
export function parseAddress(address: string): VarlinkAddress {
  const colon = address.indexOf(":");
  if (colon <= 0)
    throw new AddressError(address, "expected 'unix:', 'tcp:', 'tls:' or 'exec:' followed by a location");
  const scheme = address.slice(0, colon);
  // A command line may hold ';': the ssh forms take no options, so they are parsed whole.
  if (scheme === "ssh-unix" || scheme === "ssh-exec")
    return parseSsh(address, scheme, address.slice(colon + 1));
  const [location = "", ...options] = address.slice(colon + 1).split(";");
  switch (scheme) {
    case "unix":
      return parseUnix(address, location, options);
    case "tcp":
      rejectOptions(address, options);
      return parseTcp(address, location, "tcp");
    case "tls":
      rejectOptions(address, options);
      return { ...parseTcp(address, location, "tls"), kind: "tls" };
    case "exec":
      rejectOptions(address, options);
      if (location === "") throw new AddressError(address, "missing program path");
      return { kind: "exec", path: location };
    default:
      throw new AddressError(
        address,
        `unknown scheme '${scheme}' (expected unix, tcp, tls, exec, ssh-unix or ssh-exec)`,
      );
  }
}

function parseSsh(address: string, scheme: "ssh-unix" | "ssh-exec", rest: string): VarlinkAddress {
  const colon = rest.indexOf(":");
  const host = colon === -1 ? rest : rest.slice(0, colon);
  // A leading '-' would make ssh read the host as an option.
  if (host === "" || host.startsWith("-")) throw new AddressError(address, `expected ${scheme}:host:...`);
  const location = colon === -1 ? "" : rest.slice(colon + 1);
  if (scheme === "ssh-unix") {
    if (!location.startsWith("/"))
      throw new AddressError(address, "expected an absolute socket path after the host");
    return { kind: "ssh-unix", host, path: location };
  }
  const command = location.split(/\s+/).filter((word) => word !== "");
  if (command.length === 0) throw new AddressError(address, "missing command after the host");
  return { kind: "ssh-exec", host, command };
}

function rejectOptions(address: string, options: readonly string[]): void {
  if (options.length > 0) throw new AddressError(address, `unexpected option '${options[0]}'`);
}

function parseUnix(address: string, location: string, options: readonly string[]): UnixAddress {
  if (location === "" || location === "@") throw new AddressError(address, "missing socket path");
  if (location.includes("\0")) throw new AddressError(address, "socket path contains a NUL byte");
  let mode: number | undefined;
  for (const option of options) {
    const match = /^mode=([0-7]{3,4})$/.exec(option);
    if (match === null) throw new AddressError(address, `unexpected option '${option}' (expected mode=0NNN)`);
    mode = Number.parseInt(match[1] as string, 8);
  }
  const abstract = location.startsWith("@");
  const path = abstract ? location.slice(1) : location;
  if (abstract && mode !== undefined)
    throw new AddressError(address, "mode= does not apply to abstract sockets");
  return mode === undefined ? { kind: "unix", path, abstract } : { kind: "unix", path, abstract, mode };
}

function parseTcp(address: string, location: string, scheme: "tcp" | "tls"): TcpAddress {
  let host: string;
  let portText: string;
  if (location.startsWith("[")) {
    const close = location.indexOf("]");
    if (close === -1 || location[close + 1] !== ":") {
      throw new AddressError(address, `expected ${scheme}:[ipv6]:port`);
    }
    host = location.slice(1, close);
    portText = location.slice(close + 2);
  } else {
    const colon = location.lastIndexOf(":");
    if (colon === -1) throw new AddressError(address, `expected ${scheme}:host:port`);
    host = location.slice(0, colon);
    portText = location.slice(colon + 1);
    if (host.includes(":"))
      throw new AddressError(address, `an IPv6 host must be in brackets: ${scheme}:[::1]:port`);
  }
  if (host === "") throw new AddressError(address, "missing host");
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new AddressError(address, `invalid port '${portText}'`);
  }
  return { kind: "tcp", host, port: Number(portText) };
}

/** Formats an address back to its string form (used for bound listeners, port filled in). */
export function formatAddress(address: VarlinkAddress): string {
  switch (address.kind) {
    case "unix":
      return `unix:${address.abstract ? "@" : ""}${address.path}${
        address.mode === undefined ? "" : `;mode=0${address.mode.toString(8)}`
      }`;
    case "tcp":
    case "tls":
      return `${address.kind}:${address.host.includes(":") ? `[${address.host}]` : address.host}:${address.port}`;
    case "exec":
      return `exec:${address.path}`;
    case "ssh-unix":
      return `ssh-unix:${address.host}:${address.path}`;
    case "ssh-exec":
      return `ssh-exec:${address.host}:${address.command.join(" ")}`;
  }
}

/** The running Node's version ("0" elsewhere: the address parser also runs in browsers). */
const nodeVersion: string =
  (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node ?? "0";

/**
 * Whether node:net binds and connects abstract names exactly. Node 20 (libuv calls without the
 * name's length) pads `\0name` with NULs to the full 108 bytes of sun_path: the socket it binds
 * is `@name@@@…`, which no other implementation (systemd, varlink-go) connects to, and it cannot
 * connect to their `@name`. Node 22 and later pass the length (uv_pipe_bind2/uv_pipe_connect2).
 * @internal
 */
export const EXACT_ABSTRACT_NAMES: boolean = Number(nodeVersion.split(".")[0]) >= 22;

/**
 * The path node:net expects for a unix address (abstract names start with a NUL); throws
 * {@link AddressError} for an abstract name on a Node that would pad it (see
 * {@link EXACT_ABSTRACT_NAMES}) rather than silently serving or calling the wrong socket.
 * @internal
 */
export function nodeSocketPath(
  address: UnixAddress,
  text: string,
  exact: boolean = EXACT_ABSTRACT_NAMES,
): string {
  if (!address.abstract) return address.path;
  if (!exact)
    throw new AddressError(
      text,
      `abstract unix sockets need Node 22 or later: Node ${nodeVersion} pads the name to 108 bytes, ` +
        "so no other Varlink implementation could reach it (use a socket path)",
    );
  return `\0${address.path}`;
}
