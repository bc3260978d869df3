/**
 * The start-up fast path of a no-op `generate` (a prebuild hook on every build): before
 * commander and the command registry are loaded, read argv, plan, fingerprint and check the
 * manifests; when every target is up to date, print what `runGenerate` prints and finish.
 *
 * It only ever says "nothing to do". On any doubt (another command, `--help`, `--check`,
 * `--force`, `--watch`, `--error-format`, an unknown or repeated flag, an attached short value,
 * a bad choice, a config or input problem, a stale target, an exception) it returns false and
 * the normal CLI runs from scratch, so commander still owns every message and exit code.
 */
import {
  formatChoices,
  importExtensionChoices,
  importExtensionOf,
  intChoices,
  isJobCount,
} from "./flag-choices.js";
import { assessTargets, shownDir, targetUpToDate } from "./freshness.js";
import type { ExplicitFlags } from "./targets.js";

/** Inputs and explicit flags of a plain `generate` command line, as commander would read them. */
export interface PlainGenerate {
  readonly paths: readonly string[];
  readonly flags: ExplicitFlags;
}

const valueFlags: Readonly<Record<string, string>> = {
  "-o": "out",
  "--out": "out",
  "-c": "config",
  "--config": "config",
  "--int": "int",
  "--import-extension": "importExtension",
  "--runtime": "runtime",
  "--format": "format",
  // Changes how a run works, not what it writes: accepted (when well formed) and ignored.
  "--jobs": "jobs",
};

/**
 * Reads `args` (argv after the script) when it is `generate` with only inputs and the flags that
 * select what is generated; undefined for anything else. Values starting with `-` and repeated
 * flags are refused rather than guessed at.
 */
export function parsePlainGenerate(args: readonly string[]): PlainGenerate | undefined {
  if (args[0] !== "generate") return undefined;
  const paths: string[] = [];
  const values = new Map<string, string>();
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-")) {
      paths.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const key = valueFlags[name];
    if (key === undefined || values.has(key)) return undefined;
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === "" || value.startsWith("-")) return undefined;
    values.set(key, value);
  }
  const int = values.get("int");
  const extension = values.get("importExtension");
  const isInt = (v: string): v is (typeof intChoices)[number] =>
    (intChoices as readonly string[]).includes(v);
  const isExtension = (v: string): v is (typeof importExtensionChoices)[number] =>
    (importExtensionChoices as readonly string[]).includes(v);
  if (int !== undefined && !isInt(int)) return undefined;
  if (extension !== undefined && !isExtension(extension)) return undefined;
  const format = values.get("format");
  const isFormat = (v: string): v is (typeof formatChoices)[number] =>
    (formatChoices as readonly string[]).includes(v);
  if (format !== undefined && !isFormat(format)) return undefined;
  const jobs = values.get("jobs");
  if (jobs !== undefined && !isJobCount(jobs)) return undefined;
  const out = values.get("out");
  const config = values.get("config");
  const runtime = values.get("runtime");
  return {
    paths,
    flags: {
      ...(out === undefined ? {} : { out }),
      ...(config === undefined ? {} : { config }),
      ...(int === undefined ? {} : { int }),
      ...(extension === undefined ? {} : { importExtension: importExtensionOf(extension) }),
      ...(runtime === undefined ? {} : { runtime }),
      ...(format === undefined ? {} : { format }),
    },
  };
}

/**
 * Finishes a no-op `generate` without the rest of the CLI: returns the lines to print when
 * every target is up to date, undefined when the normal CLI must run.
 */
export function fastNoop(args: readonly string[], cwd: string): string | undefined {
  const plain = parsePlainGenerate(args);
  if (plain === undefined) return undefined;
  try {
    const assessed = assessTargets(cwd, plain.paths, plain.flags);
    if (!("targets" in assessed)) return undefined;
    if (!assessed.targets.every((t) => targetUpToDate(t, assessed.prints))) return undefined;
    return assessed.targets.map((t) => `${shownDir(cwd, t.outDir)}: up to date\n`).join("");
  } catch {
    // Unreadable files and the like: the normal path reports them properly.
    return undefined;
  }
}
