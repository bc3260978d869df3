/** `varlink-codegen info <address>`: prints what `org.varlink.service.GetInfo` returns. */
import { ExitCode } from "../exit-code.js";
import { describeServiceError, getInfo, withService } from "./session.js";

/** Runs `info`; returns the exit code. */
export async function runInfo(
  address: string,
  options: { json?: boolean; timeout: number },
): Promise<number> {
  try {
    const info = await withService(address, (client) => getInfo(client, options.timeout));
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
    return reportServiceError(address, error);
  }
}

/** Prints a service error as `varlink-codegen: <address>: <what>`; rethrows anything unexpected. */
export function reportServiceError(address: string, error: unknown): number {
  const problem = describeServiceError(error);
  if (problem === undefined) throw error;
  // Name the address once: connection and address errors already say which one failed.
  const where = problem.message.includes(address) ? "" : `${address}: `;
  process.stderr.write(`varlink-codegen: ${where}${problem.message}\n`);
  return problem.code;
}
