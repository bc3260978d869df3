/**
 * `varlink-codegen call <address> <method> [parameters]`: calls a method and prints each reply's
 * parameters as JSON (like `varlinkctl call`). `--more` prints every reply as it arrives,
 * `--oneway` prints nothing. An error reply prints its name and parameters and exits 1.
 */
import { ExitCode } from "../exit-code.js";
import { reportServiceError } from "./run-info.js";
import { withService } from "./session.js";

/** Options of `call`. */
export interface CallCommandOptions {
  readonly more?: boolean;
  readonly oneway?: boolean;
  readonly timeout: number;
}

/** Runs `call`; returns the exit code. `parameters` is the JSON text given (default `{}`). */
export async function runCall(
  address: string,
  method: string,
  parameters: string | undefined,
  options: CallCommandOptions,
): Promise<number> {
  const usage = (message: string): number => {
    process.stderr.write(`varlink-codegen: ${message}\n`);
    return ExitCode.Usage;
  };
  if (options.more === true && options.oneway === true)
    return usage("--more and --oneway exclude each other");
  if (!/^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9][A-Za-z0-9-]*)+\.[A-Z][A-Za-z0-9]*$/.test(method)) {
    return usage(`'${method}' is not a fully qualified method name (e.g. org.example.ftl.Move)`);
  }
  let params: unknown = {};
  if (parameters !== undefined) {
    try {
      params = JSON.parse(parameters);
    } catch (error) {
      return usage(`parameters are not valid JSON: ${(error as Error).message}`);
    }
    if (params === null || typeof params !== "object" || Array.isArray(params)) {
      return usage('parameters must be a JSON object, e.g. \'{"name": "x"}\'');
    }
  }
  const print = (reply: Record<string, unknown>): void => {
    process.stdout.write(JSON.stringify(reply, null, 2) + "\n");
  };
  try {
    await withService(address, async (client) => {
      const callOptions = { timeoutMs: options.timeout };
      if (options.oneway === true) await client.callOneway(method, params as object, callOptions);
      else if (options.more === true) {
        for await (const reply of client.callMore(method, params as object, callOptions)) print(reply);
      } else print(await client.call(method, params as object, callOptions));
    });
    return ExitCode.Ok;
  } catch (error) {
    return reportServiceError(address, error);
  }
}
