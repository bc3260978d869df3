import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { git, repoRoot, runCli, tempDir } from "../helpers/cli.js";
import { startGoCertServer } from "../helpers/go-cert-server.js";
import { cases } from "./cases.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.remove());

interface JsonReport {
  breaking: boolean;
  findings: { rule: string; severity: string; path: string; file: string; line: number; side: string }[];
}

describe("varlink-codegen breaking <old> <new>", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    tmp.write("old.varlink", c.old);
    tmp.write("new.varlink", c.new);
    const r = runCli(["breaking", "--error-format", "json", "old.varlink", "new.varlink"], tmp.dir);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings.map((f) => `${f.rule} ${f.severity} ${f.path}`)).toEqual(c.want);
    const breaking = c.want.some((w) => w.includes(" breaking "));
    expect(report.breaking).toBe(breaking);
    expect(r.code).toBe(breaking ? 1 : 0);
    expect(r.stderr).toBe("");
  });

  it("prints text with file:line:col, the old side marked, hints and a summary", () => {
    tmp.write("old.varlink", "interface a.b\nmethod Ping(x: int) -> ()\n");
    tmp.write("new.varlink", "interface a.b\nmethod Pong(x: int) -> ()\n");
    const r = runCli(["breaking", "old.varlink", "new.varlink"], tmp.dir);
    expect(r.stdout).toBe(
      [
        "new.varlink:2:8: safe VL403 method-added: method 'Pong' was added: old clients never call it",
        "old.varlink:2:8 (old): breaking VL402 method-removed: method 'Ping' was removed: old clients still call it and get MethodNotFound",
        "  hint: renamed to 'Pong'? (same definition)",
        "1 breaking change, 1 safe change",
        "",
      ].join("\n"),
    );
    expect(r.code).toBe(1);
  });

  it("prints GitHub annotations, removals moved onto the new file", () => {
    tmp.write("old.varlink", "interface a.b\nmethod A(x: int) -> ()\nerror Gone ()\n");
    tmp.write("new.varlink", "interface a.b\n\nmethod A(x: int, y: int) -> ()\n");
    const r = runCli(["breaking", "--error-format", "github", "old.varlink", "new.varlink"], tmp.dir);
    expect(r.stdout.split("\n")).toEqual([
      "::error file=new.varlink,line=3,col=18,endLine=3,endColumn=24,title=breaking change VL410 field-added::required field 'A.input.y' was added: old clients do not send it, so the server rejects their calls",
      "::error file=new.varlink,line=1,col=11,endLine=1,endColumn=11,title=breaking change VL407 error-removed::error 'Gone' was removed: clients match on error names; the condition is now reported some other way they do not expect (was at old.varlink:3:7)",
      "",
    ]);
    expect(r.code).toBe(1);
  });

  it("--only-breaking hides safe findings and exits 0 when only safe changes exist", () => {
    tmp.write("old.varlink", "interface a.b\nmethod A() -> ()\n");
    tmp.write("new.varlink", "interface a.b\nmethod A() -> ()\nmethod B() -> ()\n");
    const r = runCli(["breaking", "--only-breaking", "old.varlink", "new.varlink"], tmp.dir);
    expect(r).toMatchObject({ code: 0, stdout: "no changes\n" });
  });

  it("compares directories by interface name and reports removed interfaces", () => {
    tmp.write("v1/a.varlink", "interface org.a\nmethod A() -> ()\n");
    tmp.write("v1/b.varlink", "interface org.b\nmethod B() -> ()\n");
    tmp.write("v2/renamed-file.varlink", "interface org.a\nmethod A() -> ()\n");
    tmp.write("v2/c.varlink", "interface org.c\nmethod C() -> ()\n");
    const r = runCli(["breaking", "--error-format", "json", "v1", "v2"], tmp.dir);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings.map((f) => `${f.rule} ${f.severity} ${f.path}`)).toEqual([
      "interface-added safe org.c",
      "interface-removed breaking org.b",
    ]);
    expect(r.code).toBe(1);
  });

  it("exits 1 with rendered diagnostics when a side does not parse", () => {
    tmp.write("old.varlink", "interface a.b\nmethod A() -> ()\n");
    tmp.write("new.varlink", "interface a.b\nmethod A() -> (x: Nope)\n");
    const r = runCli(["breaking", "old.varlink", "new.varlink"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^new\.varlink:2:19: error VL2\d\d: .*Nope/);
  });

  it.each([
    ["one path", ["breaking", "old.varlink"], /breaking needs <old> <new>/],
    [
      "a missing file",
      ["breaking", "old.varlink", "nope.varlink"],
      /no such file or directory: .nope\.varlink./,
    ],
    ["a bad --error-format", ["breaking", "--error-format", "xml", "a", "b"], /error-format.*xml/],
    [
      "an --against that is nothing",
      ["breaking", "--against", "no-such-ref", "old.varlink"],
      /not a file, directory/,
    ],
  ])("exits 2 on %s", (_name, args, stderr) => {
    tmp.write("old.varlink", "interface a.b\nmethod A() -> ()\n");
    const r = runCli(args, tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
  });

  it("shows usage in --help", () => {
    const r = runCli(["breaking", "--help"], tmp.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("breaking --against origin/main idl/");
    expect(r.stdout).toContain("--error-format <format>");
  });
});

describe("varlink-codegen breaking --against", () => {
  it("compares the same paths at a git ref, including files deleted since", () => {
    tmp.write("idl/org.a.varlink", "interface org.a\nmethod A(x: int) -> ()\n");
    tmp.write("idl/org.b.varlink", "interface org.b\nmethod B() -> ()\n");
    git(tmp.dir, "init", "-q", "-b", "main");
    git(tmp.dir, "add", ".");
    git(tmp.dir, "commit", "-qm", "v1");
    expect(runCli(["breaking", "--against", "HEAD", "idl"], tmp.dir)).toMatchObject({
      code: 0,
      stdout: "no changes\n",
    });

    tmp.write("idl/org.a.varlink", "interface org.a\nmethod A(x: string) -> ()\n");
    git(tmp.dir, "rm", "-q", "idl/org.b.varlink");
    const r = runCli(["breaking", "--against", "HEAD", "--error-format", "json", "idl"], tmp.dir);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings.map((f) => `${f.rule} ${f.severity} ${f.path} ${f.file}`)).toEqual([
      "type-changed breaking A.input.x idl/org.a.varlink",
      "interface-removed breaking org.b HEAD:idl/org.b.varlink",
    ]);
    expect(r.code).toBe(1);
  });

  it("takes the new inputs from the config when none are given", () => {
    tmp.write(
      "varlink-codegen.config.json",
      JSON.stringify({ inputs: ["idl"], targets: [{ outDir: "gen" }] }),
    );
    tmp.write("idl/org.a.varlink", "interface org.a\nmethod A() -> ()\n");
    tmp.write("released/org.a.varlink", "interface org.a\nmethod A() -> ()\nmethod Old() -> ()\n");
    tmp.write("sub/dir/.keep", "");
    const r = runCli(["breaking", "--against", "../../released"], `${tmp.dir}/sub/dir`);
    expect(r.stdout).toContain("breaking VL402 method-removed: method 'Old' was removed");
    expect(r.code).toBe(1);
  });
});

