/**
 * Interface files as editors save them: a UTF-8 byte-order mark, CRLF line ends, non-ASCII in
 * comments. Positions stay right and nothing of the encoding leaks into generated code.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";

let temp: ReturnType<typeof tempDir>;
beforeEach(() => (temp = tempDir("vlc-encodings-")));
afterEach(() => temp.remove());

it("drops a byte-order mark: columns on line 1 count from 'interface', the served IDL has no BOM", () => {
  temp.write("bad.varlink", "\uFEFFinterface org.example.bom foo\n\nmethod Ping() -> ()\n");
  const bad = runCli(["validate", "bad.varlink"], temp.dir);
  expect(bad.stderr).toMatch(
    /^bad\.varlink:1:27: error VL102: expected 'type', 'method' or 'error', found 'foo'\n/,
  );
  expect(bad.code).toBe(1);

  temp.write("bom.varlink", "\uFEFFinterface org.example.bom\n\nmethod Ping() -> ()\n");
  const gen = runCli(["generate", "bom.varlink", "-o", "out"], temp.dir);
  expect(gen.code).toBe(0);
  const module = readFileSync(join(temp.dir, "out", "org.example.bom.ts"), "utf8");
  expect(module).toContain("`interface org.example.bom\n\nmethod Ping() -> ()\n`");
  expect(module).not.toContain("\uFEFF");
});

it("accepts CRLF line ends and non-ASCII comments, with exact positions", () => {
  temp.write(
    "crlf.varlink",
    "interface org.example.crlf\r\n\r\n# héllo — 日本\r\nmethod Ping(a: int32) -> ()\r\n",
  );
  const { code, stderr } = runCli(["validate", "crlf.varlink"], temp.dir);
  expect(stderr).toMatch(/^crlf\.varlink:4:16: error VL201: unknown type 'int32'\n/);
  expect(stderr).toContain(
    "  3 | # héllo — 日本\n  4 | method Ping(a: int32) -> ()\n    |                ^^^^^ ",
  );
  expect(stderr).not.toContain("\r");
  expect(code).toBe(1);
});
