/**
 * `generate` into an output that cannot be written (the -o path is a file, a file or directory
 * stands where generated code goes) is one `varlink-codegen: ...` line and exit 2, not exit 70.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir("vlc-output-");
  temp.write("a.varlink", "interface org.example.a\n\nmethod Ping() -> ()\n");
});
afterEach(() => temp.remove());

it("-o naming a file", () => {
  const r = runCli(["generate", "a.varlink", "-o", "a.varlink"], temp.dir);
  expect(r.stderr).toBe(
    "varlink-codegen: output directory 'a.varlink' is a file; name a directory with -o\n",
  );
  expect(r.code).toBe(2);
});

it("a file where the runtime directory goes", () => {
  temp.write("out/runtime", "not a directory");
  const r = runCli(["generate", "a.varlink", "-o", "out"], temp.dir);
  expect(r.stderr).toMatch(
    /^varlink-codegen: cannot write 'out\/runtime': a file is in the way of a directory \(E[A-Z]+\)\n$/,
  );
  expect(r.code).toBe(2);
});

it("a directory where a generated module goes", () => {
  mkdirSync(join(temp.dir, "out", "org.example.a.ts"), { recursive: true });
  const r = runCli(["generate", "a.varlink", "-o", "out"], temp.dir);
  expect(r.stderr).toMatch(
    /^varlink-codegen: cannot write '.*': a directory is in the way of a file \(EISDIR\)\n$/,
  );
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.code).toBe(2);
});
