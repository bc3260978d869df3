/**
 * `generate`: plan targets (config + flags), then per target either skip (the manifest says
 * nothing changed), check (`--check`: compare with the disk, write nothing), or write. The
 * front end, ts-morph and prettier load only when some target has work to do.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { SourceFile } from "../../diagnostics/source-file.js";
import type { ErrorFormat } from "../error-format.js";
import { ExitCode } from "../exit-code.js";
import { collectInputFiles } from "../input-files.js";
import { readSource } from "../read-source.js";
import { printProblems, stderrColor } from "../terminal.js";
import { describeWriteError } from "../write-error.js";
import type * as DriftModule from "./drift.js";
import type { Drift } from "./drift.js";
import { fingerprint, isUpToDate, readManifest, toolVersion, writeManifest } from "./manifest.js";
import { planGeneration, type ExplicitFlags, type Target } from "./targets.js";

/** How `generate` runs, beside what it generates. */
export interface RunMode {
  /** Write nothing; exit 1 when any output would change. */
  readonly check: boolean;
  /** Ignore the manifest and regenerate. */
  readonly force: boolean;
  readonly errorFormat: ErrorFormat;
}

/** Runs `generate` once in `cwd`; returns the exit code. */
export async function runGenerate(
  cwd: string,
  args: readonly string[],
  flags: ExplicitFlags,
  mode: RunMode,
): Promise<number> {
  const plan = planGeneration(cwd, args, flags);
  if ("usage" in plan) {
    printProblems([plan.usage]);
    return ExitCode.Usage;
  }
  if ("diagnostics" in plan) {
    const { formatDiagnostics } = await import("../print-diagnostics.js");
    process.stderr.write(formatDiagnostics(plan.diagnostics, mode.errorFormat, stderrColor()));
    return ExitCode.Failure;
  }
  const collected = collectInputFiles(plan.inputs, cwd);
  const paths = collected.files;
  const problems = [...collected.problems];
  // An output path that is a file would fail only after all the work, at the first mkdir.
  for (const t of plan.targets) {
    if (existsSync(t.outDir) && !statSync(t.outDir).isDirectory())
      problems.push(
        `output directory '${relative(cwd, t.outDir) || "."}' is a file; name a directory with -o`,
      );
  }
  if (problems.length > 0) {
    printProblems(problems);
    return ExitCode.Usage;
  }
  const reads = paths.map((p) => ({ path: resolve(cwd, p), name: p, read: readSource(resolve(cwd, p), p) }));
  const unreadable = reads.flatMap(({ read }) => ("problem" in read ? [read.problem] : []));
  if (unreadable.length > 0) {
    printProblems(unreadable);
    return ExitCode.Usage;
  }
  const inputs = reads.map(({ path, name, read }) => ({ path, name, text: "text" in read ? read.text : "" }));
  const version = toolVersion();
  const shown = (outDir: string): string => relative(cwd, outDir) || ".";

  // The fast path: everything below this line that is heavy is behind a dynamic import.
  const prints = new Map(plan.targets.map((t) => [t, fingerprint(version, t.outDir, inputs, t.options)]));
  const work =
    mode.check || mode.force
      ? plan.targets
      : plan.targets.filter((t) => !isUpToDate(t.outDir, readManifest(t.outDir), prints.get(t)!));
  if (work.length === 0) {
    for (const t of plan.targets) process.stdout.write(`${shown(t.outDir)}: up to date\n`);
    return ExitCode.Ok;
  }

  // Past the fast path: load the heavy modules (and the reporting code) only now.
  const [{ loadAll, produce }, { findDrift, findOrphans, isClean }, { formatDrift }, { formatDiagnostics }] =
    await Promise.all([
      import("./produce.js"),
      import("./drift.js"),
      import("./drift-report.js"),
      import("../print-diagnostics.js"),
    ]);
  const loaded = loadAll(inputs.map((i) => new SourceFile(i.name, i.text)));
  if (loaded.diagnostics.length > 0)
    process.stderr.write(formatDiagnostics(loaded.diagnostics, mode.errorFormat, stderrColor()));
  if (loaded.diagnostics.some((d) => d.severity === "error")) return ExitCode.Failure;

  const drifts: Drift[] = [];
  for (const target of plan.targets) {
    if (!work.includes(target)) {
      process.stdout.write(`${shown(target.outDir)}: up to date\n`);
      continue;
    }
    const result = await produce(loaded.interfaces, target);
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
