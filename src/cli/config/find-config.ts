/**
 * Finds and loads the config: `varlink-codegen.config.json`, or the `"varlink-codegen"` key of a
 * package.json, in the cwd or the nearest parent directory that has either (the config file wins
 * when one directory has both).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { Result } from "../../diagnostics/diagnostic.js";
import { SourceFile } from "../../diagnostics/source-file.js";
import { parseJsonWithSpans } from "./json-spans.js";
import { validateConfig, type Config } from "./schema.js";

/** The config file name looked for in every directory from the cwd up. */
export const CONFIG_FILE = "varlink-codegen.config.json";

/** A loaded config and where it came from; its relative paths resolve against `dir`. */
export interface LoadedConfig {
  readonly config: Config;
  /** The file it was read from. */
  readonly path: string;
  /** The directory paths in the config are relative to. */
  readonly dir: string;
}

/**
 * Loads `explicit` when given (a config file, or a package.json), else searches from `cwd` up.
 * `value` is undefined when no config exists or it has errors (then diagnostics say why).
 */
export function loadConfig(cwd: string, explicit?: string): Result<LoadedConfig | undefined> {
  if (explicit !== undefined) return readConfigAt(resolve(cwd, explicit), cwd, true);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of [CONFIG_FILE, "package.json"]) {
      const path = join(dir, name);
      if (!existsSync(path)) continue;
      const found = readConfigAt(path, cwd, false);
      if (found.value !== undefined || found.diagnostics.length > 0) return found;
    }
    if (dirname(dir) === dir) return { value: undefined, diagnostics: [] };
  }
}

function readConfigAt(path: string, cwd: string, explicit: boolean): Result<LoadedConfig | undefined> {
  const shown = relative(cwd, path) || path;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    // Found by the search or named with -c, then unreadable (permissions, a directory, a race).
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    const diagnostic = {
      code: "VL356",
      severity: "error" as const,
      message: `cannot read the config: ${reason}`,
      file: new SourceFile(shown, ""),
      start: 0,
      end: 0,
    };
    return { value: undefined, diagnostics: [diagnostic] };
  }
  const file = new SourceFile(shown, text);
  const isPackageJson = path.endsWith("package.json") && !path.endsWith(CONFIG_FILE);
  // A package.json without our key is not a config; don't complain about its syntax either.
  if (isPackageJson && !explicit && !text.includes('"varlink-codegen"'))
    return { value: undefined, diagnostics: [] };
  const parsed = parseJsonWithSpans(file);
  if (parsed.value === undefined) return { value: undefined, diagnostics: parsed.diagnostics };
  let root = parsed.value;
  let label = "the config";
  if (isPackageJson) {
    const entry = root.kind === "object" ? root.entries.find((e) => e.key === "varlink-codegen") : undefined;
    if (entry === undefined) {
      const diagnostic = {
        code: "VL355",
        severity: "error" as const,
        message: "package.json has no 'varlink-codegen' key",
        file,
        start: 0,
        end: Math.min(1, text.length),
      };
      return { value: undefined, diagnostics: explicit ? [diagnostic] : [] };
    }
    root = entry.value;
    label = "'varlink-codegen' in package.json";
  }
  const validated = validateConfig(root, file, label);
  if (validated.value === undefined) return { value: undefined, diagnostics: validated.diagnostics };
  return { value: { config: validated.value, path, dir: dirname(path) }, diagnostics: [] };
}
