/**
 * `varlink-codegen config`: finds, validates and prints the effective config (paths resolved),
 * so users can see which file is used and what its inputs and targets mean. Exit 1 on errors.
 */
import type { Command } from "commander";
import { resolve } from "node:path";
import { loadConfig } from "../config/find-config.js";
import { errorFormatOption, type ErrorFormat } from "../error-format.js";
import { ExitCode } from "../exit-code.js";
import { formatDiagnostics } from "../print-diagnostics.js";
import { stderrColor } from "../terminal.js";

/** Registers the `config` command. */
export function registerConfig(program: Command): void {
  program
    .command("config")
    .summary("show the config file in effect, validated")
    .description(
      'Find varlink-codegen.config.json (or the "varlink-codegen" key of package.json) from the\n' +
        "current directory up, validate it and print it with paths resolved. See docs/workflows.md.",
    )
    .option("-c, --config <path>", "config file (default: search from the cwd up)")
    .addOption(errorFormatOption())
    .action((options: { config?: string; errorFormat: ErrorFormat }) => {
      const cwd = process.cwd();
      const loaded = loadConfig(cwd, options.config);
      if (loaded.diagnostics.length > 0) {
        process.stderr.write(formatDiagnostics(loaded.diagnostics, options.errorFormat, stderrColor()));
        process.exitCode = ExitCode.Failure;
        return;
      }
      if (loaded.value === undefined) {
        process.stderr.write("varlink-codegen: no config found (run `varlink-codegen init`)\n");
        process.exitCode = ExitCode.Failure;
        return;
      }
      const { config, path, dir } = loaded.value;
      const resolved = {
        path,
        inputs: config.inputs.map((i) => resolve(dir, i)),
        targets: config.targets.map((t) => ({ ...t, outDir: resolve(dir, t.outDir) })),
      };
      process.stdout.write(JSON.stringify(resolved, null, 2) + "\n");
    });
}
