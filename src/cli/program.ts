/**
 * The commander program: every command line that `main.ts`'s fast path does not finish. Each
 * command lives in `commands/<name>.ts` and registers itself; command modules load heavy
 * dependencies (chevrotain, the generator, prettier, the runtime) lazily inside their actions, so `--help` stays
 * close to bare `node` start-up time.
 */
import { Command, CommanderError } from "commander";
import { commands } from "./commands/index.js";
import { ExitCode } from "./exit-code.js";
import { toolVersion } from "./version.js";

/** Builds the commander program; exported for tests that want to inspect help text. */
export function createProgram(): Command {
  const program = new Command();
  program
    .name("varlink-codegen")
    .description("TypeScript code generator and toolchain for Varlink interfaces")
    .version(toolVersion())
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");
  for (const register of commands) register(program);
  return program;
}

/** Runs the command line `argv` (as `process.argv`); returns the exit code. */
export async function runProgram(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv as string[]);
    return process.exitCode === undefined ? ExitCode.Ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; everything else commander rejects is usage.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    process.stderr.write(
      `varlink-codegen: internal error, please report: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return ExitCode.Internal;
  }
}
