/**
 * The options of one `generate()` run, validated up front (STYLE §9: one options object, no
 * options whose meaning depends on each other).
 */

/** How Varlink `int` is typed: `number` (JSON numbers only) or `bigint` (64-bit exact, see docs/codegen.md). */
export type IntMode = "number" | "bigint";

/** The extension written on relative import specifiers: `.js` (NodeNext), `.ts`, or none (bundlers). */
export type ImportExtension = ".js" | ".ts" | "";

/**
 * Who formats generated modules: the emitter itself (default: formatted as it is printed, no
 * prettier loaded) or prettier with the options in `prettier` (for users who commit generated
 * code under their own prettier config).
 */
export type Formatter = "emitter" | "prettier";

/** Options of `generate()`. Every field has a default; see `resolveOptions`. */
export interface GenerateOptions {
  /** How `int` is typed; default `number`. */
  readonly int?: IntMode;
  /** Relative import specifier extension; default `.js`. */
  readonly importExtension?: ImportExtension;
  /**
   * `"bundled"` (default) copies the runtime sources into `runtime/` beside the output; anything
   * else is the module specifier generated code imports the runtime from (e.g. `@varlink-codegen/runtime`).
   */
  readonly runtime?: string;
  /** Who formats the generated modules; default `emitter`. */
  readonly format?: Formatter;
  /** Prettier options with `format: "prettier"` (resolved by the caller, e.g. from the user's config); default none. */
  readonly prettier?: Readonly<Record<string, unknown>>;
  /** The version written in the banner; default the package version. Tests pin it. */
  readonly version?: string;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  readonly int: IntMode;
  readonly importExtension: ImportExtension;
  readonly runtime: "bundled" | { readonly specifier: string };
  readonly format: Formatter;
  readonly prettier: Readonly<Record<string, unknown>>;
  readonly version: string;
}

/** Applies defaults. `version` falls back to `packageVersion`. */
export function resolveOptions(options: GenerateOptions, packageVersion: string): ResolvedOptions {
  const runtime = options.runtime ?? "bundled";
  return {
    int: options.int ?? "number",
    importExtension: options.importExtension ?? ".js",
    runtime: runtime === "bundled" ? "bundled" : { specifier: runtime },
    format: options.format ?? "emitter",
    prettier: options.prettier ?? {},
    version: options.version ?? packageVersion,
  };
}
