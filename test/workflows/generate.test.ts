import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fingerprint } from "../../src/cli/generate/manifest.js";
import { defaultTargetOptions } from "../../src/cli/generate/targets.js";
import { repoRoot, runCli, tempDir } from "../helpers/cli.js";
import { heavyLoaded, moduleTrace } from "../helpers/module-trace.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  tmp.write("idl/org.example.more.varlink", fixture("org.example.more"));
  tmp.write("idl/org.varlink.service.varlink", fixture("org.varlink.service"));
});
afterEach(() => tmp.remove());

function fixture(name: string): string {
  return readFileSync(`${repoRoot}fixtures/valid/${name}/input.varlink`, "utf8");
}

const config = (targets: object[]): string => JSON.stringify({ inputs: ["idl"], targets });

describe("generate: fast no-op", () => {
  it("skips an unchanged run without loading chevrotain, ts-morph or prettier", () => {
    const first = moduleTrace();
    const r1 = runCli(["generate", "idl", "-o", "gen"], tmp.dir, first.env, first.nodeArgs);
    expect(r1.code).toBe(0);
    expect(r1.stdout).toMatch(/^gen: \d+ files written$/m);
    // A real run loads the parser (so the trace does see heavy packages); the emitter formats
    // its own output, so neither ts-morph nor prettier is loaded.
    expect(heavyLoaded(first.urls())).toEqual(["chevrotain"]);

    const second = moduleTrace();
    const r2 = runCli(["generate", "idl", "-o", "gen"], tmp.dir, second.env, second.nodeArgs);
    expect(r2).toMatchObject({ code: 0, stdout: "gen: up to date\n", stderr: "" });
    // Finished by the start-up fast path: not even commander or the command registry loaded.
    expect(second.urls().some((u) => u.endsWith("/dist/cli/generate/fast-noop.js"))).toBe(true);
    expect(
      second.urls().filter((u) => /\/node_modules\/commander\/|\/dist\/cli\/program\.js$/.test(u)),
    ).toEqual([]);
    expect(heavyLoaded(second.urls())).toEqual([]);
  });

  it.each<[string, string[], RegExp, string[]]>([
    // --check generates in memory to compare, so it loads the parser.
    ["--check", ["--check"], /^gen: up to date\n$/, ["chevrotain"]],
    ["--error-format", ["--error-format", "json"], /^gen: up to date\n$/, []],
    ["--help", ["--help"], /^Usage: varlink-codegen generate/, []],
  ])("leaves %s to the full CLI, which agrees nothing changed", (_name, extra, stdout, heavy) => {
    expect(runCli(["generate", "idl", "-o", "gen"], tmp.dir).code).toBe(0);
    const trace = moduleTrace();
    const r = runCli(["generate", "idl", "-o", "gen", ...extra], tmp.dir, trace.env, trace.nodeArgs);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(stdout);
    expect(trace.urls().some((u) => u.includes("/node_modules/commander/"))).toBe(true);
    expect(heavyLoaded(trace.urls())).toEqual(heavy);
  });

  it("leaves a bad command line to commander even when everything is up to date", () => {
    expect(runCli(["generate", "idl", "-o", "gen"], tmp.dir).code).toBe(0);
    for (const bad of [["--bogus"], ["--int", "float"], ["--import-extension", "mjs"], ["-o"]])
      expect(runCli(["generate", "idl", "-o", "gen", ...bad], tmp.dir).code, bad.join(" ")).toBe(2);
  });

  it("reads flags as commander does: an explicit default is still up to date", () => {
    expect(runCli(["generate", "idl", "-o", "gen"], tmp.dir).code).toBe(0);
    const same = ["idl", "--out=gen", "--int=number", "--import-extension", ".js", "--runtime", "bundled"];
    expect(runCli(["generate", ...same], tmp.dir)).toMatchObject({ code: 0, stdout: "gen: up to date\n" });
    const r = runCli(["generate", "idl", "--out=gen", "--int=bigint"], tmp.dir);
    expect(r.stdout).toMatch(/^gen: [1-9]\d* files? written$/m);
  });

  it("regenerates when the tool version changes", () => {
    expect(runCli(["generate", "idl", "-o", "gen"], tmp.dir).code).toBe(0);
    const path = join(tmp.dir, "gen/.varlink-codegen.json");
    const manifest = JSON.parse(readFileSync(path, "utf8")) as { version: string; fingerprint: string };
    const inputs = ["idl/org.example.more.varlink", "idl/org.varlink.service.varlink"].map((p) => ({
      path: join(tmp.dir, p),
      text: readFileSync(join(tmp.dir, p), "utf8"),
    }));
    const print = (version: string) =>
      fingerprint(version, join(tmp.dir, "gen"), inputs, defaultTargetOptions);
    // The test computes what the CLI computes, so the manifest below is exactly an older tool's.
    expect(print(manifest.version)).toBe(manifest.fingerprint);
    writeFileSync(
      path,
      JSON.stringify({ ...manifest, version: "0.0.1-older", fingerprint: print("0.0.1-older") }),
    );
    const r = runCli(["generate", "idl", "-o", "gen"], tmp.dir);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^gen: 0 files written$/m);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ fingerprint: manifest.fingerprint });
  });

  it.each<[string, () => unknown, string[]?]>([
    [
      "an input changes",
      () => tmp.write("idl/org.example.more.varlink", fixture("org.example.more") + "\nerror Extra ()\n"),
    ],
    ["an option changes", () => undefined, ["--int", "bigint"]],
    ["an output file was edited", () => writeFileSync(`${tmp.dir}/gen/org.example.more.ts`, "// edited\n")],
    ["an output file was deleted", () => rmSync(`${tmp.dir}/gen/runtime/client/client.ts`)],
  ])("regenerates when %s", (_name, change, extra = []) => {
    expect(runCli(["generate", "idl", "-o", "gen"], tmp.dir).code).toBe(0);
    change();
    const r = runCli(["generate", "idl", "-o", "gen", ...extra], tmp.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("up to date");
    expect(r.stdout).toMatch(/gen: [1-9]\d* files? written/);
  });

  it("with --format prettier, regenerates when the prettier config changes (the default ignores it)", () => {
    const prettier = ["--format", "prettier"];
    expect(runCli(["generate", "idl", "-o", "gen", ...prettier], tmp.dir).code).toBe(0);
    expect(runCli(["generate", "idl", "-o", "plain"], tmp.dir).code).toBe(0);
    tmp.write(".prettierrc.json", '{ "printWidth": 60 }');
    const r = runCli(["generate", "idl", "-o", "gen", ...prettier], tmp.dir);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/gen: [1-9]\d* files? written/);
    expect(runCli(["generate", "idl", "-o", "plain"], tmp.dir).stdout).toBe("plain: up to date\n");
  });

  it("--force regenerates anyway and rewrites nothing that is unchanged", () => {
    runCli(["generate", "idl", "-o", "gen"], tmp.dir);
    expect(runCli(["generate", "--force", "idl", "-o", "gen"], tmp.dir).stdout).toContain(
      "gen: 0 files written",
    );
  });

  it("removes the module of an interface that was dropped from the inputs", () => {
    runCli(["generate", "idl", "-o", "gen"], tmp.dir);
    tmp.write("gen/notes.md", "user file\n");
    rmSync(`${tmp.dir}/idl/org.varlink.service.varlink`);
    const r = runCli(["generate", "idl", "-o", "gen"], tmp.dir);
    expect(r.stdout).toContain("gen: 0 files written, 1 removed");
    expect(existsSync(`${tmp.dir}/gen/org.varlink.service.ts`)).toBe(false);
    expect(existsSync(`${tmp.dir}/gen/notes.md`)).toBe(true);
  });
});

