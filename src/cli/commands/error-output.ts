import type { Command } from "commander";

/** The prefix of every one-line CLI failure, so a message in a long build log says whose it is. */
const PREFIX = "varlink-codegen: ";

/**
 * Makes commander's usage errors (unknown option, missing argument, bad choice, `command.error`)
 * read like the tool's other failures: `varlink-codegen: <message>` instead of `error: <message>`.
 * Listed first in `commands`: sub-commands copy the output settings of the program when created.
 */
export function registerErrorOutput(program: Command): void {
  program.configureOutput({
    outputError: (text, write) =>
      write(text.startsWith(PREFIX) ? text : PREFIX + text.replace(/^error: /, "")),
  });
}
