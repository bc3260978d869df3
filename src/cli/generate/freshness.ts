/**
 * The cheap half of `generate`: work out the targets, read the inputs and fingerprint each
 * target, then ask every manifest whether its target is up to date. Shared by `runGenerate` and
 * the start-up fast path (`fast-noop.ts`), so both decide "nothing changed" the same way. Loads
 * only node: builtins and the config reader: no commander, chevrotain, ts-morph or prettier.
 */
import { existsSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { collectInputFiles } from "../input-files.js";
import { readSource } from "../read-source.js";
import { fingerprint, isUpToDate, readManifest, toolVersion } from "./manifest.js";
import { planGeneration, type ExplicitFlags, type Target } from "./targets.js";

/** One input as read: absolute path, the path as given (for diagnostics), and its text. */
export interface ReadInput {
  readonly path: string;
  readonly name: string;
  readonly text: string;
}

/** Targets with their fingerprints, or why the run cannot go on (usage problems, config diagnostics). */
export type Freshness =
  | {
      readonly targets: readonly Target[];
      readonly inputs: readonly ReadInput[];
      readonly version: string;
      /** The fingerprint of each target. */
      readonly prints: ReadonlyMap<Target, string>;
    }
  | { readonly usage: readonly string[] }
  | { readonly diagnostics: readonly Diagnostic[] };

/** Plans the run in `cwd`, reads every input and fingerprints every target. */
export function assessTargets(cwd: string, args: readonly string[], flags: ExplicitFlags): Freshness {
  const plan = planGeneration(cwd, args, flags);
  if ("usage" in plan) return { usage: [plan.usage] };
  if ("diagnostics" in plan) return plan;
  const collected = collectInputFiles(plan.inputs, cwd);
  const problems = [...collected.problems];
  // An output path that is a file would fail only after all the work, at the first mkdir.
  for (const t of plan.targets) {
    if (existsSync(t.outDir) && !statSync(t.outDir).isDirectory())
      problems.push(`output directory '${shownDir(cwd, t.outDir)}' is a file; name a directory with -o`);
  }
  if (problems.length > 0) return { usage: problems };
  const reads = collected.files.map((p) => ({
    path: resolve(cwd, p),
    name: p,
    read: readSource(resolve(cwd, p), p),
  }));
  const unreadable = reads.flatMap(({ read }) => ("problem" in read ? [read.problem] : []));
  if (unreadable.length > 0) return { usage: unreadable };
  const inputs = reads.map(({ path, name, read }) => ({ path, name, text: "text" in read ? read.text : "" }));
  const version = toolVersion();
  const prints = new Map(plan.targets.map((t) => [t, fingerprint(version, t.outDir, inputs, t.options)]));
  return { targets: plan.targets, inputs, version, prints };
}

/** True when the manifest of `target` matches its fingerprint and every file it lists is unchanged. */
export function targetUpToDate(target: Target, prints: ReadonlyMap<Target, string>): boolean {
  return isUpToDate(target.outDir, readManifest(target.outDir), prints.get(target)!);
}

/** An output directory as printed: relative to the cwd (`.` for the cwd itself). */
export function shownDir(cwd: string, outDir: string): string {
  return relative(cwd, outDir) || ".";
}
