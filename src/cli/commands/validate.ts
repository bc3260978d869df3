/**
 * `varlink-codegen validate <files|dirs|globs|addresses...>`: parses and checks every interface
 * (of a live address: every interface it describes, like `varlinkctl validate-idl` of each) and
 * prints the diagnostics to stderr. Exit code 0 when all are valid, 1 when any has errors or a
 * service cannot be asked, 2 when an argument names nothing. The front end (chevrotain) is
 * loaded inside the action.
 */
import type { Command } from "commander";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { errorFormatOption, type ErrorFormat } from "../error-format.js";
import { ExitCode } from "../exit-code.js";
import { isAddress } from "../breaking/address-spec.js";
import { collectInputFiles } from "../input-files.js";
import { readText } from "../read-text.js";
import { printProblems, stderrColor } from "../terminal.js";
import { timeoutOption } from "../timeout-option.js";

/** The descriptions a live service gives, named `<address>#<interface>`; or the exit code of a failure. */
async function fetchLive(
  address: string,
  timeoutMs: number,
): Promise<{ path: string; text: string }[] | number> {
  const [{ getInfo, withService }, { fetchInterfaces }, { reportServiceError }] = await Promise.all([
    import("../introspect/session.js"),
    import("../introspect/run-pull.js"),
    import("../introspect/run-info.js"),
  ]);
  try {
    const fetched = await withService(address, async (client) =>
      fetchInterfaces(client, (await getInfo(client, timeoutMs)).interfaces, timeoutMs),
    );
    return fetched.files.map(({ name, text }) => ({ path: `${address}#${name}`, text }));
  } catch (error) {
    return reportServiceError(address, error);
  }
}

async function validate(
  paths: readonly string[],
  errorFormat: ErrorFormat,
  timeoutMs: number,
): Promise<number> {
  const addresses = paths.filter(isAddress);
  const { files, problems } =
    addresses.length === paths.length
      ? { files: [], problems: [] }
      : collectInputFiles(
          paths.filter((p) => !isAddress(p)),
          process.cwd(),
        );
  if (problems.length > 0) {
    printProblems(problems);
    return ExitCode.Usage;
  }
  const live: { path: string; text: string }[] = [];
  for (const address of addresses) {
    const fetched = await fetchLive(address, timeoutMs);
    if (typeof fetched === "number") return fetched;
    live.push(...fetched);
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
  const sources = [...files.map((path) => ({ path, text: readText(path) })), ...live];
  for (const { path, text } of sources) {
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
      `${noun(errors, "error")} in ${noun(failed, "file")} (of ${sources.length} checked)\n`,
    );
    return ExitCode.Failure;
  }
  process.stdout.write(`${noun(sources.length, "interface")} valid\n`);
  return ExitCode.Ok;
}

/** Registers `validate`. */
export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description(
      "check Varlink interface files (.varlink), or a running service's interfaces, and report problems",
    )
    .argument(
      "<paths...>",
      "files, directories (searched recursively for *.varlink), glob patterns, or service addresses (unix:/run/x)",
    )
    .addOption(errorFormatOption())
    .addOption(timeoutOption())
    .action(async (paths: string[], options: { errorFormat: ErrorFormat; timeout: number }) => {
      process.exitCode = await validate(paths, options.errorFormat, options.timeout);
    });
}
