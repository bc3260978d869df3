/**
 * Generates one interface's TypeScript module with `generate()` into a temp folder and imports
 * it (under tsx or vitest, which compile TypeScript on import). Its runtime import points at this
 * repository's packages/runtime/src, so the generated code and our server share one runtime (one
 * VarlinkError class). Used by the validator benchmark and the hardening tests.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SourceFile } from "../../src/diagnostics/source-file.js";
import { generate } from "../../src/generator/index.js";
import type { Interface } from "../../src/model/model.js";
import { loadInterface } from "../../src/model/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** An imported generated module and the model it came from. */
export interface ImportedModule<T> {
  readonly module: T;
  readonly model: Interface;
  /** Deletes the temp folder. */
  remove(): void;
}

/** Loads a `.varlink` file (relative to the repository root) into a checked model; throws on diagnostics. */
export function loadModel(relativePath: string): Interface {
  const path = join(root, relativePath);
  const loaded = loadInterface(new SourceFile(relativePath, readFileSync(path, "utf8")));
  if (loaded.value === undefined) {
    throw new Error(`${relativePath} does not load: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
  }
  return loaded.value;
}

/** Generates the module of the interface in `relativePath` and imports it. */
export async function importGenerated<T>(relativePath: string): Promise<ImportedModule<T>> {
  const model = loadModel(relativePath);
  const runtime = join(root, "packages", "runtime", "src", "index.ts");
  const result = await generate({
    interfaces: [model],
    options: { runtime, importExtension: ".ts" },
  });
  if (result.diagnostics.length > 0) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  const file = result.value.find((f) => !f.path.startsWith("runtime/"));
  if (file === undefined) throw new Error("generate() produced no module");
  const dir = mkdtempSync(join(tmpdir(), "varlink-generated-"));
  // ESM, as users compile it: without this, tsx loads the module as CommonJS and every runtime
  // helper call goes through an interop getter (measured: ~10x slower validators).
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(dir, file.path), file.text);
  const module = (await import(pathToFileURL(join(dir, file.path)).href)) as T;
  return { module, model, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
