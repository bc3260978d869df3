/** `-c, --config <path>` for commands that read the config. */
import { InvalidArgumentError, Option } from "commander";
import { statSync } from "node:fs";

/**
 * The option; a path that is not a file is a usage error (exit code 2) named in one line,
 * before any command work (a typo in `-c` would otherwise surface as an internal error).
 */
export function configOption(): Option {
  return new Option("-c, --config <path>", "config file (default: search from the cwd up)").argParser(
    (value: string) => {
      const stat = statSync(value, { throwIfNoEntry: false });
      if (stat === undefined) throw new InvalidArgumentError("no such file");
      if (!stat.isFile())
        throw new InvalidArgumentError(
          'not a file; name varlink-codegen.config.json or a package.json with a "varlink-codegen" key',
        );
      return value;
    },
  );
}
