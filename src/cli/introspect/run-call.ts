/**
 * `varlink-codegen call <address> <method> [parameters|-]`: calls a method and prints the reply
 * parameters as JSON (like `varlinkctl call`). `-` reads the parameters from stdin. `--more`
 * prints every reply as it arrives (JSON-SEQ unless `--json` says otherwise), `--collect` prints
 * them as one array, `--oneway` prints nothing. An error reply prints its name and parameters
 * (with a "did you mean" for a misspelt method or interface) and exits 1, unless `--graceful`
 * names it.
 */
import { readFileSync } from "node:fs";
import { ServiceErrors, type VarlinkError, type VarlinkClient, isErrorReply } from "@varlink-codegen/runtime";
import { ExitCode } from "../exit-code.js";
import { defaultJsonMode, formatJson, type JsonMode } from "./json-output.js";
import { reportServiceError } from "./run-info.js";
import { getDescription, getInfo, NoIntrospectionError, withService, type Target } from "./session.js";
import { splitMethod, suggestInterface, suggestMethod } from "./suggest-member.js";

/** Options of `call`. */
export interface CallCommandOptions {
  readonly more?: boolean;
  readonly oneway?: boolean;
  readonly collect?: boolean;
  readonly quiet?: boolean;
  readonly json?: JsonMode | undefined;
  readonly graceful?: readonly string[];
  readonly timeout: number;
}

const METHOD = /^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9][A-Za-z0-9-]*)+\.[A-Z][A-Za-z0-9]*$/;

/** The parameters object from the command line (`-` = stdin), or a usage message. */
export function parseParameters(text: string | undefined, readStdin: () => string): object | string {
  if (text === undefined) return {};
  let source = text;
  if (text === "-") {
    source = readStdin();
    // Nothing on stdin (`call X M - </dev/null`) is no parameters, as for libvarlink's `varlink`.
    if (source.trim() === "") return {};
  }
  let params: unknown;
  try {
    params = JSON.parse(source);
  } catch (error) {
    return `parameters${text === "-" ? " on stdin" : ""} are not valid JSON: ${(error as Error).message}`;
  }
  if (params === null || typeof params !== "object" || Array.isArray(params))
    return 'parameters must be a JSON object, e.g. \'{"name": "x"}\'';
  return params;
}

/** The usage problem with a combination of options, if any. */
function optionProblem(method: string, options: CallCommandOptions): string | undefined {
  const modes = (["more", "oneway", "collect"] as const).filter((m) => options[m] === true);
  if (modes.length > 1) return `${modes.map((m) => `--${m}`).join(" and ")} exclude each other`;
  if (!METHOD.test(method))
    return `'${method}' is not a fully qualified method name (e.g. org.example.ftl.Move)`;
  for (const name of options.graceful ?? [])
    if (!METHOD.test(name))
      return `--graceful '${name}' is not a qualified error name (e.g. org.example.ftl.NotFound)`;
  return undefined;
}

/**
 * A hint for an error reply that says the method or interface does not exist: the closest
 * name the service describes, or why there is none. Asking must not turn one error into two,
 * so any failure while asking gives no hint.
 */
async function suggestion(
  client: VarlinkClient,
  method: string,
  error: VarlinkError,
  timeoutMs: number,
): Promise<string | undefined> {
  const parts = splitMethod(method);
  if (parts === undefined) return undefined;
  try {
    if (error.error === ServiceErrors.InterfaceNotFound) {
      const guess = suggestInterface(parts.iface, (await getInfo(client, timeoutMs)).interfaces);
      return guess === undefined ? undefined : `did you mean '${guess}.${parts.method}'?`;
    }
    if (error.error === ServiceErrors.MethodNotFound) {
      // The interface itself may be the misspelt part (systemd answers MethodNotFound for that).
      const description = await getDescription(client, parts.iface, timeoutMs).catch((asking: unknown) => {
        if (isErrorReply(asking)) return "";
        throw asking;
      });
      const guess = suggestMethod(parts.iface, parts.method, description);
      if (guess !== undefined) return `did you mean '${guess}'?`;
      const iface = suggestInterface(parts.iface, (await getInfo(client, timeoutMs)).interfaces);
      return iface === undefined ? undefined : `did you mean '${iface}.${parts.method}'?`;
    }
  } catch (asking) {
    if (asking instanceof NoIntrospectionError)
      return "no suggestions: the service does not implement introspection";
  }
  return undefined;
}

/** Runs `call`; returns the exit code. `parameters` is the JSON text given (default `{}`). */
export async function runCall(
  target: Target,
  method: string,
  parameters: string | undefined,
  options: CallCommandOptions,
): Promise<number> {
  const usage = (message: string): number => {
    process.stderr.write(`varlink-codegen: ${message}\n`);
    return ExitCode.Usage;
  };
  const problem = optionProblem(method, options);
  if (problem !== undefined) return usage(problem);
  const params = parseParameters(parameters, () => readFileSync(0, "utf8"));
  if (typeof params === "string") return usage(params);
  const mode = options.json ?? defaultJsonMode(options.more === true);
  const print = (value: unknown): void => {
    if (options.quiet !== true) process.stdout.write(formatJson(value, mode));
  };
  let hint: string | undefined;
  try {
    await withService(target, async (client) => {
      const callOptions = { timeoutMs: options.timeout };
      try {
        if (options.oneway === true) await client.callOneway(method, params, callOptions);
        else if (options.more === true) {
          for await (const reply of client.callMore(method, params, callOptions)) print(reply);
        } else if (options.collect === true) {
          const replies: unknown[] = [];
          for await (const reply of client.callMore(method, params, callOptions)) replies.push(reply);
          print(replies);
        } else print(await client.call(method, params, callOptions));
      } catch (error) {
        if (!isErrorReply(error)) throw error;
        // A --graceful error is success: nothing printed, exit 0.
        if (options.graceful?.includes(error.error) === true) return;
        hint = await suggestion(client, method, error, options.timeout);
        throw error;
      }
    });
    return ExitCode.Ok;
  } catch (error) {
    const code = reportServiceError(target, error);
    if (hint !== undefined) process.stderr.write(`  ${hint}\n`);
    return code;
  }
}
