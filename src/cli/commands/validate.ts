/**
 * `varlink-codegen validate <files|dirs|globs...>`: parses and checks every interface and prints
 * the diagnostics to stderr. Exit code 0 when all are valid, 1 when any has errors, 2 when an
 * argument names nothing. The front end (chevrotain) is loaded inside the action.
 */
import type { Command } from "commander";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { errorFormatOption, type ErrorFormat } from "../error-format.js";
import { ExitCode } from "../exit-code.js";
import { collectInputFiles } from "../input-files.js";
import { readText } from "../read-text.js";
import { printProblems, stderrColor } from "../terminal.js";

async function validate(paths: readonly string[], errorFormat: ErrorFormat): Promise<number> {
  const { files, problems } = collectInputFiles(paths, process.cwd());
  if (problems.length > 0) {
    printProblems(problems);
    return ExitCode.Usage;
  }
  const [{ SourceFile }, { loadInterface }, { renderDiagnostics }, { hasErrors }, { formatDiagnostics }] =
    await Promise.all([
      import("../../diagnostics/source-file.js"),
      import("../../model/index.js"),
      import("../../diagnostics/render.js"),
      import("../../diagnostics/diagnostic.js"),
      import("../print-diagnostics.js"),
    ]);
  // json and github print every file's diagnostics at once, as one document / annotation list.
  const collected: Diagnostic[] = [];
  const color = stderrColor();
  let failed = 0;
  let errors = 0;
  let unreadable = false;
  for (const path of files) {
    const text = readText(path);
    if (text === undefined) {
      unreadable = true;
      continue;
    }
    const result = loadInterface(new SourceFile(path, text));
    if (errorFormat !== "text") collected.push(...result.diagnostics);
    else if (result.diagnostics.length > 0)
      process.stderr.write(`${renderDiagnostics(result.diagnostics, { color })}\n`);
    if (hasErrors(result.diagnostics)) {
      failed++;
      errors += result.diagnostics.filter((d) => d.severity === "error").length;
    }
  }
  if (errorFormat !== "text") process.stderr.write(formatDiagnostics(collected, errorFormat));
  const noun = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (unreadable) return ExitCode.Usage;
  if (failed > 0) {
    process.stderr.write(
      `${noun(errors, "error")} in ${noun(failed, "file")} (of ${files.length} checked)\n`,
    );
    return ExitCode.Failure;
  }
  process.stdout.write(`${noun(files.length, "interface")} valid\n`);
  return ExitCode.Ok;
}

/** Registers `validate`. */
export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check Varlink interface files (.varlink) and report problems")
    .argument("<paths...>", "files, directories (searched recursively for *.varlink) or glob patterns")
    .addOption(errorFormatOption())
    .action(async (paths: string[], options: { errorFormat: ErrorFormat }) => {
      process.exitCode = await validate(paths, options.errorFormat);
    });
}
