/**
 * Where the HTTP front finds the Varlink services it serves: "open a channel to service X".
 * A bridge maps names to addresses or reads a registry directory; direct serving opens
 * in-memory channels into a `VarlinkServer` (server-backends.ts).
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { TlsClientOptions } from "../security/tls-options.js";
import { connectAddress } from "../transports/connect.js";
import type { Channel } from "../transports/transport.js";

/** The services behind an HTTP front. */
export interface VarlinkBackends {
  /** The service names served (`GET …/services`). */
  services(): Promise<readonly string[]>;
  /**
   * A new connection to `service`; undefined when there is no such service (404). Rejects when
   * the service cannot be reached (502).
   */
  open(service: string, signal?: AbortSignal): Promise<Channel | undefined>;
}

/** A service name as UAPI.20 uses them (reverse-domain), safe as a file name: no `/`, no `..`. */
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

/** True when `name` can name a service (and a socket file in a registry). @internal */
export function isServiceName(name: string): boolean {
  return SERVICE_NAME.test(name);
}

/** Options of {@link addressBackends}. */
export interface AddressBackendsOptions {
  /** For `tls:` addresses. */
  tls?: TlsClientOptions;
}

/**
 * Services at fixed Varlink addresses: `{ "io.systemd.Hostname": "unix:/run/…", … }`
 * (unix, tcp or tls addresses).
 */
export function addressBackends(
  addresses: Readonly<Record<string, string>>,
  options: AddressBackendsOptions = {},
): VarlinkBackends {
  const table = new Map(Object.entries(addresses));
  return {
    services: () => Promise.resolve([...table.keys()].sort()),
    async open(service, signal) {
      const address = table.get(service);
      if (address === undefined) return undefined;
      return (await connectAddress(address, signal, options.tls)).channel;
    },
  };
}

/**
 * Every socket in a directory, named by its file name (`/run/varlink/registry`-style: the
 * socket `io.systemd.Hostname` is the service `io.systemd.Hostname`). Read at each request,
 * so sockets appearing and going are seen.
 */
export function registryBackends(directory: string): VarlinkBackends {
  const isSocket = async (name: string): Promise<boolean> => {
    if (!isServiceName(name)) return false;
    try {
      return (await stat(join(directory, name))).isSocket();
    } catch {
      return false;
    }
  };
  return {
    async services() {
      const names = await readdir(directory);
      const sockets = await Promise.all(names.map(async (n) => ((await isSocket(n)) ? n : undefined)));
      return sockets.filter((n): n is string => n !== undefined).sort();
    },
    async open(service, signal) {
      if (!(await isSocket(service))) return undefined;
      return (await connectAddress(`unix:${join(directory, service)}`, signal)).channel;
    },
  };
}
