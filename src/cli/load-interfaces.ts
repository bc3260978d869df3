/**
 * Reads and checks the interfaces named by CLI path arguments, printing diagnostics the way
 * `validate` does. Used by `generate` (and by any command that needs checked models).
 */
import type { Interface } from "../model/model.js";
import { ExitCode } from "./exit-code.js";
import { collectInputFiles } from "./input-files.js";
import { readText } from "./read-text.js";
import { printProblems, stderrColor } from "./terminal.js";

/** The loaded interfaces, or the exit code to stop with (diagnostics already printed). */
export type LoadedInterfaces = { readonly interfaces: Interface[] } | { readonly exitCode: ExitCode };

/** Expands `paths`, loads every file, prints diagnostics; any error means no interfaces. */
export async function loadInterfaces(paths: readonly string[]): Promise<LoadedInterfaces> {
  const { files, problems } = collectInputFiles(paths, process.cwd());
  if (problems.length > 0) {
    printProblems(problems);
    return { exitCode: ExitCode.Usage };
  }
  const [{ SourceFile }, { loadInterface }, { renderDiagnostics }, { hasErrors }] = await Promise.all([
    import("../diagnostics/source-file.js"),
    import("../model/index.js"),
    import("../diagnostics/render.js"),
    import("../diagnostics/diagnostic.js"),
  ]);
  const color = stderrColor();
  const interfaces: Interface[] = [];
  let failed = false;
  for (const path of files) {
    const text = readText(path);
    if (text === undefined) {
      failed = true;
      continue;
    }
    const result = loadInterface(new SourceFile(path, text));
    if (result.diagnostics.length > 0)
      process.stderr.write(`${renderDiagnostics(result.diagnostics, { color })}\n`);
    if (hasErrors(result.diagnostics) || result.value === undefined) failed = true;
    else interfaces.push(result.value);
  }
  return failed ? { exitCode: ExitCode.Failure } : { interfaces };
}
