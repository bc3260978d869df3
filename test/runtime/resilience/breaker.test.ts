/**
 * CircuitBreaker: every transition (closed → open → half-open → closed | open), the half-open
 * trial slots, and the fail-fast error, with an injected clock. Table-driven: each row is a
 * script of steps and the state (and availability) expected after each.
 */
import { describe, expect, it } from "vitest";
import {
  CircuitBreaker,
  type BreakerState,
} from "../../../packages/runtime/src/client/resilience/breaker.js";
import { CircuitOpenError, ClientErrors, VarlinkError } from "../../../packages/runtime/src/errors.js";

type Step =
  | "success"
  | "failure"
  | "release"
  | "admit" // must pass
  | "refused" // admit must throw CircuitOpenError
  | { wait: number };

interface Row {
  name: string;
  options: { failureThreshold?: number; openMs?: number; halfOpenProbes?: number };
  /** Each step and the state (with available()) expected right after it. */
  script: [Step, BreakerState, boolean][];
}

const rows: Row[] = [
  {
    name: "closed stays closed below the threshold; a success resets the count",
    options: { failureThreshold: 3 },
    script: [
      ["failure", "closed", true],
      ["failure", "closed", true],
      ["success", "closed", true],
      ["failure", "closed", true],
      ["failure", "closed", true],
      ["failure", "open", false],
    ],
  },
  {
    name: "open fails fast until openMs, then half-open admits one trial; its success closes",
    options: { failureThreshold: 1, openMs: 1000 },
    script: [
      ["failure", "open", false],
      ["refused", "open", false],
      [{ wait: 999 }, "open", false],
      ["refused", "open", false],
      [{ wait: 1 }, "half-open", true],
      ["admit", "half-open", false],
      ["refused", "half-open", false],
      ["success", "closed", true],
      ["admit", "closed", true],
    ],
  },
  {
    name: "a failed trial opens the circuit again for another openMs",
    options: { failureThreshold: 2, openMs: 100 },
    script: [
      ["failure", "closed", true],
      ["failure", "open", false],
      [{ wait: 100 }, "half-open", true],
      ["admit", "half-open", false],
      ["failure", "open", false],
      [{ wait: 99 }, "open", false],
      [{ wait: 1 }, "half-open", true],
      ["admit", "half-open", false],
      ["success", "closed", true],
      // The count restarted: one failure does not reopen it.
      ["failure", "closed", true],
    ],
  },
  {
    name: "halfOpenProbes trials at a time; the first success closes",
    options: { failureThreshold: 1, openMs: 10, halfOpenProbes: 2 },
    script: [
      ["failure", "open", false],
      [{ wait: 10 }, "half-open", true],
      ["admit", "half-open", true],
      ["admit", "half-open", false],
      ["refused", "half-open", false],
      ["success", "closed", true],
    ],
  },
  {
    name: "outcomes reported while open (calls admitted before it opened) change nothing",
    options: { failureThreshold: 1, openMs: 50 },
    script: [
      ["failure", "open", false],
      ["success", "open", false],
      ["failure", "open", false],
      [{ wait: 50 }, "half-open", true], // the late failure did not extend the open time
    ],
  },
  {
    name: "a trial that never reports frees its slot after openMs",
    options: { failureThreshold: 1, openMs: 100 },
    script: [
      ["failure", "open", false],
      [{ wait: 100 }, "half-open", true],
      ["admit", "half-open", false],
      [{ wait: 99 }, "half-open", false],
      [{ wait: 1 }, "half-open", true],
      ["admit", "half-open", false],
    ],
  },
  {
    name: "release() frees a trial slot without closing or opening; closed, it changes nothing",
    options: { failureThreshold: 2, openMs: 100 },
    script: [
      ["failure", "closed", true],
      ["release", "closed", true],
      ["failure", "open", false],
      ["release", "open", false],
      [{ wait: 100 }, "half-open", true],
      ["admit", "half-open", false],
      ["release", "half-open", true],
      ["admit", "half-open", false],
      ["success", "closed", true],
    ],
  },
];

describe("CircuitBreaker transitions", () => {
  it.each(rows)("$name", ({ options, script }) => {
    let now = 1_000_000;
    const changes: BreakerState[] = [];
    const breaker = new CircuitBreaker({ ...options, now: () => now });
    breaker.onStateChange = (state) => changes.push(state);
    const seen: BreakerState[] = ["closed"];
    script.forEach(([step, state, available], i) => {
      if (step === "success") breaker.success();
      else if (step === "failure") breaker.failure();
      else if (step === "release") breaker.release();
      else if (step === "admit") breaker.admit();
      else if (step === "refused") expect(() => breaker.admit()).toThrow(CircuitOpenError);
      else now += step.wait;
      expect([i, breaker.state, breaker.available()]).toEqual([i, state, available]);
      if (seen.at(-1) !== state) seen.push(state);
    });
    // onStateChange reported each change once, in order.
    expect(["closed", ...changes]).toEqual(seen);
  });

  it("defaults: 5 consecutive failures open it for 5 s, one trial", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ now: () => now });
    for (let i = 0; i < 4; i++) breaker.failure();
    expect(breaker.state).toBe("closed");
    breaker.failure();
    expect(breaker.state).toBe("open");
    now = 4999;
    expect(breaker.available()).toBe(false);
    now = 5000;
    expect(breaker.available()).toBe(true);
    breaker.admit();
    expect(breaker.available()).toBe(false);
  });

  it("available() admits nothing: asking twice in half-open leaves the trial slot free", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 1, now: () => now });
    breaker.failure();
    now = 1;
    expect([breaker.available(), breaker.available()]).toEqual([true, true]);
    breaker.admit();
    expect(breaker.available()).toBe(false);
  });

  it("fails fast with a typed, transient VarlinkError that says nothing was sent", () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, now: () => 0 });
    breaker.failure();
    let caught: unknown;
    try {
      breaker.admit();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CircuitOpenError);
    expect(caught).toBeInstanceOf(VarlinkError);
    expect(caught).toMatchObject({
      name: "CircuitOpenError",
      error: ClientErrors.CircuitOpen,
      kind: "circuit-open",
      written: false,
      transient: true,
      parameters: {},
    });
    expect((caught as Error).message).toMatch(
      /circuit open after 1 consecutive failures; trial call in 5000 ms/,
    );
  });
});
