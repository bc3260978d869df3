/**
 * Watches an EndpointSource in a test: collects what it reports and lets the test wait for the
 * next report instead of sleeping.
 */
import type { EndpointSource } from "../../packages/runtime/src/client/endpoints.js";

export type EndpointEvent = { addresses: string[] } | { error: unknown };

export interface EndpointEvents {
  /** Everything reported so far; addresses sorted. */
  readonly events: readonly EndpointEvent[];
  /** The next report not yet returned by `next` (waits for it). */
  next(): Promise<EndpointEvent>;
  /** The next list of addresses, skipping errors. */
  nextAddresses(): Promise<string[]>;
  stop(): void;
}

export function watchSource(source: EndpointSource): EndpointEvents {
  const events: EndpointEvent[] = [];
  let wake: (() => void) | undefined;
  const push = (event: EndpointEvent): void => {
    events.push(event);
    wake?.();
  };
  const stop = source.subscribe(
    (addresses) => push({ addresses: [...addresses].sort() }),
    (error) => push({ error }),
  );
  let read = 0;
  const next = async (): Promise<EndpointEvent> => {
    while (events.length <= read) await new Promise<void>((resolve) => (wake = resolve));
    return events[read++] as EndpointEvent;
  };
  return {
    events,
    next,
    async nextAddresses() {
      for (;;) {
        const event = await next();
        if ("addresses" in event) return event.addresses;
      }
    },
    stop,
  };
}
