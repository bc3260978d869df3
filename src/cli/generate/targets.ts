/**
 * What `generate` should do: the input paths and one or more output targets, from the config
 * (found by walking up from the cwd) with the command-line flags layered on top. A flag given
 * on the command line overrides the same option of every target; `-o` replaces the targets'
 * output directories and is only allowed when there is at most one target.
 */
import { relative, resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { loadConfig } from "../config/find-config.js";

/** The generator options a target sets (the CLI's view of `GenerateOptions`). */
export interface TargetOptions {
  readonly int: "number" | "bigint";
  readonly importExtension: ".js" | ".ts" | "";
  readonly runtime: string;
  readonly format: "emitter" | "prettier";
}

/** One output directory and its options. */
export interface Target {
  /** Absolute output directory. */
  readonly outDir: string;
  readonly options: TargetOptions;
}

/** Inputs (relative to the cwd) and targets, or why they could not be worked out. */
export type Plan =
  | {
      readonly inputs: readonly string[];
      readonly targets: readonly Target[];
      readonly configPath: string | undefined;
    }
  | { readonly usage: string }
  | { readonly diagnostics: readonly Diagnostic[] };

/** The defaults of every option, as in `generate()`. */
export const defaultTargetOptions: TargetOptions = {
  int: "number",
  importExtension: ".js",
  runtime: "bundled",
  format: "emitter",
};

/** The flags of `generate` that were given on the command line (others are absent). */
export interface ExplicitFlags {
  readonly out?: string;
  readonly config?: string;
  readonly int?: TargetOptions["int"];
  readonly importExtension?: TargetOptions["importExtension"];
  readonly runtime?: string;
  readonly format?: TargetOptions["format"];
}

/** Works out inputs and targets from `args` (input paths), the explicit flags and the config. */
export function planGeneration(cwd: string, args: readonly string[], flags: ExplicitFlags): Plan {
  const loaded = loadConfig(cwd, flags.config);
  if (loaded.diagnostics.length > 0) return { diagnostics: loaded.diagnostics };
  const config = loaded.value;
  const overrides = definedOptions(flags);
  const inputs =
    args.length > 0
      ? args
      : (config?.config.inputs.map((i) => relative(cwd, resolve(config.dir, i)) || ".") ?? []);
  if (inputs.length === 0) {
    return { usage: "no inputs: name .varlink files or directories, or add a config (varlink-codegen init)" };
  }
  const configured = config?.config.targets ?? [];
  if (flags.out !== undefined && configured.length > 1) {
    return {
      usage: `-o cannot be used with a config that has ${configured.length} targets (${config?.path})`,
    };
  }
  const targets: Target[] =
    flags.out !== undefined
      ? [{ outDir: resolve(cwd, flags.out), options: { ...optionsOf(configured[0] ?? {}), ...overrides } }]
      : configured.map((t) => ({
          outDir: resolve(config!.dir, t.outDir),
          options: { ...optionsOf(t), ...overrides },
        }));
  if (targets.length === 0)
    return { usage: "no output directory: pass -o <dir>, or add a config (varlink-codegen init)" };
  return { inputs, targets, configPath: config?.path };
}

/** The option fields of `source` that are set. */
function definedOptions(source: Partial<Record<keyof TargetOptions, unknown>>): Partial<TargetOptions> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaultTargetOptions) as (keyof TargetOptions)[]) {
    if (source[key] !== undefined) out[key] = source[key];
  }
  return out as Partial<TargetOptions>;
}

/** A configured target's options with the defaults filled in. */
function optionsOf(target: Partial<Record<keyof TargetOptions, unknown>>): TargetOptions {
  return { ...defaultTargetOptions, ...definedOptions(target) };
}
