/**
 * The start-up fast path reads argv itself, before commander: it must read a plain `generate`
 * exactly as commander would and refuse (fall back to commander) everything else.
 */
import { describe, expect, it } from "vitest";
import { parsePlainGenerate } from "../../src/cli/generate/fast-noop.js";

describe("parsePlainGenerate", () => {
  it.each<[string, string[], ReturnType<typeof parsePlainGenerate>]>([
    ["config only", ["generate"], { paths: [], flags: {} }],
    ["inputs and -o", ["generate", "a", "-o", "gen", "b"], { paths: ["a", "b"], flags: { out: "gen" } }],
    [
      "every option, long and attached forms",
      [
        "generate",
        "--out=gen",
        "-c",
        "cfg.json",
        "--int=bigint",
        "--import-extension",
        "none",
        "--runtime",
        "@x/rt",
        "--format",
        "prettier",
      ],
      {
        paths: [],
        flags: {
          out: "gen",
          config: "cfg.json",
          int: "bigint",
          importExtension: "",
          runtime: "@x/rt",
          format: "prettier",
        },
      },
    ],
    [
      "--import-extension .ts",
      ["generate", "--import-extension=.ts"],
      { paths: [], flags: { importExtension: ".ts" } },
    ],
  ])("reads %s", (_name, args, want) => {
    expect(parsePlainGenerate(args)).toEqual(want);
  });

  it.each<[string, string[]]>([
    ["another command", ["validate", "a"]],
    ["no command", []],
    ["--version", ["--version"]],
    ["--help", ["generate", "--help"]],
    ["-h", ["generate", "-h"]],
    ["--check", ["generate", "--check"]],
    ["--force", ["generate", "--force"]],
    ["--watch", ["generate", "--watch"]],
    ["--error-format", ["generate", "--error-format", "text"]],
    ["an unknown flag", ["generate", "--bogus"]],
    ["an attached short value", ["generate", "-ogen"]],
    ["a missing value", ["generate", "-o"]],
    ["an empty value", ["generate", "--out="]],
    ["a value that looks like a flag", ["generate", "-o", "--check"]],
    ["a repeated flag", ["generate", "-o", "a", "--out", "b"]],
    ["a repeated --format", ["generate", "--format=emitter", "--format", "prettier"]],
    ["a bad --format", ["generate", "--format", "biome"]],
    ["a bad --int", ["generate", "--int", "float"]],
    ["a bad --import-extension", ["generate", "--import-extension", "mjs"]],
    ["--", ["generate", "--", "a"]],
    ["--format without its value", ["generate", "--format"]],
  ])("refuses %s", (_name, args) => {
    expect(parsePlainGenerate(args)).toBeUndefined();
  });
});
