/**
 * Bundles a TypeScript entry point with esbuild into one plain .mjs in the temp folder (outside
 * the repo: linters must not see it), so a measured child process runs code as users would run
 * compiled code: no tsx loader compiling TypeScript in it (which would inflate RSS and start-up).
 * Meant for entry points on node: builtins only (our server: packages/runtime/src has no npm dependency).
 */
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const cache = new Map<string, Promise<string>>();

/** Builds `bench/<entry>` once per run into `<tmp>/varlink-codegen-bench-<uid>/<name>.mjs`; returns its path. */
export function bundleScript(entry: string, name: string): Promise<string> {
  let built = cache.get(name);
  if (built === undefined) {
    const outfile = join(tmpdir(), `varlink-codegen-bench-${userInfo().uid}`, `${name}.mjs`);
    built = build({
      entryPoints: [join(here, "..", entry)],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      logLevel: "silent",
    }).then(() => outfile);
    cache.set(name, built);
  }
  return built;
}
