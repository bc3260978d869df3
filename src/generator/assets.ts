/**
 * Files the generator ships with and reads at run time: the banner template, the package version
 * and the runtime sources copied beside generated code. The package's own files are located
 * relative to this module, which works from `src/generator/` (tests, tsx) and from `dist/generator/`
 * (the published CLI). The runtime sources come from the installed `@varlink-codegen/runtime`
 * (a dependency of the generator, same version; it ships its `src/`), found the way Node finds it:
 * in this repository that is the workspace link to packages/runtime. Read once per process.
 */
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const root = new URL("../../", import.meta.url);

/** `src/` of the runtime package the generator depends on. */
function runtimeSources(): URL {
  const manifest = createRequire(import.meta.url).resolve("@varlink-codegen/runtime/package.json");
  return new URL("src/", pathToFileURL(manifest));
}

let cache: Promise<Assets> | undefined;

/** The generator's bundled assets. */
export interface Assets {
  readonly version: string;
  readonly banner: string;
  /** Runtime sources by path below the runtime package's src/ (`index.ts`, `client/client.ts`, …), test files excluded, sorted. */
  readonly runtime: ReadonlyMap<string, string>;
}

async function load(): Promise<Assets> {
  const runtimeDir = runtimeSources();
  // Recursive: the runtime is split into rooms (wire/, transports/, client/, server/, …).
  // integrations/ is left out: each imports an optional npm peer (jose, @opentelemetry/api,
  // prom-client) that a bundled copy's project need not have; those are package-only entry points.
  const names = (await readdir(runtimeDir, { recursive: true }))
    .filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts") && !n.startsWith("integrations"))
    .sort();
  const [pkg, banner, ...sources] = await Promise.all([
    readFile(new URL("package.json", root), "utf8"),
    readFile(new URL("templates/banner.txt", root), "utf8"),
    ...names.map((n) => readFile(new URL(n, runtimeDir), "utf8")),
  ]);
  return {
    version: (JSON.parse(pkg!) as { version: string }).version,
    banner: banner!,
    runtime: new Map(names.map((n, i) => [n, sources[i]!])),
  };
}

/** Loads (once) and returns the assets. */
export function loadAssets(): Promise<Assets> {
  return (cache ??= load());
}
