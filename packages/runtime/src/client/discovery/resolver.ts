/**
 * Endpoints from a Varlink resolver: `org.varlink.resolver.Resolve(interface) -> (address)`,
 * the service varlink/go and libvarlink clients ask which address provides an interface.
 */
import { VarlinkClient } from "../client.js";
import { parseAddress } from "../../transports/address.js";
import { ProtocolError } from "../../errors.js";
import { type LookupResult, type RefreshableSource, watchLookups } from "./watch.js";

/** Where libvarlink's and varlink/go's resolver listens. */
export const DEFAULT_RESOLVER_ADDRESS = "unix:/run/org.varlink.resolver";

/** Options of {@link resolverEndpoints}. */
export interface ResolverEndpointsOptions {
  /** The interface to resolve, e.g. `"io.example.user"`. */
  readonly interface: string;
  /** The resolver's address (default {@link DEFAULT_RESOLVER_ADDRESS}). */
  readonly resolver?: string;
  /** Asks the resolver again after this long (default 30 s). */
  readonly refreshMs?: number;
  /** Bounds each lookup (connect and call; default 5 s). */
  readonly timeoutMs?: number;
}

/**
 * An endpoint source that asks a Varlink resolver for the address of `interface`. The resolver
 * names one address, so the list has one entry. It is asked again every `refreshMs` (a service
 * re-registered elsewhere is picked up) and at once when `refresh()` is called, which a
 * `ServiceClient` does once the last call of every endpoint it knows (here the one) failed; a
 * failed lookup (resolver down, `InterfaceNotFound`, an address we cannot parse) keeps the last
 * address and reports `onError`, retried with backoff from 1 s up to `refreshMs`. Each lookup
 * opens a connection and closes it: lookups are rare, and a resolver connection held open would
 * be one more thing to reconnect.
 */
export function resolverEndpoints(options: ResolverEndpointsOptions): RefreshableSource {
  const resolver = options.resolver ?? DEFAULT_RESOLVER_ADDRESS;
  parseAddress(resolver);
  const refreshMs = options.refreshMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 5000;

  const lookup = async (): Promise<LookupResult> => {
    const client = await VarlinkClient.connect(resolver, { signal: AbortSignal.timeout(timeoutMs) });
    try {
      const reply = await client.call(
        "org.varlink.resolver.Resolve",
        { interface: options.interface },
        { timeoutMs },
      );
      const address = reply["address"];
      if (typeof address !== "string")
        throw new ProtocolError(`org.varlink.resolver.Resolve answered without a string 'address'`);
      parseAddress(address);
      return { addresses: [address], validForMs: refreshMs };
    } finally {
      await client.close();
    }
  };
  return watchLookups(lookup, { retryBaseMs: Math.min(1000, refreshMs), retryMaxMs: refreshMs });
}
