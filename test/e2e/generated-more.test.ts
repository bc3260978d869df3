/**
 * End to end over real sockets: org.example.more generated, compiled with tsc, a server started
 * from the generated skeleton on a unix socket and on tcp:127.0.0.1:0, called through the
 * generated client (plain, more, oneway, declared error, InvalidParameter, unknown method).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject, type GeneratedProject } from "../helpers/generated-project.js";

/** The exports of scenarios/more-scenario.ts (typed by hand: it compiles only inside the project). */
interface Scenario {
  startServer(
    addresses: readonly string[],
  ): Promise<{ server: { close(): Promise<void> }; bound: string[]; log: { oneway: Promise<void> } }>;
  runClient(address: string): Promise<Record<string, unknown>>;
  streamAtOnce(address: string): Promise<unknown[]>;
}

let project: GeneratedProject;
let scenario: Scenario;
let started: Awaited<ReturnType<Scenario["startServer"]>>;

beforeAll(async () => {
  project = await buildProject(["org.example.more"], ["test/e2e/scenarios/more-scenario.ts"]);
  scenario = await project.load<Scenario>("more-scenario.ts");
  started = await scenario.startServer([`unix:${join(project.dir, "more.sock")}`, "tcp:127.0.0.1:0"]);
});

afterAll(async () => {
  await started?.server.close();
  await project?.remove();
});

describe("generated org.example.more client and server", () => {
  it.each([
    ["unix", 0],
    ["tcp", 1],
  ])("over %s", async (_transport, index) => {
    const out = await scenario.runClient(started.bound[index]!);
    expect(out).toEqual({
      ping: "hello",
      more: [{ start: true }, { progress: 50 }, { progress: 100 }, { end: true }],
      oneway: "sent",
      declaredError: { reason: "asked to fail", typed: true },
      invalidParameter: "n",
      unknownParameter: "extra",
      unknownMethod: "org.example.more.Nope",
      badReply: [{ path: "pong", message: "expected string, got 42" }],
      unchecked: 42,
      description: true,
    });
    await started.log.oneway;
  });

  it("streamEnd: return sends each value at once (a monitoring stream is not held back)", async () => {
    expect(await scenario.streamAtOnce("tcp:127.0.0.1:0")).toEqual([{ start: true }, { end: true }]);
  });
});