describe("varlink-codegen breaking --against <live address>", () => {
  it("fetches the description from the Go certification server and compares", async () => {
    const server = await startGoCertServer();
    try {
      const cert = readFileSync(`${repoRoot}fixtures/valid/org.varlink.certification/input.varlink`, "utf8");
      tmp.write("same/cert.varlink", cert);
      const same = runCli(["breaking", "--against", server.address, "same"], tmp.dir);
      expect(same).toMatchObject({ code: 0, stdout: "no changes\n", stderr: "" });

      tmp.write("changed/cert.varlink", cert.replace(/method End\(/, "method Finish("));
      const changed = runCli(
        ["breaking", "--against", server.address, "--only-breaking", "changed"],
        tmp.dir,
      );
      expect(changed.code).toBe(1);
      expect(changed.stdout).toContain(`${server.address}#org.varlink.certification:`);
      expect(changed.stdout).toContain("breaking VL402 method-removed: method 'End' was removed");
    } finally {
      await server.stop();
    }
  });

  it("exits 1 with a clear message when nothing listens there", () => {
    tmp.write("a.varlink", "interface a.b\nmethod A() -> ()\n");
    const r = runCli(["breaking", "--against", `unix:${tmp.dir}/none.sock`, "a.varlink"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^varlink-codegen: --against unix:.*none\.sock: /);
  });
});
