/**
 * `varlink-codegen breaking <old> <new>` and `breaking --against <ref|file|dir|address> [new...]`:
 * compares interfaces and exits 1 when a change breaks existing peers (docs/breaking.md). The
 * work (and the parser) is loaded only when the command runs.
 */
import type { Command } from "commander";
import type { BreakingOptions } from "../breaking/run-breaking.js";
import { configOption } from "../config-option.js";
import { errorFormatOption } from "../error-format.js";
import { timeoutOption } from "../timeout-option.js";
import { tlsOptions } from "../tls-option.js";

/** Registers the `breaking` command. */
export function registerBreaking(program: Command): void {
  const breaking = program
    .command("breaking")
    .summary("report breaking changes between two versions of interfaces")
    .description(
      "Compare interfaces and report every change as breaking (old peers can fail on the wire) or safe. " +
        "Direction-aware, see docs/breaking.md. Exits 1 when any change is breaking. " +
        "With --against and no paths, the new side is the config file's inputs.",
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  breaking old.varlink new.varlink         two files (or two directories, matched by interface name)",
        "  breaking --against origin/main idl/      the same paths as they were at a git ref",
        "  breaking --against released/ idl/        a directory or file with the released copy",
        "  breaking --against origin/main           the config file's inputs, then and now",
        "  breaking --against unix:/run/x idl/      a running service (org.varlink.service)",
      ].join("\n"),
    )
    .argument("[paths...]", "<old> <new>, or with --against the new files, directories or globs")
    .option("--against <spec>", "compare against a git ref, file, directory or live Varlink address")
    .addOption(errorFormatOption())
    .option("--only-breaking", "print breaking findings only")
    .addOption(configOption())
    .addOption(timeoutOption())
    .action(async (paths: string[], options: BreakingOptions, command: Command) => {
      const { runBreaking } = await import("../breaking/run-breaking.js");
      process.exitCode = await runBreaking(paths, options, command);
    });
  // --against may name a tls: address.
  for (const option of tlsOptions()) breaking.addOption(option);
}
