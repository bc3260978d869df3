/** backoffDelay: full jitter, every delay uniform in [0, min(max, base·2ⁿ)). */
import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../../packages/runtime/src/client/backoff.js";

describe("backoffDelay", () => {
  it.each([
    // attempt, options, random, expected
    [0, {}, 0, 0],
    [0, {}, 0.5, 50], // default base 100 ms
    [3, {}, 0.5, 400], // 100·2³ = 800
    [7, {}, 0.999, 9990], // 12.8 s capped at the default max 10 s
    [0, { baseMs: 10 }, 0.5, 5],
    [4, { baseMs: 10, maxMs: 100 }, 0.5, 50], // 160 capped at 100
    [1_000, { baseMs: 1, maxMs: 1000 }, 0.5, 500], // huge attempts do not overflow to Infinity/NaN
    [2, { baseMs: 0 }, 0.9, 0],
  ] as const)("attempt %i with %o and random %f waits %i ms", (attempt, options, random, expected) => {
    expect(backoffDelay(attempt, options, () => random)).toBe(expected);
  });

  it("never leaves [0, min(max, base·2ⁿ)) over the whole range of random", () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const ceiling = Math.min(2000, 50 * 2 ** attempt);
      for (const r of [0, 0.25, 0.5, 0.75, 1 - Number.EPSILON]) {
        const delay = backoffDelay(attempt, { baseMs: 50, maxMs: 2000 }, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });
});
