/**
 * `varlink-codegen init`: writes a starter `varlink-codegen.config.json` in the cwd, with the
 * directories that already hold `.varlink` files as inputs (or `idl/` when there are none).
 */
import type { Command } from "commander";

/** Registers the `init` command. */
export function registerInit(program: Command): void {
  program
    .command("init")
    .summary("write a starter varlink-codegen.config.json")
    .description(
      "Write a starter varlink-codegen.config.json in the current directory. Inputs default to the " +
        "directories that hold .varlink files (else idl/); edit it, then run `varlink-codegen generate`.",
    )
    .option("-o, --out-dir <dir>", "output directory of the first target", "src/generated")
    .option("--force", "overwrite an existing config")
    .action(async (options: { outDir: string; force?: boolean }) => {
      const { runInit } = await import("../config/run-init.js");
      runInit(options);
    });
}
