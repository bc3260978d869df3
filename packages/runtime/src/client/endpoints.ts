/**
 * The seams between discovery, balancing and the connection pools of a service client: a source
 * says which endpoints exist, a balancer picks one per call among those currently available.
 */

/** An endpoint as a balancer sees it. */
export interface EndpointView {
  /** Its Varlink address, e.g. `"tcp:10.0.0.7:8080"`. */
  readonly address: string;
  /** Calls sent to it and not yet answered (for least-outstanding balancing). */
  readonly outstanding: number;
}

/** Picks the endpoint for one call. */
export interface Balancer {
  /** Picks one of `endpoints` (never empty: the client fails the call itself when none is available). */
  pick(endpoints: readonly EndpointView[]): EndpointView;
}

/**
 * Tells a service client which endpoints exist: a static list, DNS (A/AAAA re-resolved on TTL,
 * SRV), or a Varlink resolver. The client subscribes once and updates its pools on each change.
 */
export interface EndpointSource {
  /**
   * Starts watching; `onChange` receives the full current list of addresses (deduplicated) each
   * time it changes, the first time as soon as it is known; `onError` reports a failed lookup
   * (the last good list stays in use). Returns a function that stops watching.
   */
  subscribe(onChange: (addresses: readonly string[]) => void, onError: (error: unknown) => void): () => void;
}
