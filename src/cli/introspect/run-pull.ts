/**
 * `varlink-codegen pull <address> [interface...] -o dir`: fetches interface descriptions from a
 * running service and writes `<interface>.varlink` files. Every description is checked with the
 * front end; one that does not load is still written, and its diagnostics make the exit code 1.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { SourceFile } from "../../diagnostics/source-file.js";
import { loadInterface } from "../../model/index.js";
import { closest } from "../../model/suggest.js";
import { ExitCode } from "../exit-code.js";
import { describeWriteError } from "../write-error.js";
import { formatDiagnostics } from "../print-diagnostics.js";
import { printProblems, stderrColor } from "../terminal.js";
import { reportServiceError } from "./run-info.js";
import { getDescription, getInfo, withService } from "./session.js";

/** Options of `pull`. */
export interface PullOptions {
  readonly outDir: string;
  readonly timeout: number;
}

/** Writes one pulled file (creating its directory); a file-system failure comes back as a problem. */
function writeOutput(path: string, body: string, cwd: string): string | undefined {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
    return undefined;
  } catch (error) {
    const problem = describeWriteError(error, cwd, path);
    if (problem === undefined) throw error;
    return problem;
  }
}

/**
 * Runs `pull`; returns the exit code. Without names, pulls every interface except
 * `org.varlink.service` (which every service has); a name the service lacks fails before writing.
 */
export async function runPull(
  address: string,
  names: readonly string[],
  options: PullOptions,
): Promise<number> {
  const cwd = process.cwd();
  try {
    const fetched = await withService(address, async (client) => {
      const info = await getInfo(client, options.timeout);
      const unknown = names.filter((n) => !info.interfaces.includes(n));
      if (unknown.length > 0) return { unknown, available: info.interfaces, files: [] };
      const wanted = names.length > 0 ? names : info.interfaces.filter((i) => i !== "org.varlink.service");
      const files: { name: string; text: string }[] = [];
      for (const name of wanted)
        files.push({ name, text: await getDescription(client, name, options.timeout) });
      return { unknown, available: info.interfaces, files };
    });
    if (fetched.unknown.length > 0) {
      for (const name of fetched.unknown) {
        const guess = closest(name, fetched.available);
        process.stderr.write(
          `varlink-codegen: ${address} has no interface '${name}'` +
            (guess === undefined
              ? ` (it has: ${fetched.available.join(", ")})`
              : ` (did you mean '${guess}'?)`) +
            "\n",
        );
      }
      return ExitCode.Failure;
    }
    const diagnostics: Diagnostic[] = [];
    for (const { name, text } of fetched.files) {
      const path = join(options.outDir, `${name}.varlink`);
      const body = text.endsWith("\n") ? text : `${text}\n`;
      const problem = writeOutput(path, body, cwd);
      if (problem !== undefined) {
        printProblems([problem]);
        return ExitCode.Failure;
      }
      diagnostics.push(...loadInterface(new SourceFile(relative(cwd, path), body)).diagnostics);
      process.stdout.write(`wrote ${relative(cwd, path)}\n`);
    }
    if (diagnostics.length > 0) process.stderr.write(formatDiagnostics(diagnostics, "text", stderrColor()));
    return hasErrors(diagnostics) ? ExitCode.Failure : ExitCode.Ok;
  } catch (error) {
    return reportServiceError(address, error);
  }
}
