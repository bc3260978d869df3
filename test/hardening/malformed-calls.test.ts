/**
 * Every UAPI.20 MUST about malformed calls, as a table: the bytes sent and what must happen
 * (the connection closed without any reply, or a specific reply). The same rows run against
 * varlink-go-certification when it is installed, with Go's own outcome in the `go` column: it is
 * laxer in places (noted, not copied; see docs/hardening.md).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "./fixture-server.js";
import { exchange, rawConnect } from "./wire.js";

/**
 * "closed": closed with no reply; "answered": a success reply; "silent": no reply to the bad
 * call (taken as oneway), the next one answered; otherwise the error name replied.
 */
type Outcome = "closed" | "answered" | string;

interface Row {
  readonly name: string;
  /** The bytes, for a call of `method` (a method without parameters). */
  readonly bytes: (method: string) => string;
  readonly ours: Outcome;
  readonly go: Outcome;
}

const call = (method: string, rest = ""): string => `{"method":${JSON.stringify(method)}${rest}}\0`;

const rows: readonly Row[] = [
  {
    name: "a missing method",
    bytes: () => '{"parameters":{}}\0',
    ours: "closed",
    go: "org.varlink.service.InvalidParameter",
  },
  { name: "a method that is a number", bytes: () => '{"method":42}\0', ours: "closed", go: "closed" },
  {
    name: "a method that is null",
    bytes: () => '{"method":null}\0',
    ours: "closed",
    go: "org.varlink.service.InvalidParameter",
  },
  { name: 'more: "yes"', bytes: (m) => call(m, ',"more":"yes"'), ours: "closed", go: "closed" },
  { name: "more: 1", bytes: (m) => call(m, ',"more":1'), ours: "closed", go: "closed" },
  { name: "oneway: 1", bytes: (m) => call(m, ',"oneway":1'), ours: "closed", go: "closed" },
  // The call is typed `oneway: ?bool`: null is the same as absent.
  { name: "oneway: null", bytes: (m) => call(m, ',"oneway":null'), ours: "answered", go: "answered" },
  { name: 'upgrade: "no"', bytes: (m) => call(m, ',"upgrade":"no"'), ours: "closed", go: "closed" },
  {
    name: "oneway and more true",
    bytes: (m) => call(m, ',"oneway":true,"more":true'),
    ours: "closed",
    go: "silent",
  },
  {
    name: "more and upgrade true",
    bytes: (m) => call(m, ',"more":true,"upgrade":true'),
    ours: "closed",
    go: "answered",
  },
  {
    name: "oneway and upgrade true",
    bytes: (m) => call(m, ',"oneway":true,"upgrade":true'),
    ours: "closed",
    go: "silent",
  },
  {
    name: "an unknown unprefixed member",
    bytes: (m) => call(m, ',"future":{}'),
    ours: "closed",
    go: "answered",
  },
  { name: "an X- style member", bytes: (m) => call(m, ',"X-Trace":"1"'), ours: "closed", go: "answered" },
  {
    name: "a top-level __proto__",
    bytes: (m) => call(m, ',"__proto__":{"oneway":true}'),
    ours: "closed",
    go: "answered",
  },
  {
    name: "reply members in a call",
    bytes: (m) => call(m, ',"continues":true'),
    ours: "closed",
    go: "answered",
  },
  {
    name: "parameters that are an array",
    bytes: (m) => call(m, ',"parameters":[]'),
    ours: "closed",
    go: "answered",
  },
  {
    name: "parameters that are a string",
    bytes: (m) => call(m, ',"parameters":"p"'),
    ours: "closed",
    go: "answered",
  },
  {
    name: "parameters that are a number",
    bytes: (m) => call(m, ',"parameters":5'),
    ours: "closed",
    go: "answered",
  },
  // Well-formed: the connection must stay usable.
  {
    name: "a vendor extension",
    bytes: (m) => call(m, ',"org.example.trace":{"id":"1"}'),
    ours: "answered",
    go: "answered",
  },
  {
    name: "flags all false",
    bytes: (m) => call(m, ',"oneway":false,"more":false,"upgrade":false'),
    ours: "answered",
    go: "answered",
  },
  { name: "parameters: null", bytes: (m) => call(m, ',"parameters":null'), ours: "answered", go: "answered" },
];

/** Sends the row's bytes followed by a valid call, and classifies what came back. */
async function outcome(address: string, row: Row, method: string): Promise<Outcome> {
  const bytes = row.bytes(method) + call(method);
  const result = await exchange(address, bytes, { expectReplies: 2, waitMs: 3000 });
  if (result.replies.length === 0) return result.closed ? "closed" : "hung";
  // Only the valid call was answered: the bad one was taken as oneway.
  if (result.replies.length === 1 && !result.closed) return "silent";
  const first = JSON.parse(result.replies[0]!) as { error?: string };
  return first.error ?? "answered";
}

describe("UAPI.20 malformed calls against our server", () => {
  let fixture: FixtureServer;
  beforeAll(async () => {
    fixture = await startFixtureServer();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it.each(rows.map((row) => [row.name, row] as const))("%s", async (_name, row) => {
    expect(await outcome(fixture.address, row, "org.varlink.service.GetInfo")).toBe(row.ours);
  });

  it("answers the calls before a malformed one, then closes without a reply to it or what follows", async () => {
    const bytes = call("org.varlink.service.GetInfo") + call("org.varlink.service.GetInfo", ',"more":1');
    const result = await exchange(fixture.address, bytes + call("org.varlink.service.GetInfo"), {
      expectReplies: 3,
      waitMs: 3000,
    });
    expect(result.replies).toHaveLength(1);
    expect(result.closed).toBe(true);
  });
});

const GO_CERT = "varlink-go-certification";
const haveGo = (process.env["PATH"] ?? "").split(":").some((dir) => {
  try {
    return statSync(join(dir, GO_CERT)).isFile();
  } catch {
    return false;
  }
});

describe.skipIf(!haveGo)("the same rows against varlink-go-certification (its outcome recorded)", () => {
  let dir: string;
  let child: ChildProcess;
  let address: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "varlink-go-malformed-"));
    address = `unix:${join(dir, "sock")}`;
    child = spawn(GO_CERT, ["--varlink", address], { stdio: "ignore" });
    // Wait for the socket: connect until it accepts (bounded).
    for (let i = 0; ; i++) {
      try {
        (await rawConnect(address)).destroy();
        break;
      } catch (error) {
        if (i > 200) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }, 30_000);
  afterAll(() => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(rows.map((row) => [row.name, row] as const))("%s", async (_name, row) => {
    expect(await outcome(address, row, "org.varlink.service.GetInfo")).toBe(row.go);
  });
});
