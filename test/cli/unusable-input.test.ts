/**
 * Every command that reads interface files turns an unreadable or binary input into one
 * `varlink-codegen: ...` line and exit code 2, never an internal error with a stack trace.
 */
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";

const valid = "interface org.example.ok\n\nmethod Ping() -> ()\n";
let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir("vlc-unusable-");
  temp.write("ok.varlink", valid);
  // Part of an ELF header: NUL bytes and control characters, as a compiled file would have.
  temp.write("bin.varlink", "\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0");
  // Reading /proc/self/mem at offset 0 fails with EIO for every user (root included), unlike chmod 000.
  symlinkSync("/proc/self/mem", join(temp.dir, "unreadable.varlink"));
});
afterEach(() => temp.remove());

const commands: ReadonlyArray<readonly [string, (file: string) => string[]]> = [
  ["validate", (file) => ["validate", file]],
  ["format", (file) => ["format", file]],
  ["generate", (file) => ["generate", file, "-o", "out"]],
  ["generate --check", (file) => ["generate", file, "-o", "out", "--check"]],
  ["breaking (old side)", (file) => ["breaking", file, "ok.varlink"]],
  ["breaking (new side)", (file) => ["breaking", "ok.varlink", file]],
];

describe.each(commands)("%s", (_name, args) => {
  it("refuses a binary file in one line, exit 2", () => {
    const { code, stdout, stderr } = runCli(args("bin.varlink"), temp.dir);
    expect(stderr).toBe("varlink-codegen: 'bin.varlink' is a binary file, not a Varlink interface\n");
    expect(stdout).toBe("");
    expect(code).toBe(2);
  });

  it.runIf(process.platform === "linux")("reports an unreadable file in one line, exit 2", () => {
    const { code, stdout, stderr } = runCli(args("unreadable.varlink"), temp.dir);
    expect(stderr).toMatch(/^varlink-codegen: cannot read 'unreadable\.varlink': E[A-Z]+\n$/);
    expect(stdout).toBe("");
    expect(code).toBe(2);
  });
});

describe("config", () => {
  it.runIf(process.platform === "linux")("an unreadable config is a VL356 diagnostic, exit 1", () => {
    symlinkSync("/proc/self/mem", join(temp.dir, "varlink-codegen.config.json"));
    for (const args of [["config"], ["generate"]]) {
      const { code, stderr } = runCli(args, temp.dir);
      expect(stderr).toMatch(
        /^varlink-codegen\.config\.json:1:1: error VL356: cannot read the config: E[A-Z]+\n/,
      );
      expect(code).toBe(1);
    }
  });
});
