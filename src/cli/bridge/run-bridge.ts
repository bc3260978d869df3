/**
 * The `bridge` command's work: flags to `serveHttp` options, listen, print the URL, and close
 * on SIGINT/SIGTERM. Mistakes in the flags are usage errors (exit 2); a listen that fails (port
 * taken, unreadable certificate) is one line and exit 1.
 */
import { readFile } from "node:fs/promises";
import process from "node:process";
import type { ServeHttpOptions, VarlinkBackends } from "@varlink-codegen/runtime/http";
import type { Principal } from "@varlink-codegen/runtime";

/** The parsed flags of `bridge`. */
export interface BridgeFlags {
  listen: string;
  service?: string[];
  registry?: string;
  basePath?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  requireClientCert?: boolean;
  allowOrigin?: string[];
  tokenFile?: string;
  maxBodySize?: string;
  maxMessageSize?: string;
  maxWebsockets?: string;
  idleTimeout?: string;
}

/** A non-negative integer flag, or a usage error. */
function count(
  name: string,
  value: string | undefined,
  usage: (message: string) => never,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) usage(`${name} expects a non-negative integer, got '${value}'`);
  return Number(value);
}

/**
 * The services of `--service name=address` flags, or a usage error. A Map: any name (also
 * `constructor`, `__proto__`) is a service name, not an object's property.
 * @internal
 */
export function serviceTable(
  flags: readonly string[],
  usage: (message: string) => never,
): Map<string, string> {
  const table = new Map<string, string>();
  for (const flag of flags) {
    const eq = flag.indexOf("=");
    if (eq <= 0 || eq === flag.length - 1) usage(`--service expects name=address, got '${flag}'`);
    const name = flag.slice(0, eq);
    if (table.has(name)) usage(`--service ${name} is given twice`);
    table.set(name, flag.slice(eq + 1));
  }
  return table;
}

/** A verifier accepting exactly the tokens listed in `file` (one per line, blank lines ignored). */
async function tokenVerifier(file: string): Promise<(token: string) => Promise<Principal>> {
  const tokens = new Set(
    (await readFile(file, "utf8"))
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== ""),
  );
  return (token) =>
    tokens.has(token)
      ? Promise.resolve({ subject: "token", claims: {} })
      : Promise.reject(new Error("unknown token"));
}

/** Runs the bridge until a signal; resolves with the exit code. */
export async function runBridge(flags: BridgeFlags, usage: (message: string) => never): Promise<number> {
  const http = await import("@varlink-codegen/runtime/http");
  const { AddressError, parseAddress } = await import("@varlink-codegen/runtime");
  const services = flags.service ?? [];
  if (services.length > 0 === (flags.registry !== undefined))
    usage("give the services with --service name=address, or --registry DIR (one of the two)");
  let backends: VarlinkBackends;
  if (flags.registry !== undefined) backends = http.registryBackends(flags.registry);
  else {
    const table = serviceTable(services, usage);
    for (const [name, address] of table) {
      try {
        parseAddress(address);
      } catch (error) {
        if (error instanceof AddressError) usage(`--service ${name}: ${error.message}`);
        throw error;
      }
    }
    backends = http.addressBackends(Object.fromEntries(table));
  }
  const options: ServeHttpOptions = { address: flags.listen, backends };
  const numbers = {
    maxBodySize: count("--max-body-size", flags.maxBodySize, usage),
    maxMessageSize: count("--max-message-size", flags.maxMessageSize, usage),
    maxWebSockets: count("--max-websockets", flags.maxWebsockets, usage),
    idleTimeoutMs: count("--idle-timeout", flags.idleTimeout, usage),
  };
  for (const [key, value] of Object.entries(numbers))
    if (value !== undefined) Object.assign(options, { [key]: value });
  if (flags.basePath !== undefined) options.basePath = flags.basePath;
  const origins = flags.allowOrigin;
  if (origins !== undefined) options.allowedOrigins = origins.includes("*") ? "*" : origins;
  if (flags.tlsCert !== undefined || flags.tlsKey !== undefined) {
    if (flags.tlsCert === undefined || flags.tlsKey === undefined)
      usage("--tls-cert and --tls-key go together");
    options.tls = { cert: flags.tlsCert, key: flags.tlsKey };
    if (flags.tlsCa !== undefined) options.tls.ca = flags.tlsCa;
    if (flags.requireClientCert === true) {
      // Without a CA, Node would accept any publicly issued client certificate.
      if (flags.tlsCa === undefined) usage("--require-client-cert needs --tls-ca");
      options.tls.requireClientCert = true;
    }
  } else if (flags.requireClientCert === true)
    usage("--require-client-cert needs --tls-cert, --tls-key and --tls-ca");
  try {
    if (flags.tokenFile !== undefined) options.verify = await tokenVerifier(flags.tokenFile);
  } catch (error) {
    process.stderr.write(`varlink-codegen: cannot read --token-file: ${(error as Error).message}\n`);
    return 1;
  }
  let listener;
  try {
    listener = await http.serveHttp(options);
  } catch (error) {
    if (error instanceof AddressError) usage(error.message);
    process.stderr.write(`varlink-codegen: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`listening on ${listener.url}\n`);
  // The first signal closes the bridge; a second one gets Node's default (the process ends).
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(received);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await listener.close();
  process.stderr.write(`varlink-codegen: stopped (${signal})\n`);
  return 0;
}
