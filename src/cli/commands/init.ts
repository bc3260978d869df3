/**
 * `varlink-codegen init`: writes a starter `varlink-codegen.config.json` in the cwd, with the
 * directories that already hold `.varlink` files as inputs (or `idl/` when there are none).
 */
import type { Command } from "commander";
import { existsSync, writeFileSync } from "node:fs";
import { join, posix, sep } from "node:path";
import { CONFIG_FILE } from "../config/find-config.js";
import { ExitCode } from "../exit-code.js";
import { collectInputFiles } from "../input-files.js";

/** Registers the `init` command. */
export function registerInit(program: Command): void {
  program
    .command("init")
    .summary("write a starter varlink-codegen.config.json")
    .description(
      "Write a starter varlink-codegen.config.json in the current directory. Inputs default to the\n" +
        "directories that hold .varlink files (else idl/); edit it, then run `varlink-codegen generate`.",
    )
    .option("-o, --out-dir <dir>", "output directory of the first target", "src/generated")
    .option("--force", "overwrite an existing config")
    .action((options: { outDir: string; force?: boolean }) => {
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
          { outDir: options.outDir, int: "number", importExtension: ".js", runtime: "bundled", format: true },
        ],
      };
      writeFileSync(path, JSON.stringify(config, null, 2) + "\n");
      process.stdout.write(
        `wrote ${CONFIG_FILE} (inputs: ${inputs.join(", ")}; output: ${options.outDir})\n`,
      );
    });
}
