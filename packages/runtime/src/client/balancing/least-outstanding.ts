/**
 * Least-outstanding balancing by the power of two choices: pick two endpoints at random and
 * send the call to the one with fewer calls in flight.
 */
import type { Balancer, EndpointView } from "../endpoints.js";

/**
 * A balancer that steers calls away from slow or loaded endpoints. Comparing two random
 * endpoints (rather than scanning for the global minimum) keeps a burst of clients from all
 * piling onto the same momentarily idle endpoint, and costs O(1) per call (Mitzenmacher, "The
 * Power of Two Choices in Randomized Load Balancing"; the default of gRPC's and Envoy's
 * least-request policies). Ties go to the first of the two, which is itself random.
 *
 * @param random - uniform in [0, 1), injectable for tests (default `Math.random`).
 */
export function leastOutstanding(random: () => number = Math.random): Balancer {
  return {
    pick(endpoints: readonly EndpointView[]): EndpointView {
      const count = endpoints.length;
      if (count === 1) return endpoints[0] as EndpointView;
      const first = Math.floor(random() * count) % count;
      // The second is drawn among the others, so the two choices always differ.
      const second = (first + 1 + (Math.floor(random() * (count - 1)) % (count - 1))) % count;
      const a = endpoints[first] as EndpointView;
      const b = endpoints[second] as EndpointView;
      return b.outstanding < a.outstanding ? b : a;
    },
  };
}
