/**
 * The server the hardening tests attack: our runtime serving `org.example.hardening`, whose
 * methods misbehave on purpose (throw, reject, hang, stream without end) and count what they do,
 * so tests can see that handlers are released and streams are throttled.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  VarlinkServer,
  VarlinkError,
  type InterfaceDefinition,
  type ServerOptions,
} from "../../packages/runtime/src/index.js";

/** IDL of the fixture interface. */
export const HARDENING_IDL = `# Methods that misbehave on purpose, for the hardening tests.
interface org.example.hardening

method Ping(ping: string) -> (pong: string)

method Echo(data: string) -> (data: string)

method EchoAny(value: ?any) -> (value: ?any)

method Fail(kind: string) -> ()

method Hang() -> ()

method Slow(ms: int) -> (ms: int)

# [Requires 'more' flag]
method Count(n: int) -> (i: int)

error Expected (reason: string)
`;

/** What the handlers did, for assertions. */
export interface Activity {
  /** Replies produced by Count generators (incremented before each yield). */
  produced: number;
  /** Count generators that ran their `finally` (released by the server). */
  streamsFinished: number;
  /** Hang handlers currently waiting. */
  hanging: number;
  /** Hang handlers whose call signal was aborted. */
  hangsAborted: number;
  /** Slow handlers started. */
  slowStarted: number;
}

/** A running fixture server. */
export interface FixtureServer {
  readonly server: VarlinkServer;
  /** `unix:` address it listens on. */
  readonly address: string;
  readonly activity: Activity;
  /** Closes the server and removes its socket folder. */
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function stringIssue(parameters: Record<string, unknown>, name: string): { path: string; message: string }[] {
  return typeof parameters[name] === "string" ? [] : [{ path: name, message: "expected a string" }];
}

function intIssue(parameters: Record<string, unknown>, name: string): { path: string; message: string }[] {
  return Number.isSafeInteger(parameters[name]) ? [] : [{ path: name, message: "expected an int" }];
}

function definition(activity: Activity): InterfaceDefinition {
  return {
    name: "org.example.hardening",
    description: HARDENING_IDL,
    methods: {
      Ping: {
        validateParameters: (p) => stringIssue(p, "ping"),
        handler: (p) => ({ pong: p["ping"] }),
      },
      Echo: {
        validateParameters: (p) => stringIssue(p, "data"),
        handler: (p) => ({ data: p["data"] }),
      },
      EchoAny: { handler: (p) => ({ value: p["value"] }) },
      Fail: {
        validateParameters: (p) => stringIssue(p, "kind"),
        handler: async (p) => {
          switch (p["kind"]) {
            case "throw":
              throw new Error("internal detail: /secret/path at handler.ts:42");
            case "reject":
              await sleep(1);
              throw new TypeError("internal detail: rejected");
            case "varlink":
              throw new VarlinkError("org.example.hardening.Expected", { reason: "asked to" });
            default:
              throw "a bare string";
          }
        },
      },
      Hang: {
        handler: (_p, context) =>
          new Promise<object>((resolve) => {
            activity.hanging++;
            context.signal.addEventListener("abort", () => {
              activity.hanging--;
              activity.hangsAborted++;
              resolve({});
            });
          }),
      },
      Slow: {
        validateParameters: (p) => intIssue(p, "ms"),
        handler: async (p) => {
          activity.slowStarted++;
          await sleep(Number(p["ms"]));
          return { ms: p["ms"] };
        },
      },
      Count: {
        more: "requires",
        validateParameters: (p) => intIssue(p, "n"),
        handler: (p) =>
          (async function* count(): AsyncGenerator<{ i: number }> {
            try {
              for (let i = 0; i < Number(p["n"]); i++) {
                activity.produced++;
                yield { i };
              }
            } finally {
              activity.streamsFinished++;
            }
          })(),
      },
    },
  };
}

/** Starts a fixture server on a fresh unix socket. */
export async function startFixtureServer(
  options: Omit<ServerOptions, "vendor" | "product" | "version" | "url"> = {},
): Promise<FixtureServer> {
  const dir = mkdtempSync(join(tmpdir(), "varlink-hardening-"));
  const activity: Activity = { produced: 0, streamsFinished: 0, hanging: 0, hangsAborted: 0, slowStarted: 0 };
  const server = new VarlinkServer({
    vendor: "varlink-codegen",
    product: "hardening-fixture",
    version: "1",
    url: "https://varlink.org",
    ...options,
  });
  server.addInterface(definition(activity));
  const listener = await server.listen(`unix:${join(dir, "fixture.sock")}`);
  return {
    server,
    address: listener.address,
    activity,
    close: async () => {
      // Bounded: a test that leaves a handler hanging must not hang the suite.
      await server.close({ timeoutMs: 2000 });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
