import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { repoRoot, tempDir } from "../helpers/cli.js";
import { PROCESS_LIMIT_MS, spawningTestTimeout } from "../helpers/time-limits.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir("vlc-mono-")));
afterEach(() => tmp.remove());

/**
 * Copies examples/monorepo and lays out node_modules the way `npm install` does for its
 * devDependencies (typescript, @types/node, varlink-codegen via `file:../..`), with symlinks to
 * this repository's copies, so the test runs offline.
 */
function installExample(): string {
  const root = join(tmp.dir, "monorepo");
  cpSync(join(repoRoot, "examples/monorepo"), root, {
    recursive: true,
    filter: (src) => !/\/(node_modules|dist|generated)(\/|$)/.test(src.slice(repoRoot.length)),
  });
  const modules = join(root, "node_modules");
  mkdirSync(join(modules, ".bin"), { recursive: true });
  symlinkSync(join(repoRoot, "node_modules/@types"), join(modules, "@types"));
  symlinkSync(join(repoRoot, "node_modules/typescript"), join(modules, "typescript"));
  symlinkSync(repoRoot, join(modules, "varlink-codegen"));
  symlinkSync("../typescript/bin/tsc", join(modules, ".bin/tsc"));
  symlinkSync("../varlink-codegen/bin/varlink-codegen.js", join(modules, ".bin/varlink-codegen"));
  return root;
}

function npm(cwd: string, ...args: string[]): { code: number | null; out: string } {
  const r = spawnSync("npm", [...args, "--offline", "--no-audit", "--no-fund"], {
    cwd,
    encoding: "utf8",
    timeout: PROCESS_LIMIT_MS,
    env: { ...process.env, NO_COLOR: "1", npm_config_update_notifier: "false" },
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe("examples/monorepo", () => {
  it(
    "builds every workspace through its prebuild hook, then serves and calls the interface",
    async () => {
      const root = installExample();
      const build = npm(root, "run", "build");
      expect(build.code, build.out).toBe(0);
      expect(build.out.match(/src\/generated: \d+ files written/g)).toHaveLength(2);
      for (const pkg of ["greeter-service", "greeter-cli"]) {
        expect(existsSync(join(root, "packages", pkg, "dist/main.js"))).toBe(true);
      }

      // Second build: the prebuild hook is a no-op; --check agrees.
      const again = npm(root, "run", "build");
      expect(again.out.match(/src\/generated: up to date/g)).toHaveLength(2);
      expect(npm(root, "run", "check").code).toBe(0);

      // The compiled service and CLI talk over a unix socket.
      const address = `unix:${join(tmp.dir, "greeter.sock")}`;
      const service = spawn(process.execPath, [join(root, "packages/greeter-service/dist/main.js"), address]);
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("service did not start")), PROCESS_LIMIT_MS);
          service.stdout.on("data", (c: Buffer) => {
            if (!c.toString().includes("listening on")) return;
            clearTimeout(timer);
            resolve();
          });
          service.once("exit", () => reject(new Error("service exited")));
        });
        const cli = join(root, "packages/greeter-cli/dist/main.js");
        const hello = spawnSync(process.execPath, [cli, address, "Ada", "de"], {
          encoding: "utf8",
          timeout: PROCESS_LIMIT_MS,
        });
        expect(hello.stdout).toBe("Hallo, Ada!\n");
        const empty = spawnSync(process.execPath, [cli, address, ""], {
          encoding: "utf8",
          timeout: PROCESS_LIMIT_MS,
        });
        expect(empty.status).toBe(1);
        expect(empty.stderr).toBe("the service says: org.example.greeter.EmptyName\n");
      } finally {
        const exited = new Promise((r) => service.once("exit", r));
        service.kill("SIGTERM");
        await exited;
      }
    },
    spawningTestTimeout(8),
  );

  it(
    "makes a consumer's --check fail when the owned interface changes without a rebuild",
    () => {
      const root = installExample();
      expect(npm(root, "run", "build").code).toBe(0);
      const idl = join(root, "packages/idl/org.example.greeter.varlink");
      cpSync(idl, `${idl}.bak`);
      spawnSync("sh", ["-c", `printf '\\n# Added later.\\nerror Busy ()\\n' >> ${idl}`]);
      const check = npm(join(root, "packages/greeter-cli"), "run", "check");
      expect(check.code).toBe(1);
      expect(check.out).toContain("stale: src/generated/org.example.greeter.ts");
    },
    spawningTestTimeout(8),
  );
});
