/**
 * `validate --error-format json|github` for CI: every file's diagnostics in one JSON array or as
 * GitHub annotations, the same shapes `generate` and `breaking` print; exit codes unchanged.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir("vlc-validate-format-");
  temp.write("a.varlink", "interface org.example.a\n\nmethod A(x: int32) -> ()\n");
  temp.write("b.varlink", "interface org.example.b\n\ntype T (x: strng)\n");
  temp.write("ok.varlink", "interface org.example.ok\n\nmethod Ping() -> ()\n");
});
afterEach(() => temp.remove());

it("github: one annotation per diagnostic across files, then the summary", () => {
  const r = runCli(["validate", "--error-format", "github", "a.varlink", "b.varlink"], temp.dir);
  expect(r.stderr).toBe(
    [
      "::error file=a.varlink,line=3,col=13,title=VL201::unknown type 'int32' (Varlink has one integer type, 'int' (64-bit signed))",
      "::error file=b.varlink,line=3,col=12,title=VL201::unknown type 'strng' (did you mean 'string'?)",
      "2 errors in 2 files (of 2 checked)",
      "",
    ].join("\n"),
  );
  expect(r.code).toBe(1);
});

it("json: one array; an empty one when everything is valid", () => {
  const bad = runCli(["validate", "--error-format", "json", "a.varlink"], temp.dir);
  const [json] = bad.stderr.split("\n1 error");
  expect(JSON.parse(json!)).toEqual([
    {
      file: "a.varlink",
      line: 3,
      column: 13,
      severity: "error",
      code: "VL201",
      message: "unknown type 'int32'",
      hint: "Varlink has one integer type, 'int' (64-bit signed)",
    },
  ]);
  expect(bad.code).toBe(1);
  const good = runCli(["validate", "--error-format", "json", "ok.varlink"], temp.dir);
  expect(good).toMatchObject({ code: 0, stdout: "1 interface valid\n", stderr: "[]\n" });
});
