import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers/cli.js";

describe("help text of the workflow commands", () => {
  it("lists every command in --help", () => {
    const r = runCli(["--help"], repoRoot);
    expect(r.code).toBe(0);
    for (const command of [
      "generate [options] [inputs...]",
      "breaking [options] [paths...]",
      "init [options]",
      "config [options]",
      "info [options] <address>",
      "pull [options] <address> [interfaces...]",
      "call [options] <address> <method> [parameters]",
    ]) {
      expect(r.stdout).toContain(command);
    }
  });

  it.each([
    ["generate", ["--check", "--watch", "--force", "--error-format <format>", "-c, --config <path>"]],
    ["breaking", ["--against <spec>", "--only-breaking", "Examples:", "With --against and no paths"]],
    ["init", ["-o, --out-dir <dir>", "--force"]],
    ["config", ["-c, --config <path>"]],
    ["info", ["--json", "--timeout <ms>"]],
    ["pull", ["-o, --out-dir <dir>", "[interfaces...]"]],
    ["call", ["--more", "--oneway", "--timeout <ms>", "Example:"]],
  ])("%s --help documents its options and exits 0", (command, expected) => {
    const r = runCli([command, "--help"], repoRoot);
    expect(r.code).toBe(0);
    for (const text of expected) expect(r.stdout).toContain(text);
  });

  it("exits 2 on an unknown option", () => {
    const r = runCli(["generate", "--chek"], repoRoot);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--chek'");
  });
});