describe("generate --check", () => {
  it("exits 0 when up to date and writes nothing", () => {
    runCli(["generate", "idl", "-o", "gen"], tmp.dir);
    const manifest = readFileSync(`${tmp.dir}/gen/.varlink-codegen.json`, "utf8");
    const r = runCli(["generate", "--check", "idl", "-o", "gen"], tmp.dir);
    expect(r).toMatchObject({ code: 0, stdout: "gen: up to date\n" });
    expect(readFileSync(`${tmp.dir}/gen/.varlink-codegen.json`, "utf8")).toBe(manifest);
  });

  it("reports missing files when nothing was generated yet, and creates nothing", () => {
    const r = runCli(["generate", "--check", "idl", "-o", "gen"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("missing: gen/org.example.more.ts\n");
    expect(r.stdout).toMatch(
      /\n\d+ files out of date; run `varlink-codegen generate` and commit the result\n$/,
    );
    expect(existsSync(`${tmp.dir}/gen`)).toBe(false);
  });

  it("reports stale files with a unified diff, missing and orphaned files", () => {
    runCli(["generate", "idl", "-o", "gen"], tmp.dir);
    tmp.write(
      "idl/org.example.more.varlink",
      fixture("org.example.more").replace(
        "interface org.example.more",
        "# Changed.\ninterface org.example.more",
      ),
    );
    rmSync(`${tmp.dir}/idl/org.varlink.service.varlink`);
    rmSync(`${tmp.dir}/gen/runtime/client/client.ts`);
    tmp.write("gen/keep-me.txt", "not ours\n");
    const r = runCli(["generate", "--check", "idl", "-o", "gen"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^stale: gen\/org\.example\.more\.ts\n--- gen\/org\.example\.more\.ts \(on disk\)\n\+\+\+ gen\/org\.example\.more\.ts \(generated\)\n@@ /,
    );
    expect(r.stdout).toContain("\n+ * Changed.\n");
    expect(r.stdout).toContain("missing: gen/runtime/client/client.ts\n");
    expect(r.stdout).toContain("extra: gen/org.varlink.service.ts (orphaned: not generated any more)\n");
    expect(r.stdout).not.toContain("keep-me");
    expect(r.stdout).toContain("3 files out of date");
  });

  it("prints JSON and GitHub annotations with --error-format", () => {
    runCli(["generate", "idl", "-o", "gen"], tmp.dir);
    rmSync(`${tmp.dir}/gen/org.example.more.ts`);
    const json = runCli(["generate", "--check", "--error-format", "json", "idl", "-o", "gen"], tmp.dir);
    expect(JSON.parse(json.stdout)).toEqual({
      upToDate: false,
      targets: [{ outDir: "gen", stale: [], missing: ["org.example.more.ts"], extra: [] }],
    });
    const github = runCli(["generate", "--check", "--error-format", "github", "idl", "-o", "gen"], tmp.dir);
    expect(github.stdout).toBe(
      "::error file=gen/org.example.more.ts,title=missing generated file::run `varlink-codegen generate` and commit the result\n",
    );
    expect(github.code).toBe(1);
  });

  it("prints front-end diagnostics in the chosen format and exits 1", () => {
    tmp.write("idl/bad.varlink", "interface org.bad\nmethod A() -> (x: Nope)\n");
    const r = runCli(["generate", "--check", "--error-format", "github", "idl", "-o", "gen"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^::error file=idl\/bad\.varlink,line=2,col=19,title=VL2\d\d::/);
  });
});

describe("generate with a config", () => {
  it("generates every target from the config, run from a subdirectory", () => {
    tmp.write(
      "varlink-codegen.config.json",
      config([{ outDir: "a" }, { outDir: "b", int: "bigint", runtime: "varlink-codegen/runtime" }]),
    );
    tmp.write("sub/.keep", "");
    const r = runCli(["generate"], `${tmp.dir}/sub`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\.\.\/a: \d+ files written$/m);
    expect(r.stdout).toContain("../b: 2 files written");
    expect(readFileSync(`${tmp.dir}/b/org.example.more.ts`, "utf8")).toContain(
      'from "varlink-codegen/runtime"',
    );
    expect(runCli(["generate", "--check"], tmp.dir)).toMatchObject({
      code: 0,
      stdout: "a: up to date\nb: up to date\n",
    });
  });

  it("lets flags given on the command line override the config", () => {
    tmp.write("varlink-codegen.config.json", config([{ outDir: "gen", runtime: "varlink-codegen/runtime" }]));
    runCli(["generate", "--runtime", "bundled"], tmp.dir);
    expect(existsSync(`${tmp.dir}/gen/runtime/client/client.ts`)).toBe(true);
    const check = runCli(["generate", "--check"], tmp.dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("extra: gen/runtime/client/client.ts (orphaned: not generated any more)");
  });

  it.each([
    [
      "-o with several targets",
      [{ outDir: "a" }, { outDir: "b" }],
      ["-o", "x"],
      /-o cannot be used with a config that has 2 targets/,
    ],
    [
      "--watch with --check",
      [{ outDir: "a" }],
      ["--watch", "--check"],
      /--watch and --check exclude each other/,
    ],
    ["a bad --int", [{ outDir: "a" }], ["--int", "long"], /argument 'long' is invalid/],
  ])("exits 2 on %s", (_name, targets, args, stderr) => {
    tmp.write("varlink-codegen.config.json", config(targets));
    const r = runCli(["generate", ...args], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
  });

  it("exits 2 without inputs and without a config, and 1 on a broken config", () => {
    expect(runCli(["generate", "-o", "gen"], tmp.dir)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/no inputs/),
    });
    tmp.write("varlink-codegen.config.json", '{ "inputs": ["idl"], "targets": [{ "out": "gen" }] }');
    const r = runCli(["generate"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error VL351: unknown key 'out' in targets[0]");
  });
});
