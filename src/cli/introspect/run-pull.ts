/**
 * `varlink-codegen pull <address> [interface...] [-o dir]`: fetches interface descriptions from a
 * running service and writes `<interface>.varlink` files (without `-o`, into the config's input
 * directory). Every description is checked with the front end; one that does not load is still
 * written, and its diagnostics make the exit code 1.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { SourceFile } from "../../diagnostics/source-file.js";
import { loadInterface } from "../../model/index.js";
import { closest } from "../../model/suggest.js";
import { ServiceErrors, VarlinkError, type VarlinkClient } from "@varlink-codegen/runtime";
import { configInputs } from "../config/config-inputs.js";
import { ExitCode } from "../exit-code.js";
import { describeWriteError } from "../write-error.js";
import { formatDiagnostics } from "../print-diagnostics.js";
import { printProblems, stderrColor } from "../terminal.js";
import { pullDirectory } from "./pull-dir.js";
import { reportServiceError } from "./run-info.js";
import {
  getDescription,
  getInfo,
  NoIntrospectionError,
  targetName,
  withService,
  type Target,
} from "./session.js";

/** Options of `pull`. */
export interface PullOptions {
  /** Output directory; default: the config's input directory, else `.`. */
  readonly outDir?: string | undefined;
  readonly config?: string | undefined;
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

/** What was fetched: the descriptions, or the names the service lacks (and what it has). */
interface Fetched {
  readonly files: { name: string; text: string }[];
  readonly unknown: readonly string[];
  readonly available: readonly string[] | undefined;
}

/**
 * How a service says it has no such interface: InterfaceNotFound (UAPI.20, systemd), or
 * InvalidParameter naming `interface` (varlink/go).
 */
function isUnknownInterface(error: unknown): boolean {
  if (!(error instanceof VarlinkError)) return false;
  if (error.error === ServiceErrors.InterfaceNotFound) return true;
  return error.error === ServiceErrors.InvalidParameter && error.parameters["parameter"] === "interface";
}

/**
 * Named interfaces are fetched directly (GetInfo is asked only to explain one the service lacks,
 * so a service without GetInfo still works); without names, GetInfo lists them.
 */
export async function fetchInterfaces(
  client: VarlinkClient,
  names: readonly string[],
  timeoutMs: number,
): Promise<Fetched> {
  const files: { name: string; text: string }[] = [];
  const unknown: string[] = [];
  if (names.length === 0) {
    const info = await getInfo(client, timeoutMs);
    for (const name of info.interfaces.filter((i) => i !== "org.varlink.service"))
      files.push({ name, text: await getDescription(client, name, timeoutMs) });
    return { files, unknown, available: info.interfaces };
  }
  for (const name of names) {
    try {
      files.push({ name, text: await getDescription(client, name, timeoutMs) });
    } catch (error) {
      if (!isUnknownInterface(error)) throw error;
      unknown.push(name);
    }
  }
  if (unknown.length === 0) return { files, unknown, available: undefined };
  const available = await getInfo(client, timeoutMs).then(
    (info) => info.interfaces,
    (error: unknown) => {
      if (error instanceof NoIntrospectionError) return undefined;
      throw error;
    },
  );
  return { files: [], unknown, available };
}

/** `<address> has no interface 'x' (did you mean 'y'?)` for each name the service lacks. */
export function reportUnknown(
  where: string,
  unknown: readonly string[],
  available: readonly string[] | undefined,
): void {
  for (const name of unknown) {
    const guess = available === undefined ? undefined : closest(name, available);
    const hint =
      available === undefined
        ? ""
        : guess === undefined
          ? ` (it has: ${available.join(", ")})`
          : ` (did you mean '${guess}'?)`;
    process.stderr.write(`varlink-codegen: ${where} has no interface '${name}'${hint}\n`);
  }
}

/**
 * Runs `pull`; returns the exit code. Without names, pulls every interface except
 * `org.varlink.service` (which every service has); a name the service lacks fails before writing.
 */
export async function runPull(
  target: Target,
  names: readonly string[],
  options: PullOptions,
): Promise<number> {
  const cwd = process.cwd();
  let outDir = options.outDir;
  if (outDir === undefined) {
    const inputs = configInputs(cwd, options.config);
    if (inputs.diagnostics.length > 0) {
      process.stderr.write(formatDiagnostics(inputs.diagnostics, "text", stderrColor()));
      return ExitCode.Failure;
    }
    outDir = pullDirectory(inputs.value);
  }
  try {
    const fetched = await withService(target, (client) => fetchInterfaces(client, names, options.timeout));
    if (fetched.unknown.length > 0) {
      reportUnknown(targetName(target), fetched.unknown, fetched.available);
      return ExitCode.Failure;
    }
    const diagnostics: Diagnostic[] = [];
    for (const { name, text } of fetched.files) {
      const path = join(outDir, `${name}.varlink`);
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
    return reportServiceError(target, error);
  }
}
