import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.remove());

describe("config discovery", () => {
  it("finds varlink-codegen.config.json in a parent directory and resolves paths against it", () => {
    tmp.write(
      "varlink-codegen.config.json",
      JSON.stringify({ inputs: ["idl"], targets: [{ outDir: "gen" }] }),
    );
    tmp.write("a/b/.keep", "");
    const r = runCli(["config"], `${tmp.dir}/a/b`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      path: `${tmp.dir}/varlink-codegen.config.json`,
      inputs: [`${tmp.dir}/idl`],
      targets: [{ outDir: `${tmp.dir}/gen` }],
    });
  });

  it("reads the 'varlink-codegen' key of package.json, and skips package.json files without it", () => {
    tmp.write(
      "package.json",
      JSON.stringify({
        name: "x",
        "varlink-codegen": { inputs: ["i"], targets: [{ outDir: "o", int: "bigint" }] },
      }),
    );
    tmp.write("pkg/package.json", JSON.stringify({ name: "inner" }));
    const r = runCli(["config"], `${tmp.dir}/pkg`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      path: `${tmp.dir}/package.json`,
      targets: [{ int: "bigint" }],
    });
  });

  it("prefers the config file over package.json in the same directory", () => {
    tmp.write(
      "package.json",
      JSON.stringify({ "varlink-codegen": { inputs: ["p"], targets: [{ outDir: "p" }] } }),
    );
    tmp.write("varlink-codegen.config.json", JSON.stringify({ inputs: ["c"], targets: [{ outDir: "c" }] }));
    expect(JSON.parse(runCli(["config"], tmp.dir).stdout)).toMatchObject({ inputs: [`${tmp.dir}/c`] });
  });

  it("exits 1 when there is no config", () => {
    const r = runCli(["config"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("varlink-codegen: no config found (run `varlink-codegen init`)\n");
  });
});

describe("config errors", () => {
  it.each([
    [
      "unknown key with did-you-mean",
      '{\n  "input": ["a"],\n  "targets": [{ "outDir": "o" }]\n}\n',
      [
        "varlink-codegen.config.json:1:1: error VL353: the config is missing the required key 'inputs'",
        "  1 | {",
        "    | ^",
        "",
        "varlink-codegen.config.json:2:3: error VL351: unknown key 'input' in the config",
        "  1 | {",
        '  2 |   "input": ["a"],',
        "    |   ^^^^^^^ did you mean 'inputs'?",
        "",
      ],
    ],
    [
      "unknown target key",
      '{ "inputs": ["a"], "targets": [{ "outDir": "o", "outdir": "p" }] }',
      [
        "varlink-codegen.config.json:1:49: error VL351: unknown key 'outdir' in targets[0]",
        '  1 | { "inputs": ["a"], "targets": [{ "outDir": "o", "outdir": "p" }] }',
        "    |                                                 ^^^^^^^^ did you mean 'outDir'?",
        "",
      ],
    ],
    [
      "mistyped values",
      '{ "inputs": "a", "targets": [{ "outDir": "o", "format": "yes", "importExtension": ".mjs" }] }',
      [
        "varlink-codegen.config.json:1:13: error VL352: 'inputs' must be an array of strings",
        '  1 | { "inputs": "a", "targets": [{ "outDir": "o", "format": "yes", "importExtension": ".mjs" }] }',
        "    |             ^^^",
        "",
        'varlink-codegen.config.json:1:57: error VL354: \'format\' must be one of "emitter", "prettier", got "yes"',
        '  1 | { "inputs": "a", "targets": [{ "outDir": "o", "format": "yes", "importExtension": ".mjs" }] }',
        "    |                                                         ^^^^^",
        "",
        'varlink-codegen.config.json:1:83: error VL354: \'importExtension\' must be one of ".js", ".ts", "", got ".mjs"',
        '  1 | { "inputs": "a", "targets": [{ "outDir": "o", "format": "yes", "importExtension": ".mjs" }] }',
        '    |                                                                                   ^^^^^^ did you mean ".js"?',
        "",
      ],
    ],
    [
      "JSON syntax error (trailing comma)",
      '{\n  "inputs": ["a"],\n}\n',
      [
        "varlink-codegen.config.json:3:1: error VL350: invalid JSON: expected a string key, found '}'",
        '  2 |   "inputs": ["a"],',
        "  3 | }",
        "    | ^ JSON allows no trailing comma; remove the ','",
        "",
      ],
    ],
    [
      "empty targets",
      '{ "inputs": ["a"], "targets": [] }',
      [
        "varlink-codegen.config.json:1:31: error VL354: 'targets' must not be empty",
        '  1 | { "inputs": ["a"], "targets": [] }',
        "    |                               ^^",
        "",
      ],
    ],
  ])("%s: exit 1 with the key's location", (_name, text, stderr) => {
    tmp.write("varlink-codegen.config.json", text);
    const r = runCli(["config"], tmp.dir);
    expect(r.stderr).toBe(stderr.join("\n"));
    expect(r.code).toBe(1);
  });

  it("names package.json keys as such", () => {
    tmp.write(
      "package.json",
      '{ "varlink-codegen": { "inputs": ["a"], "targets": [{ "outDir": "o" }], "watch": 1 } }',
    );
    const r = runCli(["config", "--error-format", "github"], tmp.dir);
    expect(r.stderr).toBe(
      "::error file=package.json,line=1,col=73,title=VL351::unknown key 'watch' in 'varlink-codegen' in package.json (allowed: $schema, inputs, targets)\n",
    );
    expect(r.code).toBe(1);
  });
});

describe("varlink-codegen init", () => {
  it("writes a starter config listing the directories with .varlink files, which then validates", () => {
    tmp.write("idl/org.example.a.varlink", "interface org.example.a\nmethod A() -> ()\n");
    tmp.write("more/deep/org.example.b.varlink", "interface org.example.b\nmethod B() -> ()\n");
    const r = runCli(["init", "-o", "lib/gen"], tmp.dir);
    expect(r).toMatchObject({
      code: 0,
      stdout:
        "wrote varlink-codegen.config.json (inputs: idl, more/deep; output: lib/gen)\n" +
        "next: run `varlink-codegen generate`\n",
    });
    const config = JSON.parse(readFileSync(`${tmp.dir}/varlink-codegen.config.json`, "utf8")) as unknown;
    expect(config).toMatchObject({ inputs: ["idl", "more/deep"], targets: [{ outDir: "lib/gen" }] });
    expect(runCli(["config"], tmp.dir).code).toBe(0);
  });

  it("refuses to overwrite without --force", () => {
    tmp.write("varlink-codegen.config.json", "{}");
    expect(runCli(["init"], tmp.dir)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/already exists/),
    });
    expect(runCli(["init", "--force"], tmp.dir)).toMatchObject({
      code: 0,
      stdout:
        "wrote varlink-codegen.config.json (inputs: idl; output: src/generated)\n" +
        "no .varlink files found yet: put them in idl/, then run `varlink-codegen generate`\n",
    });
    expect(readFileSync(`${tmp.dir}/varlink-codegen.config.json`, "utf8")).toContain(
      '"inputs": [\n    "idl"\n  ]',
    );
  });
});
