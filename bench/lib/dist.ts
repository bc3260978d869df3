/**
 * The built CLI (bin/varlink-codegen.js -> dist/), which the cold-start scenarios run as users do.
 * Built once per bench run with `npm run build` so the figures are for the current sources.
 */
import { join } from "node:path";
import type { BenchContext } from "./context.js";
import { timedRun } from "./child.js";

let built: Promise<string> | undefined;

/** Builds dist/ (once per run) and returns the path of bin/varlink-codegen.js. */
export function builtCli(context: BenchContext): Promise<string> {
  built ??= (async () => {
    context.log("building dist/ (npm run build)");
    await timedRun("npm", ["run", "--silent", "build"], { cwd: context.root });
    return join(context.root, "bin", "varlink-codegen.js");
  })();
  return built;
}
