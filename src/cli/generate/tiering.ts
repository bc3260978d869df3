/**
 * V8's optimising compiler (TurboFan) does not pay for itself in a short `generate`: on the
 * 200-interface bench corpus it compiles ~200 functions on a background thread, deoptimises 29
 * of them (the emitters' structure objects have many shapes) and spends ~0.9 s of CPU for a run
 * whose main thread works ~1.1 s, slowing that thread down (docs/performance.md, "tiering").
 * Capped at Maglev (`--max-opt=2`: Sparkplug on Node 20, which has no Maglev; Maglev on 22
 * and 24) the same run takes ~0.25 s less wall time and half the CPU. On much larger inputs
 * TurboFan wins again (1,000 interfaces: 3.9 s with it, 4.9 s without), so the cap is applied
 * only below {@link SHORT_RUN_SOURCE_BYTES}, and the caller (run-generate.ts) applies it neither in
 * `--watch` (a long-lived process) nor with `--format prettier` (prettier's own run is long:
 * capped, the corpus took 38.6 s instead of 12.8 s).
 */
import { setFlagsFromString } from "node:v8";

/** Total input text below which a run is short enough (about 350 bench-corpus interfaces). */
export const SHORT_RUN_SOURCE_BYTES = 320 * 1024;

/** The V8 flag that caps the tier (Node 20, 22 and 24 accept it: test/cli/tiering.test.ts). */
export const SHORT_RUN_V8_FLAG = "--max-opt=2";

/**
 * Caps V8's optimising tier for the rest of the process when `sourceLength` (UTF-16 units of
 * all inputs) is below the short-run size. Process-wide, so worker threads inherit it; call it
 * before the generator's code gets hot.
 */
export function capOptimisingTierForShortRun(sourceLength: number): boolean {
  if (sourceLength >= SHORT_RUN_SOURCE_BYTES) return false;
  setFlagsFromString(SHORT_RUN_V8_FLAG);
  return true;
}
