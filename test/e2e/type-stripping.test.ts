/**
 * Generated code and the bundled runtime are erasable syntax only: with `--import-extension .ts`
 * they type-check as written (allowImportingTsExtensions + erasableSyntaxOnly), and run directly
 * under Node's type stripping (Node 22.18+/24, unflagged) to call a server, on Node 24 and on
 * Node 22 (the smoke test of Node 22 in CI). The runs need such a Node: `VARLINK_NODE24` /
 * `VARLINK_NODE22` (see test/helpers/node-versions.ts); without one that run is skipped (the
 * machine's Node 20 cannot strip types).
 */
import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeGenerated } from "../helpers/generated-project.js";
import { nodeBinary, noNode } from "../helpers/node-versions.js";
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";
import { typeCheck } from "../helpers/tsc.js";

let dir: string;
beforeAll(async () => {
  dir = await writeGenerated("strip-", ["io.example.user"], { importExtension: ".ts" });
  const main = [
    'import { VarlinkServer } from "./runtime/index.ts";',
    'import { UserClient, registerUserService } from "./io.example.user.ts";',
    'const server = new VarlinkServer({ vendor: "v", product: "p", version: "1", url: "u" });',
    "registerUserService(server, {",
    "  getUserInfo({ username }) {",
    '    return { user: { username, email: "e", role: "admin", createdAt: 1, tags: {} } };',
    "  },",
    "});",
    'const { address } = await server.listen("tcp:127.0.0.1:0");',
    "const client = await UserClient.connect(address);",
    'const { user } = await client.getUserInfo({ username: "ada" });',
    "console.log(user.username);",
    "await client.close();",
    "await server.close();",
    "",
  ].join("\n");
  await writeFile(join(dir, "main.ts"), main);
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
}, PROCESS_LIMIT_MS);
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

it(
  "type-checks with .ts imports under erasableSyntaxOnly",
  async () => {
    const checked = await typeCheck(dir, { allowImportingTsExtensions: true, erasableSyntaxOnly: true });
    expect(checked.output).toBe("");
    expect(checked.ok).toBe(true);
  },
  PROCESS_LIMIT_MS,
);

describe.each([24, 22] as const)("on Node %i", (major) => {
  it(
    "runs under Node's type stripping and calls a server",
    async (context) => {
      const node = nodeBinary(major);
      if (node === undefined) return context.skip(noNode(major));
      const out = await new Promise<string>((resolve, reject) => {
        execFile(node, [join(dir, "main.ts")], { timeout: PROCESS_LIMIT_MS }, (error, stdout, stderr) =>
          error === null ? resolve(stdout) : reject(new Error(`${error.message}\n${stderr}`)),
        );
      });
      expect(out).toBe("ada\n");
    },
    PROCESS_LIMIT_MS,
  );
});
