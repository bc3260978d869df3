/**
 * `generate-files [--no-format] OUTDIR FILE...`: loads each .varlink file and writes what
 * `generate()` returns (default options: prettier on, runtime bundled; `--no-format`: format off)
 * under OUTDIR. The benchmark runs it bundled, in
 * a fresh process per run: a cold generate, start-up and module loading included. Exits 1 on
 * diagnostics.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { SourceFile } from "../../src/diagnostics/source-file.js";
import { generate } from "../../src/generator/index.js";
import { loadInterface } from "../../src/model/index.js";
import type { Interface } from "../../src/model/model.js";

const format = !process.argv.includes("--no-format");
const [outDir, ...files] = process.argv.slice(2).filter((arg) => arg !== "--no-format");
if (outDir === undefined || files.length === 0) {
  console.error("usage: generate-files [--no-format] OUTDIR FILE...");
  process.exit(2);
}
const interfaces: Interface[] = [];
for (const file of files) {
  const loaded = loadInterface(new SourceFile(file, readFileSync(file, "utf8")));
  if (loaded.value === undefined) {
    console.error(`${file}: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
    process.exit(1);
  }
  interfaces.push(loaded.value);
}
const result = await generate({ interfaces, options: { format } });
if (result.diagnostics.length > 0) {
  console.error(result.diagnostics.map((d) => d.message).join("\n"));
  process.exit(1);
}
for (const file of result.value) {
  mkdirSync(dirname(join(outDir, file.path)), { recursive: true });
  writeFileSync(join(outDir, file.path), file.text);
}
console.log(`${result.value.length} files`);
