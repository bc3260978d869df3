/**
 * Smoke test of the benchmark's Go baseline (bench/go): it builds offline from Debian's varlink/go
 * sources, the Go server serves org.varlink.bench, and the Go benchmark client drives every
 * scenario and prints its JSON result. Small counts; no timing is asserted.
 */
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGoPeers, type GoBuild } from "../../bench/go/go-peers.js";
import { startPeer, type Peer } from "../../bench/lib/child.js";

const run = promisify(execFile);

describe("bench/go: the varlink/go baseline peers", () => {
  let build: GoBuild;
  let server: Peer | undefined;
  let dir: string;
  let address: string;

  beforeAll(async () => {
    build = buildGoPeers();
    dir = mkdtempSync(join(tmpdir(), "varlink-bench-go-"));
    address = `unix:${join(dir, "go.sock")}`;
    if (build.ok) server = await startPeer(build.peers.server, ["--varlink", address]);
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("builds", () => {
    expect(build.ok ? "built" : build.reason).toBe("built");
  });

  it.each([
    ["ping", []],
    ["pipeline", ["--depth", "4"]],
    ["stream", []],
    ["echo", ["--size", "1024"]],
  ])("the Go client drives the Go server: %s", async (scenario, extra) => {
    if (!build.ok) throw new Error(build.reason);
    const args = [
      "--varlink",
      address,
      "--scenario",
      scenario,
      "--count",
      "20",
      "--reps",
      "2",
      "--warmup",
      "2",
      ...extra,
    ];
    const { stdout } = await run(build.peers.client, args, { timeout: PROCESS_LIMIT_MS });
    const result = JSON.parse(stdout) as { scenario: string; samples: { ops: number; seconds: number }[] };
    expect(result.scenario).toBe(scenario);
    expect(result.samples).toHaveLength(2);
    for (const sample of result.samples) expect(sample.ops).toBe(20);
  });

  it("reports a clear reason instead of failing when go is missing", () => {
    const saved = process.env["PATH"];
    process.env["PATH"] = "/nonexistent";
    try {
      const missing = buildGoPeers({ buildDir: join(dir, "unused") });
      expect(missing).toEqual({ ok: false, reason: expect.stringContaining("go not found") });
    } finally {
      process.env["PATH"] = saved;
    }
  });
});
