/**
 * A reader that goes away (`varlink-codegen generate ... | head -1`) is not a crash: before, the
 * EPIPE on the closed pipe was an unhandled `error` event (a stack trace on stderr). Now output
 * to the closed stream is dropped, the command still does its work (files are written) and
 * exits with its own code. The pipe is closed before the CLI writes anything, so every write
 * meets EPIPE, whatever the timing.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bin, tempDir } from "../helpers/cli.js";
import { startGoCertServer } from "../helpers/go-cert-server.js";
import { PROCESS_LIMIT_MS, spawningTestTimeout } from "../helpers/time-limits.js";

/** Runs the CLI with `closed` (its stdout or stderr) read by nobody; returns the other stream and the exit code. */
function runClosed(
  args: readonly string[],
  cwd: string,
  closed: "stdout" | "stderr",
): Promise<{ code: number | null; other: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    child[closed].destroy();
    const open = closed === "stdout" ? child.stderr : child.stdout;
    let other = "";
    open.on("data", (chunk: Buffer) => (other += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), PROCESS_LIMIT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, other });
    });
  });
}

let temp: ReturnType<typeof tempDir>;
beforeAll(() => {
  temp = tempDir("vlc-pipe-");
  const types = Array.from({ length: 2000 }, (_, i) => `type T${i} (n: int)\n`).join("\n");
  temp.write(
    "idl/org.example.big.varlink",
    `interface org.example.big\n\n${types}\nmethod Get() -> (t: T0)\n`,
  );
  temp.write("bad.varlink", "interface org.example.bad\n\ntype T (x: strng)\n");
  temp.write("v2/org.example.big.varlink", "interface org.example.big\n\nmethod Get() -> ()\n");
  temp.write(
    "varlink-codegen.config.json",
    JSON.stringify({ inputs: ["idl"], targets: [{ outDir: "gen" }] }),
  );
});
afterAll(() => temp.remove());

const stdoutClosed: [string, string[], number][] = [
  ["generate (writes every file)", ["generate", "idl", "-o", "out"], 0],
  ["generate, up to date (the fast path)", ["generate", "idl", "-o", "out"], 0],
  ["generate --check (prints a diff)", ["generate", "--check", "idl", "-o", "elsewhere"], 1],
  ["format", ["format", "idl/org.example.big.varlink"], 0],
  ["validate", ["validate", "idl"], 0],
  ["breaking", ["breaking", "idl/org.example.big.varlink", "v2/org.example.big.varlink"], 1],
  ["config", ["config"], 0],
  ["--help", ["--help"], 0],
];

it(
  "stdout closed: no crash, nothing on stderr, the command's own exit code",
  async () => {
    for (const [what, args, code] of stdoutClosed) {
      const r = await runClosed(args, temp.dir, "stdout");
      expect([what, r.other, r.code]).toEqual([what, "", code]);
    }
    expect(existsSync(join(temp.dir, "out", "org.example.big.ts"))).toBe(true);
  },
  spawningTestTimeout(stdoutClosed.length),
);

it(
  "stderr closed: validate --error-format json (which writes its array to stderr) keeps its exit code",
  async () => {
    const valid = await runClosed(["validate", "--error-format", "json", "idl"], temp.dir, "stderr");
    expect(valid).toEqual({ code: 0, other: "1 interface valid\n" });
    const invalid = await runClosed(
      ["validate", "--error-format", "json", "bad.varlink"],
      temp.dir,
      "stderr",
    );
    expect(invalid.code).toBe(1);
  },
  spawningTestTimeout(2),
);

it(
  "stdout closed: info and call against a real peer (varlink-go-certification)",
  async () => {
    const peer = await startGoCertServer();
    try {
      for (const args of [
        ["info", peer.address],
        ["call", peer.address, "org.varlink.certification.Start"],
      ]) {
        const r = await runClosed(args, temp.dir, "stdout");
        expect([args[0], r.other, r.code]).toEqual([args[0], "", 0]);
      }
    } finally {
      await peer.stop();
    }
  },
  spawningTestTimeout(3),
);
