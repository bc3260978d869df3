/** The completion view of the commander program: every visible command, its options and arguments. */
import type { Command } from "commander";
import type { CommandSpec } from "./candidates.js";

/** The commands of `program` (hidden ones, like `__complete`, left out). */
export function commandSpecs(program: Command): CommandSpec[] {
  return program.commands
    .filter((c) => !(c as unknown as { _hidden?: boolean })._hidden)
    .map((c) => ({
      name: c.name(),
      options: [...c.options, { long: "--help", short: "-h", required: false, optional: false }].map((o) => ({
        flags: [o.long, o.short].filter((f): f is string => f !== undefined),
        takesValue: o.required || o.optional,
        choices: "argChoices" in o ? o.argChoices : undefined,
      })),
      args: c.registeredArguments.map((a) => a.name()),
      variadic: c.registeredArguments.at(-1)?.variadic ?? false,
    }));
}
