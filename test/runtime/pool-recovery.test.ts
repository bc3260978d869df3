/**
 * A pool recovers from what used to wedge it: set-aside connections whose reply never comes are
 * reclaimed for waiting calls, a failed connect is retried once its backoff passed while calls
 * wait, and an idle pool does not keep the process alive. Real unix sockets; waits for events.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ConnectionPool } from "../../packages/runtime/src/client/pool.js";
import { EVENT_LIMIT_MS, spawningTestTimeout } from "../helpers/time-limits.js";
import { perTest } from "./pool-helpers.js";
import { deferred } from "./helpers.js";

const TEST_LIMIT = EVENT_LIMIT_MS * 2;
const { defer, unixGate } = perTest();

describe("ConnectionPool recovery", () => {
  it(
    "closes set-aside connections (oldest first) for waiting calls when the server never answers",
    async () => {
      const gate = await unixGate();
      const pool = new ConnectionPool(gate.address, { maxConnections: 2 });
      defer(() => pool.close());
      // Two calls the server never answers (Slow is never released), given up by abort.
      const aborts = [new AbortController(), new AbortController()];
      const hung = aborts.map((a) => pool.call("org.example.gate.Slow", {}, { signal: a.signal }));
      await gate.slowEntered(2);
      for (const a of aborts) a.abort(new Error("gave up"));
      for (const call of hung) await expect(call).rejects.toThrow("gave up");
      expect(pool.size).toBe(2); // both set aside, at maxConnections
      // Before the fix these waited for ever: nothing closed a set-aside connection.
      await expect(pool.call("org.example.gate.Echo", { n: 1 })).resolves.toEqual({ n: 1 });
      await expect(pool.call("org.example.gate.Echo", { n: 2 })).resolves.toEqual({ n: 2 });
      expect(pool.size).toBeLessThanOrEqual(2);
    },
    TEST_LIMIT,
  );

  it(
    "retries a failed connect once the backoff passed while calls wait and a connection is busy",
    async () => {
      const gate = await unixGate();
      const failed = deferred();
      const pool = new ConnectionPool(gate.address, {
        maxConnections: 2,
        reconnect: { baseMs: 20, maxMs: 20 },
        random: () => (failed.resolve(), 0.5),
      });
      defer(() => pool.close());
      const slow = pool.call("org.example.gate.Slow");
      await gate.slowEntered();
      // The listening socket's path goes away (a restart): new connects fail, the busy one lives.
      rmSync(gate.address.slice("unix:".length), { force: true });
      const echo = pool.call("org.example.gate.Echo", { n: 1 });
      await failed.promise;
      await gate.server.listen(gate.address);
      // Before the fix this waited until Slow ended: nothing opened a connection after the backoff.
      await expect(echo).resolves.toEqual({ n: 1 });
      gate.release();
      await slow;
    },
    TEST_LIMIT,
  );

  it(
    "an idle pool does not keep the process alive",
    async () => {
      const gate = await unixGate();
      const runtime = pathToFileURL(resolve("packages/runtime/src/index.ts")).href;
      const script = [
        `import { ServiceClient } from ${JSON.stringify(runtime)};`,
        `const client = new ServiceClient(${JSON.stringify(gate.address)});`,
        `await client.call("org.example.gate.Echo", { n: 1 });`,
        `console.log("DONE");`,
      ].join("\n");
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      defer(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      // Before the fix the kept-idle socket held the child until the test's timeout killed it.
      const [code] = (await once(child, "exit")) as [number | null];
      expect(output).toContain("DONE");
      expect(code).toBe(0);
    },
    spawningTestTimeout(1),
  );
});
