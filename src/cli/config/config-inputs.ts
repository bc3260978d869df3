/**
 * The inputs of the nearest config, as paths relative to the cwd (config paths are relative to
 * the config file's directory), for commands that default to them (`breaking --against`).
 */
import { relative, resolve } from "node:path";
import type { Result } from "../../diagnostics/diagnostic.js";
import { loadConfig } from "./find-config.js";

/** The config's inputs relative to `cwd`; `value` is undefined when there is no config. */
export function configInputs(cwd: string, explicit?: string): Result<readonly string[] | undefined> {
  const loaded = loadConfig(cwd, explicit);
  if (loaded.value === undefined) return { value: undefined, diagnostics: loaded.diagnostics };
  const { config, dir } = loaded.value;
  return { value: config.inputs.map((input) => relative(cwd, resolve(dir, input)) || "."), diagnostics: [] };
}
