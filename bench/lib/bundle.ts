/**
 * Bundles our benchmark server (bench/peers/node-server.ts + src/runtime) with esbuild into one
 * plain .mjs in the temp folder (outside the repo: linters must not see it), so the server child runs as users would run compiled code: no tsx
 * loader compiling TypeScript in the measured process (which would inflate its RSS and startup).
 */
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

/** Builds `<tmp>/varlink-codegen-bench-<user>/node-server.mjs` and returns its path. */
export async function bundleNodeServer(): Promise<string> {
  const outfile = join(tmpdir(), `varlink-codegen-bench-${userInfo().uid}`, "node-server.mjs");
  await build({
    entryPoints: [join(here, "..", "peers", "node-server.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "silent",
  });
  return outfile;
}
