import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { PROCESS_LIMIT_MS, spawningTestTimeout } from "../helpers/time-limits.js";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bin, repoRoot, tempDir } from "../helpers/cli.js";

let tmp: ReturnType<typeof tempDir>;
let child: ChildProcessWithoutNullStreams | undefined;
beforeEach(() => (tmp = tempDir()));
afterEach(async () => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
  child = undefined;
  tmp.remove();
});

/** Output collected so far and a way to wait (bounded) until it matches. */
function collect(stream: NodeJS.ReadableStream): {
  text(): string;
  waitFor(re: RegExp, from?: number): Promise<number>;
} {
  let text = "";
  const listeners = new Set<() => void>();
  stream.on("data", (c: Buffer) => {
    text += c.toString();
    for (const l of listeners) l();
  });
  return {
    text: () => text,
    waitFor: (re, from = 0) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const m = re.exec(text.slice(from));
          if (m === null) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(from + m.index + m[0].length);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${re}; output so far:\n${text}`));
        }, PROCESS_LIMIT_MS);
        listeners.add(check);
        check();
      }),
  };
}

describe("generate --watch", () => {
  it(
    "regenerates on change, reports errors without exiting, and stops on SIGINT",
    async () => {
      const more = readFileSync(`${repoRoot}fixtures/valid/org.example.more/input.varlink`, "utf8");
      tmp.write("idl/org.example.more.varlink", more);
      child = spawn(process.execPath, [bin, "generate", "--watch", "idl", "-o", "gen"], {
        cwd: tmp.dir,
        env: { ...process.env, NO_COLOR: "1" },
      });
      const out = collect(child.stdout);
      const err = collect(child.stderr);
      let at = await out.waitFor(/gen: \d+ files written\n/);
      await err.waitFor(/watching 1 directory for changes/);

      tmp.write("idl/org.example.more.varlink", more + "\nerror Added ()\n");
      at = await out.waitFor(/change detected, generating\n[^]*gen: 1 file written\n/, at);
      expect(readFileSync(`${tmp.dir}/gen/org.example.more.ts`, "utf8")).toContain("Added");

      tmp.write("idl/org.example.more.varlink", more + "\nerror Broken (x: Nope)\n");
      await err.waitFor(/idl\/org\.example\.more\.varlink:\d+:\d+: error VL2\d\d: .*Nope/);
      expect(child.exitCode).toBe(null);

      tmp.write("idl/org.example.more.varlink", more);
      await out.waitFor(/change detected, generating\n[^]*gen: 1 file written\n/, at);
      expect(readFileSync(`${tmp.dir}/gen/org.example.more.ts`, "utf8")).not.toContain("Added");

      const exited = new Promise<number | null>((r) => child!.once("exit", (code) => r(code)));
      child.kill("SIGINT");
      expect(await exited).toBe(0);
    },
    spawningTestTimeout(2),
  );

  // Editors, `sed -i` and `git checkout` save by renaming a new file over the old one; Node 20's
  // recursive watcher on Linux went deaf to a directory after the first such save.
  it(
    "keeps seeing saves that rename a temporary file over the input, and new subdirectories",
    async () => {
      const more = readFileSync(`${repoRoot}fixtures/valid/org.example.more/input.varlink`, "utf8");
      const input = tmp.write("idl/org.example.more.varlink", more);
      const saveByRename = (text: string): void => {
        writeFileSync(`${input}.tmp~`, text);
        renameSync(`${input}.tmp~`, input);
      };
      child = spawn(process.execPath, [bin, "generate", "--watch", "idl", "-o", "gen"], {
        cwd: tmp.dir,
        env: { ...process.env, NO_COLOR: "1" },
      });
      const out = collect(child.stdout);
      let at = await out.waitFor(/gen: \d+ files written\n/);
      await collect(child.stderr).waitFor(/watching 1 directory for changes/);
      for (const name of ["First", "Second", "Third"]) {
        saveByRename(`${more}\nerror ${name} ()\n`);
        at = await out.waitFor(/change detected, generating\n[^]*gen: 1 file written\n/, at);
        expect(readFileSync(`${tmp.dir}/gen/org.example.more.ts`, "utf8")).toContain(name);
      }
      tmp.write("idl/sub/org.example.other.varlink", "interface org.example.other\n\nmethod A() -> ()\n");
      at = await out.waitFor(/change detected, generating\n[^]*gen: 1 file written\n/, at);
      tmp.write("idl/sub/org.example.other.varlink", "interface org.example.other\n\nmethod B() -> ()\n");
      await out.waitFor(/change detected, generating\n[^]*gen: 1 file written\n/, at);
      expect(readFileSync(`${tmp.dir}/gen/org.example.other.ts`, "utf8")).toContain("org.example.other.B");
    },
    spawningTestTimeout(2),
  );
});
