/**
 * CLI tests for `validate` and `format`: spawn the built binary (npm test builds first) and check
 * stdout, stderr and the exit code.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";

const root = new URL("../../", import.meta.url).pathname;

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
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "varlink-cli-"));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("validate", () => {
  it("accepts every valid fixture (directory argument)", () => {
    const { code, stdout, stderr } = run("validate", "fixtures/valid");
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^\d+ interfaces valid\n$/);
    expect(code).toBe(0);
  });

  it.each(["unknown-type", "brace-style", "many-errors", "missing-arrow"])(
    "rejects invalid/%s with exactly the expected diagnostics",
    (name) => {
      const { code, stdout, stderr } = run("validate", `fixtures/invalid/${name}/input.varlink`);
      const expected = readFileSync(join(root, "fixtures/invalid", name, "expected.txt"), "utf8");
      expect(stdout).toBe("");
      expect(stderr.startsWith(`${expected}\n`)).toBe(true);
      expect(stderr).toMatch(/\d+ errors? in 1 file \(of 1 checked\)\n$/);
      expect(code).toBe(1);
    },
  );

  it("rejects every invalid fixture and never prints a stack trace", () => {
    const { code, stderr } = run("validate", "fixtures/invalid");
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(stderr).not.toContain("internal error");
    expect(stderr).toMatch(/in (\d+) files \(of \1 checked\)\n$/);
  });

  it("expands globs", () => {
    const { code, stdout } = run("validate", "fixtures/valid/io.*/*.varlink");
    expect(stdout).toBe("3 interfaces valid\n");
    expect(code).toBe(0);
  });

  it("exits 2 for paths that name nothing, listing each", () => {
    const { code, stderr } = run("validate", "no/such/file.varlink", "fixtures/valid/zzz*/x.varlink");
    expect(stderr).toBe(
      "varlink-codegen: no such file or directory: 'no/such/file.varlink'\nvarlink-codegen: no files match 'fixtures/valid/zzz*/x.varlink'\n",
    );
    expect(code).toBe(2);
  });

  it("exits 2 without arguments or with an unknown flag", () => {
    expect(run("validate").code).toBe(2);
    expect(run("validate", "--bogus", "fixtures/valid").code).toBe(2);
  });
});

describe("format", () => {
  const more = "fixtures/valid/org.example.more/input.varlink";

  it("prints the canonical form to stdout", () => {
    const { code, stdout } = run("format", more);
    expect(stdout).toBe(readFileSync(join(root, more), "utf8"));
    expect(code).toBe(0);
  });

  it("--check passes on formatted files and fails on others; --write fixes them", () => {
    const dir = tempDir();
    const file = join(dir, "a.varlink");
    writeFileSync(file, "interface a.b\ntype T(x:int)\nmethod M()->()\n");
    copyFileSync(join(root, more), join(dir, "more.varlink"));
    const check = run("format", "--check", dir);
    // Directory arguments are searched and shown relative to the working directory.
    const shown = relative(root, file);
    expect(check.stderr).toBe(`not formatted: ${shown}\nrun 'varlink-codegen format --write' on it\n`);
    expect(check.code).toBe(1);
    const write = run("format", "--write", dir);
    expect(write.stdout).toBe(`formatted ${shown}\n`);
    expect(write.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("interface a.b\n\ntype T (x: int)\n\nmethod M() -> ()\n");
    expect(run("format", "--check", dir).code).toBe(0);
  });

  it("reports syntax errors with exit code 1 and leaves the file alone", () => {
    const dir = tempDir();
    const file = join(dir, "bad.varlink");
    writeFileSync(file, "interface a.b\ntype T (x int)\n");
    const { code, stderr } = run("format", "--write", file);
    expect(stderr).toContain("error VL102: expected ':', ',' or ')', found 'int'");
    expect(readFileSync(file, "utf8")).toBe("interface a.b\ntype T (x int)\n");
    expect(code).toBe(1);
  });

  it("exits 2 when --check and --write are combined", () => {
    expect(run("format", "--check", "--write", more).code).toBe(2);
  });
});

describe("help", () => {
  it("lists both commands", () => {
    const { code, stdout } = run("--help");
    expect(stdout).toMatch(/validate \[options\] <paths\.\.\.>/);
    expect(stdout).toMatch(/format \[options\] <paths\.\.\.>/);
    expect(code).toBe(0);
  });
});
