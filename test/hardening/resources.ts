/**
 * Leak check for the hardening tests: the handles and requests Node still holds open
 * (`process.getActiveResourcesInfo()`), compared before and after a test once everything is closed.
 */
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";

/** Count of each kind of active resource (e.g. PipeWrap, PipeServerWrap, Timeout). */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** Resource kinds whose count grew from `before` to `after`, as "Kind +n". */
export function grown(before: Map<string, number>, after: Map<string, number>): string[] {
  const growth: string[] = [];
  for (const [kind, count] of after) {
    const was = before.get(kind) ?? 0;
    if (count > was) growth.push(`${kind} +${count - was}`);
  }
  return growth;
}

/**
 * Waits (bounded by `limitMs`, looking every 10 ms) until no resource kind has grown since
 * `before`, and returns what is still grown (empty when nothing leaked). Closing a socket takes
 * a few turns of the loop (more on a loaded machine), so a single look would report false leaks.
 */
export async function leakedSince(before: Map<string, number>, limitMs = EVENT_LIMIT_MS): Promise<string[]> {
  let growth = grown(before, activeResources());
  for (const deadline = Date.now() + limitMs; growth.length > 0 && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    growth = grown(before, activeResources());
  }
  return growth;
}
