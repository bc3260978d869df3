/** `varlink-codegen info <address>`: prints what `org.varlink.service.GetInfo` returns. */
import { ExitCode } from "../exit-code.js";
import {
  describeServiceError,
  getInfo,
  NoIntrospectionError,
  targetName,
  withService,
  type Target,
} from "./session.js";

/** Runs `info`; returns the exit code. */
export async function runInfo(target: Target, options: { json?: boolean; timeout: number }): Promise<number> {
  try {
    const info = await withService(target, (client) => getInfo(client, options.timeout));
    process.stdout.write(
      options.json === true
        ? JSON.stringify(info, null, 2) + "\n"
        : [
            `Vendor: ${info.vendor}`,
            `Product: ${info.product}`,
            `Version: ${info.version}`,
            `URL: ${info.url}`,
            "Interfaces:",
            ...info.interfaces.map((i) => `  ${i}`),
            "",
          ].join("\n"),
    );
    return ExitCode.Ok;
  } catch (error) {
    return reportServiceError(target, error);
  }
}

/**
 * Prints a service error as `varlink-codegen: <address>: <what>`; rethrows anything unexpected.
 * A service without introspection also gets a hint on what still works.
 */
export function reportServiceError(target: string | Target, error: unknown): number {
  const problem = describeServiceError(error);
  if (problem === undefined) throw error;
  const name = targetName(target);
  // Name the address once: connection and address errors already say which one failed.
  const where = problem.message.includes(name) ? "" : `${name}: `;
  process.stderr.write(`varlink-codegen: ${where}${problem.message}\n`);
  if (error instanceof NoIntrospectionError) {
    process.stderr.write(
      error.method.endsWith(".GetInfo")
        ? "  name the interfaces you want (pull/introspect/list-methods ADDRESS INTERFACE...), or call methods directly\n"
        : "  its methods can still be called directly (varlink-codegen call ADDRESS METHOD PARAMETERS)\n",
    );
  }
  return problem.code;
}
