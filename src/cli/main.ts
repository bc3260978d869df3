/**
 * The command-line entry point: the only module tree (src/cli) that reads argv, writes files,
 * prints and sets exit codes. A `generate` whose targets are all up to date (the prebuild hook
 * on every build) and a bare `--version` are finished here, before commander and the command
 * registry load, so they cost little more than bare `node` start-up; every other command line
 * goes to the commander program. Each path imports only what it runs: `--version` loads four
 * small modules, and the no-op check (planning, fingerprints, config) loads only for `generate`.
 */
import { ExitCode } from "./exit-code.js";
import { guardOutput } from "./output.js";
import { isVersionOnly, toolVersion } from "./version.js";

guardOutput();

const args = process.argv.slice(2);

/** What the fast paths print when they finish the command line, or undefined to run commander. */
async function fastAnswer(): Promise<string | undefined> {
  // `--version` alone is answered here, as commander would (its text and exit code), without it.
  if (isVersionOnly(args)) return `${toolVersion()}\n`;
  if (args[0] !== "generate") return undefined;
  const { fastNoop } = await import("./generate/fast-noop.js");
  return fastNoop(args, process.cwd());
}

const answer = await fastAnswer();
if (answer === undefined) {
  const [{ runProgram }, { exitIfRequested }] = await Promise.all([
    import("./program.js"),
    import("./prompt-exit.js"),
  ]);
  process.exitCode = await runProgram(process.argv);
  await exitIfRequested();
} else {
  process.stdout.write(answer);
  process.exitCode = ExitCode.Ok;
}
