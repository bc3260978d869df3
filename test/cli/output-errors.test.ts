/**
 * Writing output where it cannot go (the -o path is a file, a file or directory stands where
 * output goes) in `generate`, `pull` and `init` is one `varlink-codegen: ...` line, not an
 * internal error (exit 70) with a stack trace. Naming a file as the output directory is a usage
 * error (exit 2); a write the file system refuses fails the run (exit 1).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { startGoCertServer } from "../helpers/go-cert-server.js";

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
  expect(r.code).toBe(1);
});

it("a directory where a generated module goes", () => {
  mkdirSync(join(temp.dir, "out", "org.example.a.ts"), { recursive: true });
  const r = runCli(["generate", "a.varlink", "-o", "out"], temp.dir);
  expect(r.stderr).toMatch(
    /^varlink-codegen: cannot write '.*': a directory is in the way of a file \(EISDIR\)\n$/,
  );
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.code).toBe(1);
});

it("init where a directory has the config's name", () => {
  mkdirSync(join(temp.dir, "varlink-codegen.config.json"));
  const r = runCli(["init", "--force"], temp.dir);
  expect(r.stderr).toBe(
    "varlink-codegen: cannot write 'varlink-codegen.config.json': a directory is in the way of a file (EISDIR)\n",
  );
  expect(r.code).toBe(1);
});

it("pull -o naming a file, and a directory where a pulled file goes", async () => {
  const server = await startGoCertServer();
  try {
    const intoFile = runCli(["pull", server.address, "-o", "a.varlink"], temp.dir);
    expect(intoFile.stderr).toMatch(
      /^varlink-codegen: cannot write 'a\.varlink': a file is in the way of a directory \(E[A-Z]+\)\n$/,
    );
    expect(intoFile.code).toBe(1);
    mkdirSync(join(temp.dir, "idl", "org.varlink.certification.varlink"), { recursive: true });
    const onDir = runCli(["pull", server.address, "-o", "idl"], temp.dir);
    expect(onDir.stderr).toBe(
      "varlink-codegen: cannot write 'idl/org.varlink.certification.varlink': a directory is in the way of a file (EISDIR)\n",
    );
    expect(onDir.code).toBe(1);
  } finally {
    await server.stop();
  }
});
