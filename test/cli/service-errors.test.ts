/**
 * `info`, `call`, `pull` and `breaking --against` name a connection failure once, with the
 * address and the system's reason, exit code 1 (not the address three times over).
 */
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir("vlc-service-errors-");
  temp.write("x.varlink", "interface org.example.x\n\nmethod Ping() -> ()\n");
});
afterEach(() => temp.remove());

it.each([
  [["info"], ""],
  [["call"], " org.example.x.Ping"],
  [["pull"], ""],
  [["breaking", "x.varlink", "--against"], ""],
])("%j reports a missing socket once", (command, rest) => {
  const socket = join(temp.dir, "none.sock");
  const args = [...command, `unix:${socket}`, ...rest.split(" ").filter(Boolean)];
  const { code, stdout, stderr } = runCli(args, temp.dir);
  const against = command[0] === "breaking" ? `--against unix:${socket}: ` : "";
  expect(stderr).toBe(
    `varlink-codegen: ${against}cannot connect to unix:${socket}: connect ENOENT ${socket}\n`,
  );
  expect(stdout).toBe("");
  expect(code).toBe(1);
});
