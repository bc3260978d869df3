/**
 * Time limits for tests, in one place. The rule (docs/hardening.md, "Tests on a slow machine"):
 * a test waits for events (a reply, a line of output, a process exiting), never for an amount
 * of time, and asserts nothing about durations. A time limit exists only so that something hung
 * fails instead of stalling the run: it must be far beyond what a busy machine needs, so a
 * limit is scaled by `VLC_TEST_TIME_SCALE` (default 1) on machines slower still.
 */

const scale = Number(process.env["VLC_TEST_TIME_SCALE"] ?? "") || 1;

/** `ms` times VLC_TEST_TIME_SCALE. */
export function scaled(ms: number): number {
  return Math.round(ms * scale);
}

/**
 * How long one spawned process (a CLI run, tsc, npm, a Go peer) may take before it is killed as
 * hung. At load ~8 on 2 cores a CLI run that takes 1 s idle took up to 30 s.
 */
export const PROCESS_LIMIT_MS = scaled(5 * 60_000);

/**
 * How long a test waits for something in its own process (a reply over loopback, a socket
 * closing, a counter reaching a value) before it fails as hung.
 */
export const EVENT_LIMIT_MS = scaled(60_000);

/**
 * The vitest timeout of a test (or hook) that spawns `processes` processes one after another:
 * 2 minutes each (a CLI run or tsx start-up that takes 1 s idle took up to 30 s at load ~8),
 * plus a minute for the rest.
 */
export function spawningTestTimeout(processes: number): number {
  return scaled(60_000 + processes * 120_000);
}
