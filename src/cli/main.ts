/**
 * The command-line entry point: the only module tree (src/cli) that reads argv, writes files,
 * prints and sets exit codes. A `generate` whose targets are all up to date (the prebuild hook
 * on every build) and a bare `--version` are finished here, before commander and the command
 * registry load, so they cost little more than bare `node` start-up; every other command line
 * goes to the commander program.
 */
import { ExitCode } from "./exit-code.js";
import { fastNoop } from "./generate/fast-noop.js";
import { guardOutput } from "./output.js";
import { isVersionOnly, toolVersion } from "./version.js";

guardOutput();

const args = process.argv.slice(2);
// `--version` alone is answered here, as commander would (its text and exit code), without it.
const upToDate = isVersionOnly(args) ? `${toolVersion()}\n` : fastNoop(args, process.cwd());
if (upToDate === undefined) {
  const { runProgram } = await import("./program.js");
  process.exitCode = await runProgram(process.argv);
} else {
  process.stdout.write(upToDate);
  process.exitCode = ExitCode.Ok;
}
