/**
 * Files the generator ships with and reads at run time: the banner template, the package version
 * and the runtime sources copied beside generated code. They are located relative to this module,
 * which works from `src/generator/` (tests, tsx) and from `dist/generator/` (the published CLI),
 * since the package ships `src/runtime` and `templates`. Read once per process.
 */
import { readFile, readdir } from "node:fs/promises";

const root = new URL("../../", import.meta.url);

let cache: Promise<Assets> | undefined;

/** The generator's bundled assets. */
export interface Assets {
  readonly version: string;
  readonly banner: string;
  /** Runtime sources by path below src/runtime (`index.ts`, `client/client.ts`, …), test files excluded, sorted. */
  readonly runtime: ReadonlyMap<string, string>;
}

async function load(): Promise<Assets> {
  const runtimeDir = new URL("src/runtime/", root);
  // Recursive: the runtime is split into rooms (wire/, transports/, client/, server/, …).
  const names = (await readdir(runtimeDir, { recursive: true }))
    .filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts"))
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
