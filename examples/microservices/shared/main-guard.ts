/**
 * The entry points' error handling: a configuration mistake (a bad variable, an address the
 * runtime cannot parse) is one line on stderr and exit code 2; anything else that fails start-up
 * is printed with its stack and exit code 1. Either way the process ends at once: a half-started
 * service (Varlink port open, HTTP port taken) must not linger.
 */
import { AddressError } from "@varlink-codegen/runtime";
import { ConfigError } from "./config.js";

/** Runs `start`; on failure prints why and exits. */
export async function main(start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof AddressError) {
      process.stderr.write(`configuration: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  }
}
