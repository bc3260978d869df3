/**
 * Type-checks a folder of TypeScript with the repo's tsc, as a separate process (typescript 6's
 * compiler API is not what ts-morph bundles, and a process is what users run). The folder gets a
 * tsconfig extending test/e2e/tsconfig.json, our strictest settings.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROCESS_LIMIT_MS } from "./time-limits.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const tsc = join(repo, "node_modules/typescript/bin/tsc");

/** Writes `<dir>/tsconfig.json` (extends test/e2e/tsconfig.json, plus `compilerOptions`) and runs tsc. */
export async function typeCheck(
  dir: string,
  compilerOptions: Record<string, unknown> = {},
): Promise<{ ok: boolean; output: string }> {
  const config = {
    extends: join(repo, "test/e2e/tsconfig.json"),
    compilerOptions,
    include: ["**/*.ts"],
    files: undefined,
  };
  await writeFile(join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsc, "-p", join(dir, "tsconfig.json")],
      { timeout: PROCESS_LIMIT_MS },
      (error, stdout, stderr) => {
        resolve({ ok: error === null, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** A fresh scratch folder inside the repo (so node_modules and @types resolve), git-ignored. */
export function scratchRoot(): string {
  return join(repo, "tmp");
}
