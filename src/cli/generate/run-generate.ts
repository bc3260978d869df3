/**
 * `generate`: plan targets (config + flags), then per target either skip (the manifest says
 * nothing changed), check (`--check`: compare with the disk, write nothing), or write. The
 * front end, the generator and prettier (with `--format prettier`) load only when some target has work to do.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { SourceFile } from "../../diagnostics/source-file.js";
import type { ErrorFormat } from "../error-format.js";
import { ExitCode } from "../exit-code.js";
import { printProblems, stderrColor } from "../terminal.js";
import { describeWriteError } from "../write-error.js";
import type * as DriftModule from "./drift.js";
import type { Drift } from "./drift.js";
import { assessTargets, shownDir, targetUpToDate } from "./freshness.js";
import { readManifest, writeManifest } from "./manifest.js";
import { capOptimisingTierForShortRun } from "./tiering.js";
import type { ExplicitFlags, Target } from "./targets.js";

/** How `generate` runs, beside what it generates. */
export interface RunMode {
  /** Write nothing; exit 1 when any output would change. */
  readonly check: boolean;
  /** Ignore the manifest and regenerate. */
  readonly force: boolean;
  readonly errorFormat: ErrorFormat;
  /**
   * The process ends after this run (not `--watch`): V8's optimising compiler may then be capped
   * for small inputs (tiering.ts).
   */
  readonly shortLived?: boolean;
  /** Threads to load and generate on (`--jobs`): a count, or `auto` (one per core, for enough inputs); default 1. */
  readonly jobs?: number | "auto";
}

/** Runs `generate` once in `cwd`; returns the exit code. */
export async function runGenerate(
  cwd: string,
  args: readonly string[],
  flags: ExplicitFlags,
  mode: RunMode,
): Promise<number> {
  const assessed = assessTargets(cwd, args, flags);
  if ("usage" in assessed) {
    printProblems(assessed.usage);
    return ExitCode.Usage;
  }
  if ("diagnostics" in assessed) {
    const { formatDiagnostics } = await import("../print-diagnostics.js");
    process.stderr.write(formatDiagnostics(assessed.diagnostics, mode.errorFormat, stderrColor()));
    return ExitCode.Failure;
  }
  const { targets, inputs, version, prints } = assessed;
  const shown = (outDir: string): string => shownDir(cwd, outDir);

  // The fast path: everything below this line that is heavy is behind a dynamic import.
  const work = mode.check || mode.force ? targets : targets.filter((t) => !targetUpToDate(t, prints));
  if (work.length === 0) {
    for (const t of targets) process.stdout.write(`${shown(t.outDir)}: up to date\n`);
    return ExitCode.Ok;
  }

  // Prettier is a long run of its own (tens of seconds on the corpus): it needs TurboFan.
  if (mode.shortLived === true && work.every((t) => t.options.format !== "prettier"))
    capOptimisingTierForShortRun(inputs.reduce((n, i) => n + i.text.length, 0));
  // Past the fast path: load the heavy modules (and the reporting code) only now.
  const [
    { defaultJobs, produceTargets },
    { findDrift, findOrphans, isClean },
    { formatDrift },
    { formatDiagnostics },
  ] = await Promise.all([
    import("./produce.js"),
    import("./drift.js"),
    import("./drift-report.js"),
    import("../print-diagnostics.js"),
  ]);
  const sources = inputs.map((i) => new SourceFile(i.name, i.text));
  const jobs = mode.jobs === "auto" ? defaultJobs(sources.length) : (mode.jobs ?? 1);
  const produced = await produceTargets(sources, work, jobs);
  if (produced.loadDiagnostics.length > 0)
    process.stderr.write(formatDiagnostics(produced.loadDiagnostics, mode.errorFormat, stderrColor()));
  if (hasErrors(produced.loadDiagnostics)) return ExitCode.Failure;

  const drifts: Drift[] = [];
  for (const target of targets) {
    if (!work.includes(target)) {
      process.stdout.write(`${shown(target.outDir)}: up to date\n`);
      continue;
    }
    const result = produced.results[work.indexOf(target)]!;
    if (result.diagnostics.length > 0)
      process.stderr.write(formatDiagnostics(result.diagnostics, mode.errorFormat, stderrColor()));
    if (result.diagnostics.some((d) => d.severity === "error")) return ExitCode.Failure;
    if (mode.check)
      drifts.push(findDrift(target.outDir, shown(target.outDir), result.value, readManifest(target.outDir)));
    else {
      try {
        writeTarget(target, result.value, version, prints.get(target)!, shown(target.outDir), findOrphans);
      } catch (error) {
        // Permissions, a read-only or full disk, a file where a directory should be: the user's
        // to fix, not a bug; one line (exit 1, as for any failed run), no stack.
        const problem = describeWriteError(error, cwd, target.outDir);
        if (problem === undefined) throw error;
        printProblems([problem]);
        return ExitCode.Failure;
      }
    }
  }
  if (!mode.check) return ExitCode.Ok;
  process.stdout.write(formatDrift(drifts, mode.errorFormat, shown));
  return drifts.every(isClean) ? ExitCode.Ok : ExitCode.Failure;
}

/**
 * Writes one target: only files whose content changed (so build tools watching mtimes stay
 * calm), removes files the previous run wrote that are no longer generated, then the manifest.
 */
function writeTarget(
  target: Target,
  files: readonly { path: string; text: string }[],
  version: string,
  print: string,
  shown: string,
  findOrphans: typeof DriftModule.findOrphans,
): void {
  const previous = readManifest(target.outDir);
  let written = 0;
  for (const file of files) {
    const full = join(target.outDir, file.path);
    if (existsSync(full) && readFileSync(full, "utf8") === file.text) continue;
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, file.text);
    written++;
  }
  const removed = findOrphans(target.outDir, new Set(files.map((f) => f.path)), previous);
  for (const path of removed) rmSync(join(target.outDir, path), { force: true });
  mkdirSync(target.outDir, { recursive: true });
  writeManifest(target.outDir, version, print, files);
  process.stdout.write(
    `${shown}: ${written} file${written === 1 ? "" : "s"} written` +
      (removed.length > 0 ? `, ${removed.length} removed` : "") +
      "\n",
  );
  const modules = files.filter((f) => !f.path.startsWith("runtime/"));
  const runtime = files.length - modules.length;
  for (const m of modules) process.stdout.write(`${join(shown, m.path)}\n`);
  if (runtime > 0)
    process.stdout.write(`${join(shown, "runtime")}/ (${runtime} files, the bundled runtime)\n`);
}
