/**
 * A generated client works on any VarlinkCaller (not only a VarlinkClient): the options pick
 * the call shape (plain, `{ more: true }`, `{ oneway: true }`) and `[Idempotent]` methods pass
 * `idempotent: true` in their call options. A recording fake caller stands in for the runtime.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { VarlinkCaller } from "../../packages/runtime/src/index.js";
import { writeGenerated } from "../helpers/generated-project.js";

interface Recorded {
  readonly kind: "call" | "more" | "oneway";
  readonly method: string;
  readonly parameters: object | undefined;
  readonly idempotent: boolean | undefined;
}

/** Records every call; answers one fixed user. */
function recordingCaller(log: Recorded[]): VarlinkCaller {
  const user = { username: "ada", email: "e", role: "admin", createdAt: 1, tags: {} };
  return {
    async call(method, parameters, options) {
      log.push({ kind: "call", method, parameters, idempotent: options?.idempotent });
      return { user };
    },
    async *callMore(method, parameters, options) {
      log.push({ kind: "more", method, parameters, idempotent: options?.idempotent });
      yield { user };
      yield { user };
    },
    async callOneway(method, parameters, options) {
      log.push({ kind: "oneway", method, parameters, idempotent: options?.idempotent });
    },
    async close() {},
  };
}

let dir: string;
type Client = {
  getUserInfo(p: object, o?: object): Promise<unknown> & AsyncIterable<unknown>;
  createUser(p: object, o?: object): Promise<unknown>;
  listUsers(p?: object, o?: object): Promise<unknown> & AsyncIterable<unknown>;
};
let UserClient: new (caller: VarlinkCaller) => Client;
beforeAll(async () => {
  dir = await writeGenerated("caller-", ["io.example.user"], { importExtension: ".ts" });
  ({ UserClient } = (await import(pathToFileURL(join(dir, "io.example.user.ts")).href)) as {
    UserClient: typeof UserClient;
  });
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

it("options pick the call shape; [Idempotent] methods pass idempotent: true", async () => {
  const log: Recorded[] = [];
  const users = new UserClient(recordingCaller(log));
  await users.getUserInfo({ username: "ada" });
  await users.createUser({ username: "bob", email: "b" });
  const streamed = [];
  for await (const reply of users.listUsers({}, { more: true }) as AsyncIterable<unknown>)
    streamed.push(reply);
  await users.createUser({ username: "bob", email: "b" }, { oneway: true });
  expect(streamed).toHaveLength(2);
  expect(log.map((r) => [r.kind, r.method, r.idempotent])).toEqual([
    ["call", "io.example.user.GetUserInfo", true],
    ["call", "io.example.user.CreateUser", undefined],
    ["more", "io.example.user.ListUsers", true],
    ["oneway", "io.example.user.CreateUser", undefined],
  ]);
});
