/**
 * The `breaking` command's work: read both sides, load them with the front end, compare, print.
 */
import type { Command } from "commander";
import { compareInterfaceSets, hasBreaking } from "../../breaking/index.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import type { SourceFile } from "../../diagnostics/source-file.js";
import type { Interface } from "../../model/model.js";
import { loadSources } from "../load-sources.js";
import { configInputs } from "../config/config-inputs.js";
import type { ErrorFormat } from "../error-format.js";
import { ExitCode } from "../exit-code.js";
import { formatDiagnostics } from "../print-diagnostics.js";
import { stderrColor } from "../terminal.js";
import { type TlsFlags, clientTls } from "../tls-option.js";
import { formatFindings, type Counterparts } from "./format-findings.js";
import { readAgainst, readLocal, SideError } from "./read-side.js";

/** The parsed options of `breaking`. */
export interface BreakingOptions extends TlsFlags {
  against?: string;
  errorFormat: ErrorFormat;
  onlyBreaking?: boolean;
  config?: string;
  timeout: number;
}

/** Runs `breaking`; returns the exit code. */
export async function runBreaking(
  paths: string[],
  options: BreakingOptions,
  command: Command,
): Promise<number> {
  const cwd = process.cwd();
  const color = stderrColor();
  const fail = (message: string): number => {
    process.stderr.write(`varlink-codegen: ${message}\n`);
    return ExitCode.Usage;
  };
  try {
    let oldFiles: SourceFile[];
    let newFiles: SourceFile[];
    if (options.against === undefined) {
      if (paths.length !== 2)
        command.error("breaking needs <old> <new>, or --against <spec> [new...]", { exitCode: 2 });
      oldFiles = readLocal(cwd, [paths[0]!]).files;
      newFiles = readLocal(cwd, [paths[1]!]).files;
    } else {
      let specs = paths;
      if (specs.length === 0) {
        const fromConfig = configInputs(cwd, options.config);
        if (fromConfig.diagnostics.length > 0) {
          process.stderr.write(formatDiagnostics(fromConfig.diagnostics, options.errorFormat, color));
          return ExitCode.Failure;
        }
        if (fromConfig.value === undefined)
          return fail("no inputs: name the new files, or add a config (varlink-codegen init)");
        specs = [...fromConfig.value];
      }
      const local = readLocal(cwd, specs);
      newFiles = local.files;
      const loadedNew = loadSources(newFiles);
      const names = loadedNew.interfaces.map((i) => i.name);
      oldFiles = await readAgainst(
        cwd,
        options.against,
        { files: newFiles, dirs: local.dirs, names },
        options.timeout,
        clientTls(options),
      );
    }
    const olds = loadSources(oldFiles);
    const news = loadSources(newFiles);
    const diagnostics = [...olds.diagnostics, ...news.diagnostics];
    if (diagnostics.length > 0)
      process.stderr.write(formatDiagnostics(diagnostics, options.errorFormat, color));
    if (hasErrors(diagnostics)) return ExitCode.Failure;
    const findings = compareInterfaceSets(olds.interfaces, news.interfaces);
    const shown =
      options.onlyBreaking === true ? findings.filter((f) => f.severity === "breaking") : findings;
    process.stdout.write(
      formatFindings(shown, options.errorFormat, counterparts(olds.interfaces, news.interfaces)),
    );
    return hasBreaking(findings) ? ExitCode.Failure : ExitCode.Ok;
  } catch (error) {
    if (error instanceof SideError) return fail(error.message);
    // Only a live `--against` side fails this way; the runtime it needs is not loaded otherwise.
    const { describeServiceError } = await import("../introspect/session.js");
    const problem = describeServiceError(error);
    if (problem !== undefined) {
      process.stderr.write(`varlink-codegen: --against ${options.against ?? ""}: ${problem.message}\n`);
      return problem.code;
    }
    throw error;
  }
}

function counterparts(olds: readonly Interface[], news: readonly Interface[]): Counterparts {
  const map = new Map<SourceFile, { file: SourceFile; start: number }>();
  for (const o of olds) {
    const n = olds.length === 1 && news.length === 1 ? news[0] : news.find((x) => x.name === o.name);
    if (n !== undefined) map.set(o.source, { file: n.source, start: n.nameSpan.start });
  }
  return map;
}
