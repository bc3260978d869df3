/**
 * Endpoints from DNS: the A and AAAA records of a name (a Kubernetes headless Service), or its
 * SRV records, re-resolved when their TTL expires.
 */
import { formatAddress } from "../../transports/address.js";
import { platformDns } from "../../transports/platform.js";
import { type LookupResult, type RefreshableSource, watchLookups } from "./watch.js";

/** The part of `node:dns`'s promise `Resolver` we use; inject one for tests or custom servers. */
export interface DnsResolver {
  resolve4(hostname: string, options: { ttl: true }): Promise<{ address: string; ttl: number }[]>;
  resolve6(hostname: string, options: { ttl: true }): Promise<{ address: string; ttl: number }[]>;
  resolveSrv(hostname: string): Promise<{ name: string; port: number; priority: number; weight: number }[]>;
  /**
   * Cancels the queries in flight (they reject with code `ECANCELLED`), as `Resolver.cancel`
   * does; called when the source's last watcher stops, so that a server that never answers does
   * not keep a query (its socket and timer) alive until it times out. Optional for injected ones.
   */
  cancel?(): void;
}

/** Options of {@link dnsEndpoints}. */
export interface DnsEndpointsOptions {
  /** The name to look up: a host name for A/AAAA, `_service._proto.name` for SRV. */
  readonly name: string;
  /** The port of every endpoint (A/AAAA only, required there; SRV records carry their own). */
  readonly port?: number;
  /** Look up SRV records (then the A/AAAA records of their targets) instead of A/AAAA. */
  readonly srv?: boolean;
  /** The only transport DNS can name (default and only value `"tcp"`). */
  readonly transport?: "tcp";
  /** Re-resolve no sooner than this after an answer, whatever its TTL (default 1 s). */
  readonly minTtlMs?: number;
  /** Re-resolve no later than this, whatever the TTL (default 30 s): endpoints replaced behind a long TTL are noticed. */
  readonly maxTtlMs?: number;
  /**
   * Default: a fresh `node:dns` `Resolver` of this source's own (the system's servers, no
   * caching), so that stopping it cancels only its queries.
   */
  readonly resolver?: DnsResolver;
}

/**
 * An endpoint source backed by DNS. A/AAAA: both families are asked in parallel and every
 * address becomes `tcp:ip:port` (IPv6 in brackets); a family with no records contributes none.
 * SRV: only the records of the lowest priority value are used (RFC 2782: higher values are
 * fallbacks), each target resolved to its A/AAAA addresses with the record's port; weights
 * are not honoured (the balancer spreads calls evenly); a target of `.` ("no service") is
 * skipped, and so is a target that does not resolve (unless none does). The answer is re-resolved after its smallest TTL, clamped to
 * [`minTtlMs`, `maxTtlMs`] (node gives no TTL for SRV records, so their targets' TTLs count).
 * A lookup that fails or finds nothing keeps the last good list and reports `onError`. When the
 * last watcher stops, the lookup in flight is cancelled (`DnsResolver.cancel`).
 */
export function dnsEndpoints(options: DnsEndpointsOptions): RefreshableSource {
  const minTtlMs = options.minTtlMs ?? 1000;
  const maxTtlMs = Math.max(options.maxTtlMs ?? 30_000, minTtlMs);
  const srv = options.srv === true;
  if (
    !srv &&
    (options.port === undefined ||
      !Number.isInteger(options.port) ||
      options.port <= 0 ||
      options.port > 65535)
  )
    throw new RangeError(
      `dnsEndpoints: a port in 1..65535 is required for A/AAAA lookups of '${options.name}'`,
    );
  // The platform's (node:dns, installed by the Node entry): no node: import on the browser's path.
  const resolver: DnsResolver = options.resolver ?? platformDns().dnsResolver();
  const clamp = (ttlSeconds: number): number => Math.min(maxTtlMs, Math.max(minTtlMs, ttlSeconds * 1000));

  const lookup = async (): Promise<LookupResult> => {
    const found = srv
      ? await lookupSrv(resolver, options.name)
      : await lookupHost(resolver, options.name, options.port as number);
    if (found.addresses.length === 0) throw new Error(`DNS: no usable records for '${options.name}'`);
    return { addresses: found.addresses, validForMs: clamp(found.ttl) };
  };
  return cancelledOnStop(watchLookups(lookup, { retryBaseMs: minTtlMs, retryMaxMs: maxTtlMs }), resolver);
}

/**
 * `source`, cancelling `resolver`'s queries when its last watcher stops (not before: watchers
 * share the resolver, and a cancel would fail another watcher's lookup in flight).
 */
function cancelledOnStop(source: RefreshableSource, resolver: DnsResolver): RefreshableSource {
  let watchers = 0;
  return {
    subscribe(onChange, onError) {
      const stop = source.subscribe(onChange, onError);
      watchers++;
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        stop();
        if (--watchers === 0) resolver.cancel?.();
      };
    },
    refresh: () => source.refresh(),
  };
}

interface Found {
  addresses: string[];
  /** Smallest TTL in seconds (Infinity when there were no records). */
  ttl: number;
}

/** Error codes that mean "this name has no such records", not "the lookup failed". */
const NO_RECORDS = new Set(["ENODATA", "ENOTFOUND"]);

async function lookupHost(resolver: DnsResolver, name: string, port: number): Promise<Found> {
  if (platformDns().isIP(name) !== 0) return { addresses: [tcp(name, port)], ttl: Infinity };
  const families = await Promise.allSettled([
    resolver.resolve4(name, { ttl: true }),
    resolver.resolve6(name, { ttl: true }),
  ]);
  const found: Found = { addresses: [], ttl: Infinity };
  let failure: unknown;
  for (const family of families) {
    if (family.status === "rejected") {
      if (!NO_RECORDS.has((family.reason as { code?: string }).code ?? "")) failure ??= family.reason;
      continue;
    }
    for (const record of family.value) {
      found.addresses.push(tcp(record.address, port));
      found.ttl = Math.min(found.ttl, record.ttl);
    }
  }
  // One family answering is enough; a real failure matters only when nothing was found.
  if (found.addresses.length === 0 && failure !== undefined) throw failure;
  return found;
}

async function lookupSrv(resolver: DnsResolver, name: string): Promise<Found> {
  const records = (await resolver.resolveSrv(name)).filter(
    (record) => record.name !== "" && record.name !== ".",
  );
  const best = Math.min(...records.map((record) => record.priority));
  const chosen = records.filter((record) => record.priority === best);
  const settled = await Promise.allSettled(
    chosen.map((record) => lookupHost(resolver, record.name, record.port)),
  );
  const targets = settled.flatMap((target) => (target.status === "fulfilled" ? [target.value] : []));
  // A target that cannot be resolved is left out; all of them failing is the lookup failing.
  const failed = settled.find((target) => target.status === "rejected");
  if (targets.length === 0 && failed !== undefined) throw failed.reason;
  return {
    addresses: targets.flatMap((target) => target.addresses),
    ttl: Math.min(...targets.map((target) => target.ttl)),
  };
}

function tcp(host: string, port: number): string {
  return formatAddress({ kind: "tcp", host, port });
}
