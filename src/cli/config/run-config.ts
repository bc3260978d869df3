/** `varlink-codegen config`: prints the effective config, validated, with paths resolved. */
import { resolve } from "node:path";
import type { ErrorFormat } from "../error-format.js";
import { ExitCode } from "../exit-code.js";
import { formatDiagnostics } from "../print-diagnostics.js";
import { stderrColor } from "../terminal.js";
import { loadConfig } from "./find-config.js";

/** Runs `config`; sets the exit code. */
export function runConfig(options: { config?: string; errorFormat: ErrorFormat }): void {
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
}
