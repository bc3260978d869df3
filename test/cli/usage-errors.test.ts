/**
 * Usage mistakes caught by the argument parser read like every other CLI failure: first line
 * `varlink-codegen: <what is wrong>`, exit code 2, nothing on stdout, no stack trace.
 */
import { describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers/cli.js";

const cases: ReadonlyArray<readonly [string[], RegExp]> = [
  [["bogus"], /^varlink-codegen: unknown command 'bogus'\n/],
  [["validate"], /^varlink-codegen: missing required argument 'paths'\n/],
  [["validate", "--frob", "x"], /^varlink-codegen: unknown option '--frob'\n/],
  [
    ["generate", "--int", "int64", "x", "-o", "o"],
    /^varlink-codegen: option '--int <type>' argument 'int64' is invalid\. Allowed choices are number, bigint\.\n/,
  ],
  [
    ["format", "--check", "--write", "x"],
    /^varlink-codegen: option '--check' cannot be used with option '--write'\n/,
  ],
  [["breaking", "a"], /^varlink-codegen: breaking needs <old> <new>/],
  [["generate", "--watch", "--check"], /^varlink-codegen: --watch and --check exclude each other\n/],
  [
    ["info", "--timeout", "abc", "unix:/x"],
    /^varlink-codegen: option '--timeout <ms>' argument 'abc' is invalid/,
  ],
  // A typo in -c used to escape as an internal error (exit 70, stack trace).
  [
    ["generate", "-c", "nonexist.json"],
    /^varlink-codegen: option '-c, --config <path>' argument 'nonexist\.json' is invalid\. no such file\n/,
  ],
  [
    ["config", "-c", "nonexist.json"],
    /^varlink-codegen: option '-c, --config <path>' argument 'nonexist\.json' is invalid\. no such file\n/,
  ],
  [
    ["breaking", "-c", "src"],
    /^varlink-codegen: option '-c, --config <path>' argument 'src' is invalid\. not a file/,
  ],
];

describe("usage errors", () => {
  it.each(cases)("%j", (args, message) => {
    const { code, stdout, stderr } = runCli(args, repoRoot);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/^error:|\n\s+at /m);
    expect(stdout).toBe("");
    expect(code).toBe(2);
  });
});
