/**
 * `varlink-codegen generate [inputs...] [-o <dir>]`: checks the interfaces and generates one
 * module per interface (plus the bundled runtime) into each output directory. Inputs and targets
 * come from the config when not given; flags given on the command line override the config.
 * `--check` writes nothing and reports drift; `--watch` regenerates on change. When the manifest
 * says nothing changed, the run ends before the front end or the generator are loaded.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import { configOption } from "../config-option.js";
import { errorFormatOption, type ErrorFormat } from "../error-format.js";
import {
  formatChoices,
  importExtensionChoices,
  importExtensionOf,
  intChoices,
  isJobCount,
} from "../generate/flag-choices.js";
import type { ExplicitFlags } from "../generate/targets.js";
import { requestPromptExit } from "../prompt-exit.js";

interface GenerateFlags {
  out?: string;
  config?: string;
  int: "number" | "bigint";
  importExtension: ".js" | ".ts" | "none";
  runtime: string;
  format: (typeof formatChoices)[number];
  check?: boolean;
  force?: boolean;
  watch?: boolean;
  jobs?: number;
  errorFormat: ErrorFormat;
}

/** The flags the user actually typed: only those override the config. */
function explicitFlags(command: Command, flags: GenerateFlags): ExplicitFlags {
  const given = (name: string): boolean => command.getOptionValueSource(name) === "cli";
  return {
    ...(flags.out === undefined ? {} : { out: flags.out }),
    ...(flags.config === undefined ? {} : { config: flags.config }),
    ...(given("int") ? { int: flags.int } : {}),
    ...(given("importExtension") ? { importExtension: importExtensionOf(flags.importExtension) } : {}),
    ...(given("runtime") ? { runtime: flags.runtime } : {}),
    ...(given("format") ? { format: flags.format } : {}),
  };
}

function jobCount(value: string): number {
  if (!isJobCount(value)) throw new InvalidArgumentError("expected a whole number of at least 1");
  return Number(value);
}

/** Registers `generate`. */
export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .summary("generate TypeScript from Varlink interfaces")
    .description(
      "Generate TypeScript types, validators, clients and service skeletons from Varlink interfaces. " +
        "Without inputs or -o, the config file's inputs and targets are used (see `varlink-codegen init`); " +
        "flags given here override the config. A run whose inputs, options and tool version are " +
        "unchanged since the last one (manifest: <out>/.varlink-codegen.json) does nothing.",
    )
    .argument("[inputs...]", "files, directories (searched recursively for *.varlink) or glob patterns")
    .option("-o, --out <dir>", "output directory (default: the config's targets)")
    .addOption(configOption())
    .addOption(
      new Option("--int <type>", "TypeScript type of Varlink int").choices(intChoices).default("number"),
    )
    .addOption(
      new Option("--import-extension <ext>", "extension of relative imports in generated code")
        .choices(importExtensionChoices)
        .default(".js"),
    )
    .option(
      "--runtime <runtime>",
      "'bundled' copies the runtime into <out>/runtime; anything else is the module specifier to import it from (e.g. @varlink-codegen/runtime)",
      "bundled",
    )
    .addOption(
      new Option(
        "--format <formatter>",
        "who formats generated modules: the emitter itself, or prettier with the prettier config of <out>",
      )
        .choices(formatChoices)
        .default("emitter"),
    )
    .option(
      "--check",
      "write nothing; exit 1 when any output file is stale, missing or orphaned (prints a diff)",
    )
    .option("--force", "regenerate even when the manifest says nothing changed")
    .option("--watch", "regenerate whenever an input or the config changes")
    .option(
      "--jobs <n>",
      "threads to generate on (default: one per core, fewer when there are few inputs; the output is the same)",
      jobCount,
    )
    .addOption(errorFormatOption())
    .action(async (paths: string[], flags: GenerateFlags, command: Command) => {
      const explicit = explicitFlags(command, flags);
      const mode = {
        check: flags.check === true,
        force: flags.force === true,
        errorFormat: flags.errorFormat,
        jobs: flags.jobs ?? ("auto" as const),
        shortLived: flags.watch !== true,
      };
      if (flags.watch === true && mode.check)
        command.error("--watch and --check exclude each other", { exitCode: 2 });
      if (flags.watch === true) {
        const { watchGenerate } = await import("../generate/watch.js");
        process.exitCode = await watchGenerate(process.cwd(), paths, explicit, mode);
      } else {
        const { runGenerate } = await import("../generate/run-generate.js");
        process.exitCode = await runGenerate(process.cwd(), paths, explicit, mode);
        requestPromptExit();
      }
    });
}
