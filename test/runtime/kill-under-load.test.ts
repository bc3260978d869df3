/**
 * Issue 11, "Proof": one of three servers killed under load (`kill -9` of a child process) →
 * no failed call to a retry-safe method, and the two left take the load; a method that is not
 * safe to repeat may fail, but only with `ConnectionError` `written: true` (it may have acted).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import { ConnectionError } from "../../packages/runtime/src/errors.js";
import { spawningTestTimeout } from "../helpers/time-limits.js";

const TEST_LIMIT = spawningTestTimeout(3);
const CALLERS = 16;

/** A server in a child process: `Which()` answers its id. Prints `READY <address>`. */
function serverScript(id: string): string {
  const server = pathToFileURL(resolve("packages/runtime/src/server/server.ts")).href;
  return [
    `import { VarlinkServer } from ${JSON.stringify(server)};`,
    `const server = new VarlinkServer({ vendor: "test", product: "kill", version: "1", url: "" });`,
    `server.addInterface({ name: "org.example.kill",`,
    `  description: "interface org.example.kill\\nmethod Which() -> (id: string)\\n",`,
    `  methods: { Which: { handler: () => ({ id: ${JSON.stringify(id)} }) } } });`,
    `const listener = await server.listen("tcp:127.0.0.1:0");`,
    `console.log("READY " + listener.address);`,
  ].join("\n");
}

interface Child {
  readonly id: string;
  readonly address: string;
  readonly process: ChildProcess;
}

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await once(child, "exit");
    }
  }
});

async function startChild(id: string): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", serverScript(id)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith("READY ")) return { id, address: line.slice("READY ".length), process: child };
  }
  throw new Error(`server ${id} exited before it was ready`);
}

interface Run {
  /** Calls answered, by server id, counted from the moment the victim was seen dead. */
  readonly afterDeath: Map<string, number>;
  /** Calls answered before it. */
  readonly beforeDeath: Map<string, number>;
  readonly failures: unknown[];
}

/**
 * 16 callers call `Which` continuously; after `killAfter` answered calls the victim is killed
 * with SIGKILL; once it has exited, `moreAfter` further calls are made, then the callers stop.
 */
async function killUnderLoad(idempotent: boolean, killAfter: number, moreAfter: number): Promise<Run> {
  const servers = await Promise.all(["a", "b", "c"].map(startChild));
  const victim = servers[2]!;
  const client = new ServiceClient(servers.map((server) => server.address).join(","), {
    retry: { maxAttempts: 5 },
  });
  const run: Run = { afterDeath: new Map(), beforeDeath: new Map(), failures: [] };
  let answered = 0;
  let dead = false;
  let leftAfterDeath = moreAfter;
  const count = (map: Map<string, number>, id: string) => map.set(id, (map.get(id) ?? 0) + 1);
  try {
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        while (!dead || leftAfterDeath > 0) {
          const startedAfterDeath = dead;
          if (dead) leftAfterDeath--;
          try {
            const reply = await client.call("org.example.kill.Which", {}, { idempotent });
            count(startedAfterDeath ? run.afterDeath : run.beforeDeath, String(reply["id"]));
          } catch (error) {
            run.failures.push(error);
          }
          if (++answered === killAfter) {
            victim.process.kill("SIGKILL");
            void once(victim.process, "exit").then(() => (dead = true));
          }
        }
      }),
    );
  } finally {
    await client.close();
  }
  expect(victim.process.signalCode).toBe("SIGKILL");
  return run;
}

describe("one of three servers killed under load", () => {
  it(
    "a retry-safe method: every call succeeds, and the two left take the load",
    async () => {
      const run = await killUnderLoad(true, 300, 600);
      expect(run.failures).toEqual([]);
      // All three served before the kill; after it, only a and b, both of them.
      expect(run.beforeDeath.get("c") ?? 0).toBeGreaterThan(0);
      expect(run.afterDeath.get("c") ?? 0).toBe(0);
      expect(run.afterDeath.get("a") ?? 0).toBeGreaterThan(100);
      expect(run.afterDeath.get("b") ?? 0).toBeGreaterThan(100);
      expect((run.afterDeath.get("a") ?? 0) + (run.afterDeath.get("b") ?? 0)).toBe(600);
    },
    TEST_LIMIT,
  );

  it(
    "a method not safe to repeat fails, if at all, only with ConnectionError written: true",
    async () => {
      const run = await killUnderLoad(false, 300, 600);
      for (const failure of run.failures) {
        expect(failure).toBeInstanceOf(ConnectionError);
        expect(failure).toMatchObject({ written: true });
      }
      // Calls started once it was gone went to a and b; at most its calls in flight failed.
      expect(run.afterDeath.get("c") ?? 0).toBe(0);
      expect((run.afterDeath.get("a") ?? 0) + (run.afterDeath.get("b") ?? 0)).toBeGreaterThan(0);
      expect(run.failures.length).toBeLessThanOrEqual(CALLERS);
    },
    TEST_LIMIT,
  );
});
