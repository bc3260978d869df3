/**
 * The loop shared by the sources that look endpoints up (DNS, the Varlink resolver): look up,
 * report the list when the set changed, wait, look up again.
 */
import type { EndpointSource } from "../endpoints.js";
import { backoffDelay } from "../backoff.js";

/** One successful lookup. */
export interface LookupResult {
  /** The endpoints found, as Varlink addresses. */
  readonly addresses: readonly string[];
  /** How long the answer stays valid (already clamped by the caller). */
  readonly validForMs: number;
}

/** An {@link EndpointSource} that can be told to look up again now (after connection failures). */
export interface RefreshableSource extends EndpointSource {
  /**
   * Looks up again as soon as the current lookup (if any) ends, instead of waiting for the
   * answer to expire. A service client calls it when every endpoint it knows has failed.
   */
  refresh(): void;
}

/** @internal */
export interface WatchOptions {
  /** Failed lookups are retried with full-jitter backoff starting at this delay. */
  readonly retryBaseMs: number;
  /** ...and never waiting longer than this. */
  readonly retryMaxMs: number;
}

/**
 * Builds a source from `lookup`. Each subscription runs its own loop: the first list is
 * reported as soon as the first lookup succeeds, later ones only when the set of addresses
 * differs (order is ignored). A failed lookup keeps the last good list, reports `onError`, and
 * is retried with backoff. Timers are unref'd, so a watching source never keeps the process
 * alive; the returned stop function clears them and drops the answer of a lookup in progress.
 * @internal
 */
export function watchLookups(lookup: () => Promise<LookupResult>, options: WatchOptions): RefreshableSource {
  const refreshers = new Set<() => void>();
  return {
    subscribe(onChange, onError) {
      let stopped = false;
      let running = false;
      let again = false;
      let timer: NodeJS.Timeout | undefined;
      let failures = 0;
      let last: ReadonlySet<string> | undefined;

      const run = async (): Promise<void> => {
        timer = undefined;
        running = true;
        again = false;
        let waitMs: number;
        try {
          const result = await lookup();
          if (stopped) return;
          failures = 0;
          waitMs = result.validForMs;
          const current = new Set(result.addresses);
          if (last === undefined || !sameSet(last, current)) {
            last = current;
            onChange(Object.freeze([...current]));
          }
        } catch (error) {
          if (stopped) return;
          waitMs = backoffDelay(failures++, { baseMs: options.retryBaseMs, maxMs: options.retryMaxMs });
          // Never spin: wait at least a little even when the jitter draws 0.
          waitMs = Math.max(waitMs, Math.min(options.retryBaseMs, 10));
          onError(error);
        } finally {
          running = false;
        }
        if (stopped) return;
        schedule(again ? 0 : waitMs);
      };
      const schedule = (ms: number): void => {
        timer = setTimeout(() => void run(), ms);
        timer.unref?.();
      };
      const refresh = (): void => {
        if (stopped) return;
        if (running) {
          again = true;
          return;
        }
        if (timer !== undefined) clearTimeout(timer);
        schedule(0);
      };

      refreshers.add(refresh);
      void run();
      return () => {
        stopped = true;
        refreshers.delete(refresh);
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
      };
    },
    refresh() {
      for (const refresh of refreshers) refresh();
    },
  };
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}
