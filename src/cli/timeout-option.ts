/** `--timeout <ms>` for commands that talk to a live service. */
import { InvalidArgumentError, Option } from "commander";

/** The option: a positive integer number of milliseconds (a bad value is exit code 2). */
export function timeoutOption(defaultMs = 5000): Option {
  return new Option("--timeout <ms>", "give up on each call after this many milliseconds")
    .argParser((value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0)
        throw new InvalidArgumentError("expected a positive integer (milliseconds)");
      return n;
    })
    .default(defaultMs);
}
