/**
 * `generate --watch`: runs `generate`, then again whenever a `.varlink` input or the config file
 * changes (debounced, so an editor's save burst is one run). Errors are printed and the watch
 * goes on; SIGINT/SIGTERM end it with exit code 0.
 *
 * Any event in a watched directory leads to a look at the inputs' contents, and a run only when
 * they changed: editors (and `sed -i`, `git checkout`) save by renaming a temporary file over the
 * input, and Node's recursive watcher then reports the temporary name, not the input's.
 */
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadConfig } from "../config/find-config.js";
import { ExitCode } from "../exit-code.js";
import { collectInputFiles } from "../input-files.js";
import { readSource } from "../read-source.js";
import { DirectoryWatchers } from "./dir-watchers.js";
import { runGenerate, type RunMode } from "./run-generate.js";
import { planGeneration, type ExplicitFlags } from "./targets.js";

/** How long to wait after the last change before regenerating. */
export const DEBOUNCE_MS = 150;

/** Directories to watch for `inputs` (files: their directory; dirs and glob bases: recursively). */
function watchRoots(cwd: string, inputs: readonly string[]): Map<string, boolean> {
  const roots = new Map<string, boolean>();
  for (const input of inputs) {
    const literal = input.split("/").findIndex((part) => /[*?[{]/.test(part));
    const base = resolve(cwd, literal === -1 ? input : input.split("/").slice(0, literal).join("/") || ".");
    if (!existsSync(base)) continue;
    if (statSync(base).isDirectory()) roots.set(base, true);
    else if (!roots.has(dirname(base))) roots.set(dirname(base), false);
  }
  return roots;
}

/** A digest of what a run reads: the input files found now (names and contents) and the config. */
function inputsDigest(cwd: string, inputs: readonly string[], configPath: string | undefined): string {
  const hash = createHash("sha256");
  const paths = [...collectInputFiles(inputs, cwd).files.map((p) => resolve(cwd, p)), configPath ?? ""];
  for (const path of paths) {
    const read = path === "" ? { problem: "" } : readSource(path);
    hash.update(`${path}\0${"text" in read ? read.text : `!${read.problem}`}\0`);
  }
  return hash.digest("hex");
}

/** Runs generate now and on every change until a signal arrives; resolves with the exit code. */
export async function watchGenerate(
  cwd: string,
  args: readonly string[],
  flags: ExplicitFlags,
  mode: RunMode,
): Promise<number> {
  await runGenerate(cwd, args, flags, mode);
  const plan = planGeneration(cwd, args, flags);
  const inputs = "inputs" in plan ? plan.inputs : args;
  const roots = watchRoots(cwd, inputs);
  const configPath = loadConfig(cwd, flags.config).value?.path;
  if (configPath !== undefined && !roots.has(dirname(configPath))) roots.set(dirname(configPath), false);

  let last = inputsDigest(cwd, inputs, configPath);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let again = false;
  const trigger = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // One run at a time; a change during a run schedules exactly one more.
      if (again) return;
      watchers.refresh();
      const now = inputsDigest(cwd, inputs, configPath);
      if (now === last) return;
      last = now;
      again = true;
      running = running.then(async () => {
        again = false;
        process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] change detected, generating\n`);
        await runGenerate(cwd, args, flags, mode);
      });
    }, DEBOUNCE_MS);
  };
  const watchers = new DirectoryWatchers(roots, trigger);
  process.stderr.write(
    `watching ${[...roots.keys()].length} director${roots.size === 1 ? "y" : "ies"} for changes (Ctrl-C to stop)\n`,
  );
  return new Promise((done) => {
    const stop = (): void => {
      clearTimeout(timer);
      watchers.close();
      void running.then(() => done(ExitCode.Ok));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
