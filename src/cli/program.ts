/**
 * The commander program: every command line that `main.ts`'s fast path does not finish. Each
 * command lives in `commands/<name>.ts` and registers itself; command modules load heavy
 * dependencies (chevrotain, the generator, prettier, the runtime) lazily inside their actions, so `--help` stays
 * close to bare `node` start-up time.
 */
import { Command, CommanderError } from "commander";
import { registerErrorOutput } from "./commands/error-output.js";
import { ExitCode } from "./exit-code.js";
import { toolVersion } from "./version.js";

/** A command module's registration function (see commands/index.ts). */
export type RegisterCommand = (program: Command) => void;

/**
 * Commands that need no sibling registered (one `.command`, no look at `program.commands`): a
 * command line naming one of them registers only it, so `breaking` in CI does not load the
 * other eight command modules. Anything else (`--help`, `help`, `completion`, which lists every
 * command, an unknown word) gets the whole registry.
 */
const standalone: Readonly<Record<string, () => Promise<RegisterCommand>>> = {
  breaking: async () => (await import("./commands/breaking.js")).registerBreaking,
  format: async () => (await import("./commands/format.js")).registerFormat,
  generate: async () => (await import("./commands/generate.js")).registerGenerate,
  validate: async () => (await import("./commands/validate.js")).registerValidate,
};

/** The registrations `argv` needs, error output first (sub-commands copy it when created). */
async function registrationsFor(argv: readonly string[]): Promise<readonly RegisterCommand[]> {
  const name = argv[2] ?? "";
  const load = Object.hasOwn(standalone, name) ? standalone[name] : undefined;
  if (load !== undefined) return [registerErrorOutput, await load()];
  return (await import("./commands/index.js")).commands;
}

/** Builds the commander program from `registrations` (tests pass commands/index.ts's `commands`). */
export function createProgram(registrations: readonly RegisterCommand[]): Command {
  const program = new Command();
  program
    .name("varlink-codegen")
    .description("TypeScript code generator and toolchain for Varlink interfaces")
    .version(toolVersion())
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)");
  for (const register of registrations) register(program);
  return program;
}

/** Runs the command line `argv` (as `process.argv`); returns the exit code. */
export async function runProgram(argv: readonly string[]): Promise<number> {
  const program = createProgram(await registrationsFor(argv));
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
