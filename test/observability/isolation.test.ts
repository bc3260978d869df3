/**
 * Issue 15: the core entry point never loads an integration's peer. The built
 * `@varlink-codegen/runtime` (dist/index.js) and everything it imports, followed by esbuild,
 * import neither `@opentelemetry/api` nor `prom-client`; the otel and prometheus entry points do.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = (path: string) => fileURLToPath(new URL(`../../packages/runtime/dist/${path}`, import.meta.url));

/** Every npm package the entry point's module graph imports. */
async function packagesImported(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports);
  return [
    ...new Set(imports.filter((i) => i.external && !i.path.startsWith("node:")).map((i) => i.path)),
  ].sort();
}

describe("entry points and their peers", () => {
  it.each([
    ["index.js", []],
    ["integrations/otel/index.js", ["@opentelemetry/api"]],
    ["integrations/prometheus/index.js", ["prom-client"]],
  ])("%s imports %j", async (entry, peers) => {
    expect(await packagesImported(dist(entry))).toEqual(peers);
  });
});
