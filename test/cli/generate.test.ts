/**
 * CLI tests for `generate`: spawn the built binary (npm test builds first) and check stdout,
 * stderr, exit code and the files written.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RUNTIME_COPY_HEADER } from "../../src/generator/runtime-files.js";
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";

const root = new URL("../../", import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, "bin/varlink-codegen.js"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: PROCESS_LIMIT_MS,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temps: string[] = [];
/** An output folder outside the repo, so no prettier config applies (as for the goldens). */
function outDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "varlink-generate-"));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("generate", () => {
  it("writes every fixture's module (equal to its golden file) and the bundled runtime", () => {
    const out = outDir();
    const { code, stdout, stderr } = run("generate", "fixtures/valid", "-o", out);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const fixtures = readdirSync(join(root, "fixtures/valid")).sort();
    for (const name of fixtures) {
      const golden = readFileSync(join(root, "fixtures/valid", name, "expected", `${name}.ts`), "utf8");
      const written = readFileSync(join(out, `${name}.ts`), "utf8");
      expect(written, name).toBe(
        golden.replace("varlink-codegen 0.0.0-golden", `varlink-codegen ${version}`),
      );
      expect(stdout).toContain(`${name}.ts\n`);
    }
    expect(stdout).toMatch(/runtime\/ \(\d+ files, the bundled runtime\)\n$/);
    // The sources verbatim, under the lint header.
    expect(readFileSync(join(out, "runtime/validate/validate.ts"), "utf8")).toBe(
      RUNTIME_COPY_HEADER + readFileSync(join(root, "packages/runtime/src/validate/validate.ts"), "utf8"),
    );
  });

  it("--runtime <specifier> imports the runtime instead of copying it", () => {
    const out = outDir();
    const { code } = run(
      "generate",
      "fixtures/valid/org.example.more",
      "-o",
      out,
      "--runtime",
      "varlink-codegen/runtime",
    );
    expect(code).toBe(0);
    expect(existsSync(join(out, "runtime"))).toBe(false);
    expect(readFileSync(join(out, "org.example.more.ts"), "utf8")).toContain(
      'from "varlink-codegen/runtime";',
    );
  });

  it("--format prettier formats with the prettier config of the output folder; the default does not", () => {
    const out = outDir();
    writeFileSync(join(out, ".prettierrc"), '{ "singleQuote": true, "tabWidth": 4 }\n');
    const module = (): string => readFileSync(join(out, "org.example.more.ts"), "utf8");
    expect(run("generate", "fixtures/valid/org.example.more", "-o", out).code).toBe(0);
    expect(module()).toContain('from "./runtime/index.js";');
    expect(module()).toMatch(/^ {2}if \(!isObject\(value\)\) \{$/m);
    expect(run("generate", "fixtures/valid/org.example.more", "-o", out, "--format", "prettier").code).toBe(
      0,
    );
    expect(module()).toContain("from './runtime/index.js';");
    expect(module()).toMatch(/^ {4}if \(!isObject\(value\)\) \{$/m);
    // The bundled runtime is copied as it is, whoever formats.
    expect(readFileSync(join(out, "runtime/index.ts"), "utf8")).toContain('from "./');
  });

  it("--import-extension none rewrites generated and runtime imports", () => {
    const out = outDir();
    const { code } = run(
      "generate",
      "fixtures/valid/org.example.more",
      "-o",
      out,
      "--import-extension",
      "none",
    );
    expect(code).toBe(0);
    expect(readFileSync(join(out, "org.example.more.ts"), "utf8")).toContain('from "./runtime/index";');
    expect(readFileSync(join(out, "runtime/index.ts"), "utf8")).not.toMatch(/from "\.\/[^"]*\.js"/);
  });

  it("reports an output folder it cannot write as a problem, not an internal error (exit 1)", () => {
    const blocker = join(outDir(), "a-file");
    writeFileSync(blocker, "");
    const { code, stdout, stderr } = run(
      "generate",
      "fixtures/valid/org.example.more",
      "-o",
      join(blocker, "out"),
    );
    // The message names the file in the way, not the directory that could not be made.
    expect(stderr).toBe(
      `varlink-codegen: cannot write '${blocker}': a file is in the way of a directory (ENOTDIR)\n`,
    );
    expect(stdout).toBe("");
    expect(code).toBe(1);
  });

  it("reports diagnostics and writes nothing when an input is invalid (exit 1)", () => {
    const out = outDir();
    const { code, stderr } = run("generate", "fixtures/invalid/unknown-type/input.varlink", "-o", out);
    expect(stderr).toMatch(/input\.varlink:\d+:\d+: error VL2\d\d/);
    expect(code).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });

  it("reports two inputs defining the same interface as VL301 and writes nothing (exit 1)", () => {
    const dir = outDir();
    const out = join(dir, "out");
    const idl = "interface org.example.twice\n\nmethod Ping() -> ()\n";
    writeFileSync(join(dir, "a.varlink"), idl);
    writeFileSync(join(dir, "b.varlink"), idl);
    const { code, stdout, stderr } = run(
      "generate",
      join(dir, "a.varlink"),
      join(dir, "b.varlink"),
      "-o",
      out,
    );
    expect(stderr).toContain(
      `b.varlink:1:11: error VL301: interface 'org.example.twice' is also defined in ${join(dir, "a.varlink")}`,
    );
    expect(stderr).toContain("both would generate org.example.twice.ts");
    expect(stdout).toBe("");
    expect(code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ["a missing input", ["generate", "no/such.varlink", "-o", "x"]],
    ["no output folder", ["generate", "fixtures/valid/org.example.more"]],
    ["a bad --int", ["generate", "fixtures/valid/org.example.more", "-o", "x", "--int", "long"]],
  ])("exits 2 for %s", (_name, args) => {
    const { code, stderr } = run(...args);
    expect(stderr).not.toBe("");
    expect(code).toBe(2);
  });
});
