/**
 * `varlink-codegen config`: finds, validates and prints the effective config (paths resolved),
 * so users can see which file is used and what its inputs and targets mean. Exit 1 on errors.
 */
import type { Command } from "commander";
import { configOption } from "../config-option.js";
import { errorFormatOption, type ErrorFormat } from "../error-format.js";

/** Registers the `config` command. */
export function registerConfig(program: Command): void {
  program
    .command("config")
    .summary("show the config file in effect, validated")
    .description(
      'Find varlink-codegen.config.json (or the "varlink-codegen" key of package.json) from the ' +
        "current directory up, validate it and print it with paths resolved. See docs/workflows.md.",
    )
    .addOption(configOption())
    .addOption(errorFormatOption())
    .action(async (options: { config?: string; errorFormat: ErrorFormat }) => {
      const { runConfig } = await import("../config/run-config.js");
      runConfig(options);
    });
}
