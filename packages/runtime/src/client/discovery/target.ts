/**
 * Target strings: how a service client is told where its endpoints come from.
 */
import type { EndpointSource } from "../endpoints.js";
import { AddressError } from "../../errors.js";
import { staticEndpoints } from "./static.js";
import { type DnsResolver, dnsEndpoints } from "./dns.js";
import { resolverEndpoints } from "./resolver.js";

/** Options of {@link parseTarget}. */
export interface TargetOptions {
  /** The DNS resolver of `dns:` and `dns+srv:` targets (default: node:dns with the system's servers). */
  readonly dnsResolver?: DnsResolver;
}

/**
 * Parses a target (syntax in docs/runtime.md, "Discovery"):
 *
 * - a Varlink address (`unix:/run/x`, `tcp:10.0.0.7:8080`, `exec:...`): that one endpoint;
 * - addresses separated by commas (`tcp:10.0.0.7:8080,tcp:10.0.0.8:8080`): a static list;
 * - `dns:NAME:PORT`: the A/AAAA records of NAME, each at PORT;
 * - `dns+srv:NAME`: the SRV records of NAME (e.g. `_varlink._tcp.users.example.com`);
 * - `resolver:INTERFACE` or `resolver:INTERFACE@ADDRESS`: asks the Varlink resolver (default
 *   `unix:/run/org.varlink.resolver`) for INTERFACE.
 *
 * Throws {@link AddressError} naming the target when it cannot be understood.
 */
export function parseTarget(target: string, options: TargetOptions = {}): EndpointSource {
  const trimmed = target.trim();
  if (trimmed === "") throw new AddressError(target, "empty target");
  if (trimmed.startsWith("dns:")) return parseDns(target, trimmed.slice("dns:".length), options);
  if (trimmed.startsWith("dns+srv:")) {
    const name = trimmed.slice("dns+srv:".length);
    checkDnsName(target, name);
    return dnsEndpoints(withResolver({ name, srv: true }, options));
  }
  if (trimmed.startsWith("resolver:")) return parseResolver(target, trimmed.slice("resolver:".length));
  const addresses = trimmed.split(",").map((part) => part.trim());
  if (addresses.some((address) => address === ""))
    throw new AddressError(target, "empty entry in the comma-separated list");
  for (const address of addresses) {
    if (/^(dns|dns\+srv|resolver):/.test(address))
      throw new AddressError(target, `'${address}' cannot be part of a list: a list holds plain addresses`);
  }
  for (const address of addresses) {
    if (!ADDRESS_SCHEMES.test(address))
      throw new AddressError(
        target,
        `'${address}' is not an address or target (expected unix:, tcp:, tls:, exec:, ssh-unix:, ssh-exec:, ws://, wss://, http://, https://, ` +
          `a comma-separated list of those, dns:NAME:PORT, dns+srv:NAME or resolver:INTERFACE)`,
      );
  }
  return staticEndpoints(addresses);
}

/** The schemes `parseAddress` knows (it explains what is wrong past the scheme). */
const ADDRESS_SCHEMES = /^(unix|tcp|tls|exec|ssh-unix|ssh-exec):|^(wss?|https?):\/\//i;

function parseDns(target: string, rest: string, options: TargetOptions): EndpointSource {
  const colon = rest.lastIndexOf(":");
  if (colon === -1) throw new AddressError(target, "expected dns:NAME:PORT");
  const name = rest.slice(0, colon);
  const portText = rest.slice(colon + 1);
  checkDnsName(target, name);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) === 0 || Number(portText) > 65535)
    throw new AddressError(target, `invalid port '${portText}' (expected dns:NAME:PORT)`);
  return dnsEndpoints(withResolver({ name, port: Number(portText) }, options));
}

function withResolver<T extends object>(base: T, options: TargetOptions): T & { resolver?: DnsResolver } {
  return options.dnsResolver === undefined ? base : { ...base, resolver: options.dnsResolver };
}

function checkDnsName(target: string, name: string): void {
  if (name === "") throw new AddressError(target, "missing DNS name");
  if (
    name.length > 253 ||
    !/^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/.test(name)
  )
    throw new AddressError(target, `'${name}' is not a DNS name`);
}

function parseResolver(target: string, rest: string): EndpointSource {
  const at = rest.indexOf("@");
  const iface = at === -1 ? rest : rest.slice(0, at);
  if (!/^[A-Za-z]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)+$/.test(iface))
    throw new AddressError(
      target,
      `'${iface}' is not a Varlink interface name (expected resolver:io.example.name)`,
    );
  if (at === -1) return resolverEndpoints({ interface: iface });
  const resolver = rest.slice(at + 1);
  if (resolver === "") throw new AddressError(target, "missing resolver address after '@'");
  return resolverEndpoints({ interface: iface, resolver });
}
