/**
 * The heavy half of `generate`: load the interfaces with the front end (chevrotain) and run the
 * generator (and prettier with `format: "prettier"`). Only ever loaded with a dynamic `import()`, after the manifest
 * said there is work to do, so a no-op run never pays for these modules.
 */
import { join } from "node:path";
import type { Result } from "../../diagnostics/diagnostic.js";
import { generate, type GeneratedFile } from "../../generator/index.js";
import type { Interface } from "../../model/model.js";
import type { Target } from "./targets.js";

export { loadSources as loadAll } from "../load-sources.js";

/** Generates one target's files in memory, with the user's prettier config for its output folder. */
export async function produce(
  interfaces: readonly Interface[],
  target: Target,
): Promise<Result<GeneratedFile[]>> {
  const { options } = target;
  const prettier =
    options.format === "prettier"
      ? (((await (await import("prettier")).resolveConfig(join(target.outDir, "index.ts"))) ?? {}) as Record<
          string,
          unknown
        >)
      : {};
  return generate({ interfaces, options: { ...options, prettier } });
}
