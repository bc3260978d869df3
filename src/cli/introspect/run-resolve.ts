/**
 * `varlink-codegen resolve <interface>`: asks the resolver (`org.varlink.resolver.Resolve`,
 * default `unix:/run/org.varlink.resolver`, as libvarlink's `varlink resolve`) which address
 * implements an interface, and prints it.
 */
import { ExitCode } from "../exit-code.js";
import { reportServiceError } from "./run-info.js";
import { withService, type Target } from "./session.js";

/** Where libvarlink's resolver listens. */

/** Runs `resolve`; returns the exit code. */
export async function runResolve(
  iface: string,
  resolver: Target,
  options: { timeout: number },
): Promise<number> {
  try {
    // The resolver does not resolve itself (libvarlink answers with its own address).
    const address =
      iface === "org.varlink.resolver"
        ? resolver.address
        : (
            await withService(resolver, (client) =>
              client.call(
                "org.varlink.resolver.Resolve",
                { interface: iface },
                { timeoutMs: options.timeout },
              ),
            )
          )["address"];
    if (typeof address !== "string") {
      process.stderr.write(`varlink-codegen: ${resolver.address}: the resolver's reply has no address\n`);
      return ExitCode.Failure;
    }
    process.stdout.write(`${address}\n`);
    return ExitCode.Ok;
  } catch (error) {
    return reportServiceError(resolver, error);
  }
}
