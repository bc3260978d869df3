/**
 * The tool's version, from its package.json. Its own module (node: builtins only) so `--version`
 * is answered in `main.ts` before commander and the command registry load.
 */
import { readFileSync } from "node:fs";

/** The `version` field of varlink-codegen's package.json. */
export function toolVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

/** True for a command line that is only `--version` (or `-V`), which commander answers the same way. */
export function isVersionOnly(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === "--version" || args[0] === "-V");
}
