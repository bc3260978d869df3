/**
 * Round-robin balancing: each call goes to the next endpoint in turn.
 */
import type { Balancer, EndpointView } from "../endpoints.js";

/**
 * A balancer that cycles through the available endpoints. The cursor counts picks, not
 * positions, so an endpoint that joins or leaves shifts the rotation by at most one place;
 * over N picks among k stable endpoints each gets `floor(N/k)` or `ceil(N/k)`.
 */
export function roundRobin(): Balancer {
  let next = 0;
  return {
    pick(endpoints: readonly EndpointView[]): EndpointView {
      const endpoint = endpoints[next % endpoints.length] as EndpointView;
      next = (next + 1) % Number.MAX_SAFE_INTEGER;
      return endpoint;
    },
  };
}
