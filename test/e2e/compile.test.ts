/**
 * Compile check: every golden module, with the runtime copy generate() puts beside it, passes
 * tsc under test/e2e/tsconfig.json (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess,
 * verbatimModuleSyntax, NodeNext) plus erasableSyntaxOnly and isolatedDeclarations (what Node's
 * type stripping and fast declaration emitters need). Golden files prove the output did not
 * change; this proves it still type-checks.
 */
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
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
      if (!file.path.startsWith("runtime/")) continue;
      await mkdir(dirname(join(caseDir, file.path)), { recursive: true });
      await writeFile(join(caseDir, file.path), file.text);
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
    options: {},
  });
  expect(edges.diagnostics).toEqual([]);
  await mkdir(join(dir, "edges", "runtime"), { recursive: true });
  for (const file of edges.value) {
    await mkdir(dirname(join(dir, "edges", file.path)), { recursive: true });
    await writeFile(join(dir, "edges", file.path), file.text);
  }
  await writeServiceTypingProbe(dir);
  const result = await typeCheck(dir, {
    erasableSyntaxOnly: true,
    isolatedDeclarations: true,
    declaration: true,
  });
  expect(result.output).toBe("");
  expect(result.ok).toBe(true);
});

/**
 * Writes a user program beside the io.example.user golden that must type-check only if the
 * generated `registerUserService` accepts partial services, class instances with state and object
 * literals (contextually typed), and
 * rejects a misspelt handler on a class instance (`@ts-expect-error` fails the check when unused).
 */
async function writeServiceTypingProbe(root: string): Promise<void> {
  const index = goldenCases()
    .filter((g) => g.standalone)
    .findIndex((g) => g.expectedDir.includes("io.example.user"));
  expect(index).toBeGreaterThanOrEqual(0);
  const probe = [
    'import { VarlinkServer } from "./runtime/index.js";',
    'import { registerUserService, type DeleteUserResult } from "./io.example.user.js";',
    "",
    'const server = new VarlinkServer({ vendor: "v", product: "p", version: "1", url: "u" });',
    "class Users {",
    "  readonly names = new Map<string, string>();",
    "  deleteUser(): DeleteUserResult {",
    "    this.#forget();",
    "    return {};",
    "  }",
    "  #forget(): void {",
    "    this.names.clear();",
    "  }",
    "}",
    "registerUserService(server, new Users());",
    "// An object literal's handlers get their parameter types from the service interface.",
    "registerUserService(server, {",
    "  deleteUser({ username }) {",
    "    return username.length > 0 ? {} : {};",
    "  },",
    "});",
    "class Misspelt {",
    "  deleteUsr(): DeleteUserResult {",
    "    return {};",
    "  }",
    "}",
    "// @ts-expect-error deleteUsr is not a handler of UserService",
    "registerUserService(server, new Misspelt());",
    "",
  ].join("\n");
  await writeFile(join(root, `case${index}`, "service-typing-probe.ts"), probe);
}
