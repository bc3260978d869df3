/**
 * `varlink-codegen format [--check|--write] <files...>`: prints interfaces in canonical form
 * (stdout), rewrites them (`--write`), or lists those that are not canonical (`--check`, exit 1).
 * Files with syntax errors get their diagnostics and exit code 1. Arguments may be files,
 * directories or globs, as for `validate`.
 */
import { Option, type Command } from "commander";
import { writeFileSync } from "node:fs";
import { ExitCode } from "../exit-code.js";
import { collectInputFiles } from "../input-files.js";
import { readText } from "../read-text.js";
import { printProblems, stderrColor } from "../terminal.js";
import { describeWriteError } from "../write-error.js";

interface FormatOptions {
  readonly check?: boolean;
  readonly write?: boolean;
}

async function format(paths: readonly string[], options: FormatOptions): Promise<number> {
  const { files, problems } = collectInputFiles(paths, process.cwd());
  if (problems.length > 0) {
    printProblems(problems);
    return ExitCode.Usage;
  }
  const [{ SourceFile }, { formatSource }, { renderDiagnostics }] = await Promise.all([
    import("../../diagnostics/source-file.js"),
    import("../../format/index.js"),
    import("../../diagnostics/render.js"),
  ]);
  let status: number = ExitCode.Ok;
  const unformatted: string[] = [];
  for (const path of files) {
    const text = readText(path);
    if (text === undefined) {
      status = Math.max(status, ExitCode.Usage);
      continue;
    }
    const result = formatSource(new SourceFile(path, text));
    if (result.value === undefined) {
      process.stderr.write(`${renderDiagnostics(result.diagnostics, { color: stderrColor() })}\n`);
      status = Math.max(status, ExitCode.Failure);
      continue;
    }
    if (options.check) {
      if (result.value !== text) unformatted.push(path);
    } else if (options.write) {
      if (result.value !== text) {
        try {
          writeFileSync(path, result.value);
        } catch (error) {
          const problem = describeWriteError(error, process.cwd(), path);
          if (problem === undefined) throw error;
          printProblems([problem]);
          status = Math.max(status, ExitCode.Failure);
          continue;
        }
        process.stdout.write(`formatted ${path}\n`);
      }
    } else process.stdout.write(result.value);
  }
  if (unformatted.length > 0) {
    for (const path of unformatted) process.stderr.write(`not formatted: ${path}\n`);
    process.stderr.write(
      `run 'varlink-codegen format --write' on ${unformatted.length === 1 ? "it" : "them"}\n`,
    );
    status = Math.max(status, ExitCode.Failure);
  }
  return status;
}

/** Registers `format`. */
export function registerFormat(program: Command): void {
  program
    .command("format")
    .description("print Varlink interfaces in canonical form, or check/rewrite them in place")
    .addOption(new Option("--check", "exit 1 and list the files that are not formatted").conflicts("write"))
    .addOption(new Option("--write", "rewrite files in place"))
    .argument("<paths...>", "files, directories (searched recursively for *.varlink) or glob patterns")
    .action(async (paths: string[], options: FormatOptions) => {
      process.exitCode = await format(paths, options);
    });
}
