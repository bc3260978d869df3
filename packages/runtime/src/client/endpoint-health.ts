/**
 * What a service client asks of an endpoint's health tracker (a circuit breaker): the shape of
 * `CircuitBreaker` (client/resilience/breaker.ts), so the breaker plugs in as is.
 * @internal
 */

/** Health of one endpoint, as the service client drives it. @internal */
export interface EndpointHealth {
  /** Would {@link EndpointHealth.admit} pass now? No side effect: used to skip ejected endpoints. */
  available(): boolean;
  /** Lets one call through, or throws (a `VarlinkError` of kind `"circuit-open"`). */
  admit(): void;
  /** The endpoint answered (an error reply counts: the service is there and deciding). */
  success(): void;
  /** The endpoint failed the call (connection lost or refused, timeout, overload). */
  failure(): void;
  /** The call ended saying nothing about the endpoint (aborted, refused locally): frees its trial slot. */
  release(): void;
}

/** Health that never ejects (`breaker: false`). @internal */
export const ALWAYS_HEALTHY: EndpointHealth = {
  available: () => true,
  admit: () => {},
  success: () => {},
  failure: () => {},
  release: () => {},
};
