/**
 * `generate --watch`: runs `generate`, then again whenever a `.varlink` input or the config file
 * changes (debounced, so an editor's save burst is one run). Errors are printed and the watch
 * goes on; SIGINT/SIGTERM end it with exit code 0.
 */
import { existsSync, statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { loadConfig } from "../config/find-config.js";
import { ExitCode } from "../exit-code.js";
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

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let again = false;
  const trigger = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // One run at a time; a change during a run schedules exactly one more.
      if (again) return;
      again = true;
      running = running.then(async () => {
        again = false;
        process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] change detected, generating\n`);
        await runGenerate(cwd, args, flags, mode);
      });
    }, DEBOUNCE_MS);
  };
  const watchers: FSWatcher[] = [];
  for (const [dir, recursive] of roots) {
    watchers.push(
      watch(dir, { recursive }, (_event, name) => {
        const file = name === null ? "" : basename(name.toString());
        if (
          file.endsWith(".varlink") ||
          (configPath !== undefined && resolve(dir, name?.toString() ?? "") === configPath)
        )
          trigger();
      }),
    );
  }
  process.stderr.write(
    `watching ${[...roots.keys()].length} director${roots.size === 1 ? "y" : "ies"} for changes (Ctrl-C to stop)\n`,
  );
  return new Promise((done) => {
    const stop = (): void => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      void running.then(() => done(ExitCode.Ok));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
