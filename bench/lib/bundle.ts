/**
 * Bundles a TypeScript entry point with esbuild into one plain .mjs in the temp folder (outside
 * the repo: linters must not see it), so a measured child process runs code as users would run
 * compiled code: no tsx loader compiling TypeScript in it (which would inflate RSS and start-up).
 */
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const cache = new Map<string, Promise<string>>();

/**
 * Builds `bench/<entry>` (relative to bench/) once per run into
 * `<tmp>/varlink-codegen-bench-<uid>/<name>.mjs` and returns its path. npm packages stay external
 * (loaded from node_modules, as an installed CLI would): the folder gets a `node_modules` symlink
 * to the repository's. `importMetaUrl` replaces `import.meta.url` in the bundle (one value for all
 * modules: pass the URL of the module that reads files relative to itself).
 */
export function bundleScript(
  entry: string,
  name: string,
  options: { importMetaUrl?: string } = {},
): Promise<string> {
  let built = cache.get(name);
  if (built === undefined) {
    const dir = join(tmpdir(), `varlink-codegen-bench-${userInfo().uid}`);
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, "node_modules")))
      symlinkSync(join(here, "..", "..", "node_modules"), join(dir, "node_modules"));
    const outfile = join(dir, `${name}.mjs`);
    built = build({
      entryPoints: [join(here, "..", entry)],
      outfile,
      bundle: true,
      packages: "external",
      platform: "node",
      format: "esm",
      target: "node20",
      logLevel: "silent",
      // Modules that find files relative to themselves (the generator's assets) keep working.
      ...(options.importMetaUrl === undefined
        ? {}
        : { define: { "import.meta.url": JSON.stringify(options.importMetaUrl) } }),
    }).then(() => outfile);
    cache.set(name, built);
  }
  return built;
}
