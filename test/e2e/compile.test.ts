/**
 * Compile check: every golden module, with the runtime copy generate() puts beside it, passes
 * tsc under test/e2e/tsconfig.json (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess,
 * verbatimModuleSyntax, isolatedDeclarations, NodeNext). Golden files prove the output did not
 * change; this proves it still type-checks.
 */
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { generate } from "../../src/generator/index.js";
import { generateCase, goldenCases } from "../helpers/golden-cases.js";
import { error, iface, method, prim, struct, typeDecl } from "../helpers/model-builder.js";
import { scratchRoot, typeCheck } from "../helpers/tsc.js";

let dir: string | undefined;
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

it("golden output and the bundled runtime type-check under the strictest settings", async () => {
  await mkdir(scratchRoot(), { recursive: true });
  dir = await mkdtemp(join(scratchRoot(), "compile-"));
  for (const [i, c] of goldenCases()
    .filter((g) => g.standalone)
    .entries()) {
    const caseDir = join(dir, `case${i}`);
    await mkdir(join(caseDir, "runtime"), { recursive: true });
    for (const name of await readdir(c.expectedDir)) {
      if (name.endsWith(".ts")) await copyFile(join(c.expectedDir, name), join(caseDir, name));
    }
    for (const file of await generateCase(c)) {
      if (file.path.startsWith("runtime/")) await writeFile(join(caseDir, file.path), file.text);
    }
  }
  // Interfaces no fixture has: every method requires `more` (so no plain call); no method at all.
  const edges = await generate({
    interfaces: [
      iface("org.example.watch-only", [method("Watch", struct(), struct(["n", prim("int")]), "requires")]),
      iface("org.example.types-only", [
        typeDecl("Point", struct(["x", prim("int")])),
        error("Failed", struct(["reason", prim("string")])),
      ]),
    ],
    options: { format: false },
  });
  expect(edges.diagnostics).toEqual([]);
  await mkdir(join(dir, "edges", "runtime"), { recursive: true });
  for (const file of edges.value) await writeFile(join(dir, "edges", file.path), file.text);
  const result = await typeCheck(dir);
  expect(result.output).toBe("");
  expect(result.ok).toBe(true);
});
