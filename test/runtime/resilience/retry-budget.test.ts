/** RetryBudget: retries ≤ ratio × calls + minPerSecond × 10 over a sliding 10 s window. */
import { describe, expect, it } from "vitest";
import { RetryBudget } from "../../../packages/runtime/src/client/resilience/retry-budget.js";

describe("RetryBudget", () => {
  it.each([
    // options, calls made, retries granted
    [{ ratio: 0.2, minPerSecond: 0 }, 100, 20],
    [{ ratio: 0.5, minPerSecond: 0 }, 5, 2],
    [{ ratio: 0, minPerSecond: 1 }, 1000, 10], // the floor alone: 1/s over the 10 s window
    [{ ratio: 0.1, minPerSecond: 0.5 }, 30, 8], // 3 + 5
    [{}, 0, 100], // defaults: ratio 0.2, floor 10/s → 100 with no calls at all
    [{}, 50, 110],
  ] as const)("%o after %i calls grants %i retries", (options, calls, granted) => {
    const budget = new RetryBudget(options, () => 5_000);
    for (let i = 0; i < calls; i++) budget.deposit();
    let retries = 0;
    while (budget.withdraw()) retries++;
    expect(retries).toBe(granted);
  });

  it("forgets calls and retries older than the window, second by second", () => {
    let now = 0;
    const budget = new RetryBudget({ ratio: 1, minPerSecond: 0 }, () => now);
    budget.deposit(); // second 0
    now = 5_000;
    budget.deposit(); // second 5
    expect(budget.withdraw()).toBe(true);
    expect(budget.withdraw()).toBe(true);
    expect(budget.withdraw()).toBe(false);
    now = 10_000; // second 0 has left the window: 1 call left, 2 retries (second 5) still count
    expect(budget.withdraw()).toBe(false);
    now = 15_000; // everything has left
    expect(budget.withdraw()).toBe(false);
    budget.deposit();
    expect(budget.withdraw()).toBe(true);
  });

  it("forgets a stale second even when its bucket has not been reused yet", () => {
    let now = 0;
    const budget = new RetryBudget({ ratio: 1, minPerSecond: 0 }, () => now);
    budget.deposit(); // second 0, bucket 0
    now = 12_000; // bucket 2; second 0 is 12 s old
    expect(budget.withdraw()).toBe(false);
  });
});
