/**
 * Spawns the real binary (`node bin/varlink-codegen.js`, built by `npm run build`) and captures
 * its output. Colour is off (NO_COLOR) so output is stable; every run has a limit, long enough
 * that only a hung run reaches it (test/helpers/time-limits.ts).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROCESS_LIMIT_MS } from "./time-limits.js";

/** Absolute path of the repository root. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
/** Absolute path of the CLI entry point. */
export const bin = join(repoRoot, "bin", "varlink-codegen.js");

/** What a CLI run produced. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI synchronously in `cwd` (for short commands); `nodeArgs` go before the script. */
export function runCli(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  nodeArgs: readonly string[] = [],
): CliRun {
  const r = spawnSync(process.execPath, [...nodeArgs, bin, ...args], {
    cwd,
    encoding: "utf8",
    timeout: PROCESS_LIMIT_MS,
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs the CLI asynchronously (needed when the test itself serves something the CLI talks to);
 * `input` is written to its stdin (which is closed either way).
 */
export function runCliAsync(
  args: readonly string[],
  cwd: string,
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
    });
    child.stdin.end(options.input ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), PROCESS_LIMIT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A temporary directory with helpers to write files into it; `remove()` in afterEach. */
export function tempDir(prefix = "vlc-"): {
  dir: string;
  write(path: string, text: string): string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(path, text) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
      return full;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs git in `cwd` with a fixed identity; throws when git fails. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
