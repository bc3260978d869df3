/** `varlink-codegen init`: writes a starter config in the cwd. */
import { existsSync, writeFileSync } from "node:fs";
import { join, posix, sep } from "node:path";
import { ExitCode } from "../exit-code.js";
import { printProblems } from "../terminal.js";
import { describeWriteError } from "../write-error.js";
import { collectInputFiles } from "../input-files.js";
import { CONFIG_FILE } from "./find-config.js";

/** Runs `init`; sets the exit code. */
export function runInit(options: { outDir: string; force?: boolean }): void {
  const cwd = process.cwd();
  const path = join(cwd, CONFIG_FILE);
  if (existsSync(path) && options.force !== true) {
    process.stderr.write(`varlink-codegen: ${CONFIG_FILE} already exists (use --force to overwrite)\n`);
    process.exitCode = ExitCode.Failure;
    return;
  }
  const found = collectInputFiles(["."], cwd).files.map((p) => posix.dirname(p.split(sep).join("/")));
  const inputs = found.length === 0 ? ["idl"] : [...new Set(found)];
  const config = {
    inputs,
    targets: [
      {
        outDir: options.outDir,
        int: "number",
        importExtension: ".js",
        runtime: "bundled",
        format: "emitter",
      },
    ],
  };
  try {
    writeFileSync(path, JSON.stringify(config, null, 2) + "\n");
  } catch (error) {
    const problem = describeWriteError(error, cwd, path);
    if (problem === undefined) throw error;
    printProblems([problem]);
    process.exitCode = ExitCode.Failure;
    return;
  }
  process.stdout.write(`wrote ${CONFIG_FILE} (inputs: ${inputs.join(", ")}; output: ${options.outDir})\n`);
  // Say what to do next: in a project without interfaces yet, `generate` would only fail on 'idl'.
  process.stdout.write(
    found.length === 0
      ? "no .varlink files found yet: put them in idl/, then run `varlink-codegen generate`\n"
      : "next: run `varlink-codegen generate`\n",
  );
}
