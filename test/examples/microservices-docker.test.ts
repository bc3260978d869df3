/**
 * The Dockerfile without Docker: its build stage's RUN steps run here as written (except
 * `npm ci`: the repository's node_modules is already installed), into a scratch folder instead
 * of /out; its final stages are checked for what the image must be (node:24-slim, a non-root
 * USER, nothing but the bundle copied in, no RUN: no npm, no compiler); then each bundle is
 * copied alone into an empty folder (no node_modules anywhere above it) and started with the
 * image's CMD, probed on /healthz and /readyz, called over Varlink, and stopped with SIGTERM.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { type Launch, startService, stopService } from "../helpers/microservices.js";
import { PROCESS_LIMIT_MS, spawningTestTimeout } from "../helpers/time-limits.js";

const run = promisify(execFile);
const DOCKERFILE = "examples/microservices/deploy/Dockerfile";

interface Stage {
  readonly from: string;
  readonly name: string;
  readonly lines: string[];
}

/** The Dockerfile's stages with their instructions (no line continuations are used). */
function stages(text: string): Stage[] {
  const out: Stage[] = [];
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (line === "" || line.startsWith("#")) continue;
    const from = /^FROM (\S+)(?: AS (\S+))?$/.exec(line);
    if (from !== null) out.push({ from: from[1]!, name: from[2] ?? "", lines: [] });
    else out.at(-1)!.lines.push(line);
  }
  return out;
}

const all = stages(readFileSync(DOCKERFILE, "utf8"));
const stage = (name: string): Stage => all.find((s) => s.name === name)!;
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "vlc-docker-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it("the final images: node:24-slim, a non-root user, only the bundle, no RUN", () => {
  const runtime = stage("runtime");
  expect(runtime.from).toBe("node:24-slim");
  expect(runtime.lines).toContain("USER node");
  expect(runtime.lines).toContain('CMD ["node", "main.js"]');
  expect(runtime.lines).toContain("WORKDIR /app");
  for (const name of ["user-service", "order-service"]) {
    expect(stage(name).from).toBe("runtime");
    expect(stage(name).lines).toEqual([`COPY --from=build --chown=root:root /out/${name}/ /app/`]);
  }
  expect(
    [runtime, stage("user-service"), stage("order-service")]
      .flatMap((s) => s.lines)
      .filter((l) => l.startsWith("RUN")),
  ).toEqual([]);
});

it(
  "the build stage's steps build both bundles; each starts alone with the CMD, is healthy, serves and drains",
  async () => {
    const build = stage("build");
    const steps = build.lines.filter((l) => l.startsWith("RUN ")).map((l) => l.slice(4));
    expect(steps[0]).toBe("npm ci --ignore-scripts");
    const out = join(scratch, "out");
    for (const step of steps.slice(1))
      await run("sh", ["-c", step.replaceAll("/out", out)], { timeout: PROCESS_LIMIT_MS });
    expect(readdirSync(join(out, "user-service")).sort()).toEqual(["main.js", "package.json"]);

    const launches: Record<string, Launch> = {};
    for (const name of ["user-service", "order-service"]) {
      const app = join(scratch, `${name}-app`);
      cpSync(join(out, name), app, { recursive: true });
      launches[name] = { nodeArgs: [], cwd: app, entry: () => join(app, "main.js") };
    }
    const plain = { LISTEN: "tcp:127.0.0.1:0", HTTP_LISTEN: "127.0.0.1:0", NODE_ENV: "production" };
    const user = await startService("user-service", plain, launches["user-service"]);
    const order = await startService(
      "order-service",
      { ...plain, USER_SERVICE: user.address },
      launches["order-service"],
    );
    try {
      for (const s of [user, order]) {
        for (const path of ["/healthz", "/readyz"])
          expect((await fetch(`http://127.0.0.1:${s.httpPort}${path}`)).status).toBe(200);
      }
      const client = await VarlinkClient.connect(order.address);
      const reply = await client.call("io.example.order.CreateOrder", {
        username: "ada",
        items: [{ sku: "book", quantity: 1, unitPrice: 100 }],
      });
      await client.close();
      expect(reply).toMatchObject({ order: { username: "ada", total: 100 } });
    } finally {
      expect(await stopService(order)).toBe(0);
      expect(await stopService(user)).toBe(0);
    }
    expect(order.logs.map((l) => l["msg"])).toEqual(["listening", "draining", "stopped"]);
  },
  spawningTestTimeout(5),
);
