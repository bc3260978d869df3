/**
 * Generates fixtures into a fresh scratch folder, adds hand-written scenario files that use the
 * generated API, compiles everything with tsc (strict settings, emitting JS) and imports the
 * result. Scenarios are type-checked against the generated code, so they prove the typed API
 * (narrowing guards, optional parameters, streaming) works as a user would write it.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { GenerateOptions } from "../../src/generator/index.js";
import { generate } from "../../src/generator/index.js";
import type { Interface } from "../../src/model/model.js";
import { loadInterface } from "../../src/model/index.js";
import { fixtureSource } from "../frontend/helpers.js";
import { scratchRoot, typeCheck } from "./tsc.js";

/** A compiled project in a scratch folder. */
export interface GeneratedProject {
  readonly dir: string;
  /** Imports a compiled module by its source name (`org.example.more.ts`, `scenario.ts`). */
  load<T>(source: string): Promise<T>;
  /** Deletes the folder. */
  remove(): Promise<void>;
}

/** Loads a valid fixture's interface. */
export function fixtureInterface(name: string): Interface {
  const loaded = loadInterface(fixtureSource("valid", name));
  if (loaded.value === undefined) throw new Error(`fixture ${name} does not load`);
  return loaded.value;
}

/**
 * Generates `fixtures` (by fixture name, unformatted) with `options` into a fresh scratch folder
 * named `<prefix>…`, no compiling; returns the folder (the caller removes it).
 */
export async function writeGenerated(
  prefix: string,
  fixtures: readonly string[],
  options: GenerateOptions = {},
): Promise<string> {
  await mkdir(scratchRoot(), { recursive: true });
  const dir = await mkdtemp(join(scratchRoot(), prefix));
  const result = await generate({
    interfaces: fixtures.map(fixtureInterface),
    options: { ...options },
  });
  if (result.diagnostics.length > 0) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  for (const file of result.value) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.text);
  }
  return dir;
}

/**
 * Generates `fixtures` (by fixture name, or a loaded interface) with `options` into `src/<generatedDir>`, copies
 * `scenarios` (repo paths) into `src/` under their base names, and compiles. Throws with tsc's
 * output when compiling fails.
 */
export async function buildProject(
  fixtures: readonly (string | Interface)[],
  scenarios: readonly string[],
  options: GenerateOptions = {},
  generatedDir = "",
): Promise<GeneratedProject> {
  await mkdir(scratchRoot(), { recursive: true });
  const dir = await mkdtemp(join(scratchRoot(), "project-"));
  const result = await generate({
    interfaces: fixtures.map((f) => (typeof f === "string" ? fixtureInterface(f) : f)),
    options: { ...options },
  });
  if (result.diagnostics.length > 0) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  for (const file of result.value) {
    const target = join(dir, "src", generatedDir, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
  for (const scenario of scenarios)
    await copyFile(scenario, join(dir, "src", scenario.slice(scenario.lastIndexOf("/") + 1)));
  const compiled = await typeCheck(dir, { noEmit: false, rootDir: "src", outDir: "js" });
  if (!compiled.ok) throw new Error(`generated project does not compile:\n${compiled.output}`);
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  return {
    dir,
    load: async <T>(source: string) =>
      (await import(pathToFileURL(join(dir, "js", source.replace(/\.ts$/, ".js"))).href)) as T,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
