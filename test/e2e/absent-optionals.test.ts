/**
 * Absent optionals are omitted on the wire, never sent as `null` (issue 12; UAPI.20 lets a
 * sender omit them): over a real unix socket, a raw peer reads what a generated client sends
 * and what a generated server replies (plain and `more`), nested optionals included, while a
 * `null` that is data (array element, map value, inside an `object`, a plain `any`) is sent.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchange, frame } from "../hardening/wire.js";
import { buildProject, type GeneratedProject } from "../helpers/generated-project.js";
import { rawServer } from "../helpers/raw-server.js";

interface Scenario {
  echoParameters(): Record<string, unknown>;
  runClient(address: string): Promise<{ unchanged: boolean }>;
  startServer(address: string): Promise<{ server: { close(): Promise<void> }; bound: string }>;
}

let project: GeneratedProject;
let scenario: Scenario;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vl-absent-"));
  project = await buildProject(
    ["org.example.all-types", "io.example.user"],
    ["test/e2e/scenarios/absent-optionals-scenario.ts"],
  );
  scenario = await project.load<Scenario>("absent-optionals-scenario.ts");
}, 240_000);

afterAll(async () => {
  await project?.remove();
  await rm(dir, { recursive: true, force: true });
});

/** Echo's parameters as they must go on the wire: optional members that were null are absent. */
const echoSent = {
  primitives: { b: true, i: 1, f: 1.5, s: "s", o: { data: null }, a: null },
  containers: {
    list: [],
    map: {},
    set: {},
    listOfOptional: [1, null],
    deep: [null, { c: "red" }],
    mapOfLists: {},
    listOfSets: [],
    matrix: [],
    anyList: [null],
    objects: { o: { data: null } },
  },
  nested: {
    point: { x: 0, y: 0 },
    shape: "circle",
    deep: { inner: { values: [{ key: "k" }, { key: "v", value: 1 }] } },
    empty: {},
  },
};

/** The `null`s that are data, in Echo's parameters (and in its echoed reply). */
const DATA_NULLS = 6;

const nulls = (text: string): number => text.match(/null/g)?.length ?? 0;

describe("absent optionals on the wire", () => {
  it("a generated client leaves null optionals out of its parameters, nested too, and sends no empty parameters", async () => {
    const peer = await rawServer(`unix:${join(dir, "client.sock")}`, '{"parameters":{}}');
    try {
      const { unchanged } = await scenario.runClient(peer.address);
      expect(unchanged).toBe(true);
      const [echo, list] = peer.received.map((text) => JSON.parse(text) as Record<string, unknown>);
      expect(echo).toEqual({ method: "org.example.all-types.Echo", parameters: echoSent });
      expect(nulls(peer.received[0]!)).toBe(DATA_NULLS);
      // ListUsers with only `role: null`: nothing to send, so no `parameters` (UAPI.20 SHOULD).
      expect(list).toEqual({ method: "io.example.user.ListUsers" });
    } finally {
      await peer.close();
    }
  }, 60_000);

  it("a generated server leaves null optionals out of its replies, plain and more, nested too", async () => {
    const { server, bound } = await scenario.startServer(`unix:${join(dir, "server.sock")}`);
    try {
      const calls =
        frame({ method: "org.example.all-types.Echo", parameters: scenario.echoParameters() }) +
        frame({ method: "io.example.user.GetUserInfo", parameters: { username: "u" } }) +
        frame({ method: "io.example.user.ListUsers", more: true });
      const { replies } = await exchange(bound, calls, { expectReplies: 4 });
      expect(replies.map((r) => JSON.parse(r) as unknown)).toEqual([
        { parameters: echoSent },
        {
          parameters: {
            user: { username: "u", email: "u@example.org", role: "member", createdAt: 1, tags: {} },
          },
        },
        {
          parameters: {
            user: { username: "a", email: "a@example.org", role: "member", createdAt: 1, tags: {} },
          },
          continues: true,
        },
        {
          parameters: {
            user: { username: "b", email: "b@example.org", role: "member", createdAt: 1, tags: {} },
          },
        },
      ]);
      expect(replies.map(nulls)).toEqual([DATA_NULLS, 0, 0, 0]);
    } finally {
      await server.close();
    }
  }, 60_000);
});
