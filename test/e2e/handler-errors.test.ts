/**
 * A misspelt handler is a compile error that names the interface and its handlers, not only
 * "… is not assignable to type 'never'": tsc's own diagnostic text is checked.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { writeGenerated } from "../helpers/generated-project.js";
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";
import { typeCheck } from "../helpers/tsc.js";

let dir: string | undefined;
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

it(
  "a misspelt handler's error says it is not a handler of the interface and lists the handlers",
  async () => {
    dir = await writeGenerated("handler-errors-", ["io.example.user"]);
    const probe = [
      'import { VarlinkServer } from "./runtime/index.js";',
      'import { registerUserService } from "./io.example.user.js";',
      'const server = new VarlinkServer({ vendor: "v", product: "p", version: "1", url: "u" });',
      "class Users {",
      "  getUserInof() {",
      '    return { user: { username: "a", email: "e", role: "admin" as const, createdAt: 0, tags: {} } };',
      "  }",
      "}",
      "registerUserService(server, new Users());",
      "",
    ].join("\n");
    await writeFile(join(dir, "probe.ts"), probe);
    const checked = await typeCheck(dir);
    expect(checked.ok).toBe(false);
    expect(checked.output).toContain(
      '"getUserInof is not a handler of io.example.user (its handlers: getUserInfo, createUser, listUsers, deleteUser)"',
    );
  },
  PROCESS_LIMIT_MS,
);
