/**
 * A fixed list of endpoints.
 */
import type { EndpointSource } from "../endpoints.js";
import { parseAddress } from "../../transports/address.js";
import { checkUrlAddress, isUrlAddress } from "../../transports/url-address.js";

/**
 * An {@link EndpointSource} that reports `addresses` once (deduplicated, order kept) and never
 * changes. Each address is checked with `parseAddress` (a ws(s):// or http(s):// URL: that it parses) here, so a typo throws
 * `AddressError` when the source is built rather than on the first call.
 */
export function staticEndpoints(addresses: readonly string[]): EndpointSource {
  for (const address of addresses) {
    if (isUrlAddress(address)) checkUrlAddress(address);
    else parseAddress(address);
  }
  const list = Object.freeze([...new Set(addresses)]);
  return {
    subscribe(onChange) {
      let stopped = false;
      // Asynchronous like every other source, so subscribers see one behaviour.
      queueMicrotask(() => {
        if (!stopped) onChange(list);
      });
      return () => {
        stopped = true;
      };
    },
  };
}
