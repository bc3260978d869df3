/**
 * A circuit breaker for one endpoint (closed → open → half-open → closed), in the shape a
 * service client drives it: it asks `available()` to skip ejected endpoints before balancing,
 * `admit()` just before sending, and reports each call's outcome with `success()` /
 * `failure()` (or `release()` when the outcome says nothing about the endpoint). No timers: the open → half-open move is decided lazily from the clock when the
 * breaker is asked, so an idle breaker costs nothing and tests inject the clock.
 */
import { CircuitOpenError } from "../../errors.js";

/** Where a breaker is: passing calls, failing them fast, or letting a few trial calls through. */
export type BreakerState = "closed" | "open" | "half-open";

/** Thresholds of a {@link CircuitBreaker}. */
export interface BreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  readonly failureThreshold?: number;
  /** How long the circuit stays open before trial calls are let through (default 5000 ms). */
  readonly openMs?: number;
  /** Trial calls admitted at the same time while half-open (default 1). */
  readonly halfOpenProbes?: number;
  /** The clock in ms (default `Date.now`); injectable for tests. */
  readonly now?: () => number;
}

/**
 * Consecutive-failure circuit breaker.
 * - closed: every call passes; `failureThreshold` failures in a row (a success resets the count)
 *   open the circuit.
 * - open: `admit()` throws {@link CircuitOpenError} until `openMs` have passed since it opened;
 *   then the breaker is half-open.
 * - half-open: up to `halfOpenProbes` calls at a time are admitted as trials. The first success
 *   closes the circuit; a failure opens it again for another `openMs`. A trial that never reports
 *   (a `more` stream nobody iterated) frees its slot after `openMs`, so the endpoint cannot stay
 *   ejected for ever because of a lost report.
 *
 * Outcomes reported while open (calls admitted before it opened and finishing late) are ignored:
 * they say nothing about the endpoint after the failures that opened it.
 */
export class CircuitBreaker {
  /** Called after each state change (for logs and metrics). */
  onStateChange: ((state: BreakerState) => void) | undefined;

  readonly #failureThreshold: number;
  readonly #openMs: number;
  readonly #halfOpenProbes: number;
  readonly #now: () => number;
  #state: BreakerState = "closed";
  /** Consecutive failures while closed. */
  #failures = 0;
  /** When the circuit last opened (ms, per `now`). */
  #openedAt = 0;
  /** Start times of the trial calls admitted while half-open and not reported yet. */
  #probes: number[] = [];

  constructor(options: BreakerOptions = {}) {
    this.#failureThreshold = Math.max(1, options.failureThreshold ?? 5);
    this.#openMs = Math.max(0, options.openMs ?? 5000);
    this.#halfOpenProbes = Math.max(1, options.halfOpenProbes ?? 1);
    this.#now = options.now ?? Date.now;
  }

  /** The current state (an open circuit whose `openMs` have passed reads as half-open). */
  get state(): BreakerState {
    if (this.#state === "open" && this.#now() - this.#openedAt >= this.#openMs) {
      this.#probes = [];
      this.#move("half-open");
    }
    return this.#state;
  }

  /** Would {@link CircuitBreaker.admit} pass now? Admits nothing. */
  available(): boolean {
    switch (this.state) {
      case "closed":
        return true;
      case "open":
        return false;
      case "half-open":
        return this.#freeProbes();
    }
  }

  /**
   * Lets one call through (counting it as a trial when half-open), or throws
   * {@link CircuitOpenError} without sending anything.
   */
  admit(): void {
    if (!this.available()) {
      const retryInMs = this.#state === "open" ? this.#openedAt + this.#openMs - this.#now() : 0;
      throw new CircuitOpenError(
        this.#state === "open"
          ? `circuit open after ${this.#failureThreshold} consecutive failures; trial call in ${Math.max(0, retryInMs)} ms`
          : `circuit half-open: ${this.#halfOpenProbes} trial call(s) already in flight`,
      );
    }
    if (this.#state === "half-open") this.#probes.push(this.#now());
  }

  /** The endpoint answered (an error reply counts: the service is there and deciding). */
  success(): void {
    switch (this.state) {
      case "closed":
        this.#failures = 0;
        return;
      case "open":
        return;
      case "half-open":
        this.#failures = 0;
        this.#probes = [];
        this.#move("closed");
    }
  }

  /** The endpoint failed the call (connection refused or lost, timeout, overload). */
  failure(): void {
    switch (this.state) {
      case "closed":
        if (++this.#failures >= this.#failureThreshold) this.#open();
        return;
      case "open":
        return;
      case "half-open":
        this.#open();
    }
  }

  /**
   * The call ended without saying anything about the endpoint (the caller aborted it, this
   * client refused it locally): half-open, its trial slot is freed without closing or opening.
   */
  release(): void {
    if (this.state === "half-open") this.#probes.shift();
  }

  /** Half-open: is a trial slot free (slots of trials older than `openMs` count as free)? */
  #freeProbes(): boolean {
    const now = this.#now();
    this.#probes = this.#probes.filter((started) => now - started < this.#openMs);
    return this.#probes.length < this.#halfOpenProbes;
  }

  #open(): void {
    this.#openedAt = this.#now();
    this.#failures = 0;
    this.#probes = [];
    this.#move("open");
  }

  #move(state: BreakerState): void {
    this.#state = state;
    this.onStateChange?.(state);
  }
}
