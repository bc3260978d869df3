/**
 * The commands that talk to a running service through `org.varlink.service`: `info`, `pull` and
 * `call` (docs/workflows.md, "Debugging a live service"). Their work loads only when they run.
 */
import type { Command } from "commander";
import { timeoutOption } from "../timeout-option.js";

const addressHelp = "Varlink address: unix:/run/x, unix:@abstract, tcp:host:port, exec:/path/to/service";

/** Registers `info`, `pull` and `call`. */
export function registerIntrospect(program: Command): void {
  program
    .command("info")
    .summary("print a running service's GetInfo")
    .description(
      "Print vendor, product, version, URL and interfaces of a running service (org.varlink.service.GetInfo).",
    )
    .argument("<address>", addressHelp)
    .option("--json", "print the reply as JSON")
    .addOption(timeoutOption())
    .action(async (address: string, options: { json?: boolean; timeout: number }) => {
      const { runInfo } = await import("../introspect/run-info.js");
      process.exitCode = await runInfo(address, options);
    });

  program
    .command("pull")
    .summary("write a running service's interfaces as .varlink files")
    .description(
      "Fetch interface descriptions (org.varlink.service.GetInterfaceDescription) and write " +
        "<interface>.varlink files. Without interface names: every interface but org.varlink.service.",
    )
    .argument("<address>", addressHelp)
    .argument("[interfaces...]", "interface names, e.g. org.example.ftl")
    .option("-o, --out-dir <dir>", "directory to write into", ".")
    .addOption(timeoutOption())
    .action(async (address: string, names: string[], options: { outDir: string; timeout: number }) => {
      const { runPull } = await import("../introspect/run-pull.js");
      process.exitCode = await runPull(address, names, options);
    });

  program
    .command("call")
    .summary("call a method of a running service and print the reply as JSON")
    .description(
      "Call a method and print each reply's parameters as JSON, like `varlinkctl call`. " +
        "An error reply prints the error name and parameters and exits 1.",
    )
    .addHelpText(
      "after",
      '\nExample:\n  varlink-codegen call unix:/run/org.example.ftl org.example.ftl.Move \'{"to": {"x": 1, "y": 2}}\'',
    )
    .argument("<address>", addressHelp)
    .argument("<method>", "fully qualified method name, e.g. org.example.ftl.Move")
    .argument("[parameters]", "parameters as a JSON object (default {})")
    .option("--more", "ask for several replies and print each as it arrives")
    .option("--oneway", "ask for no reply")
    .addOption(timeoutOption(30_000))
    .action(
      async (
        address: string,
        method: string,
        parameters: string | undefined,
        options: { more?: boolean; oneway?: boolean; timeout: number },
      ) => {
        const { runCall } = await import("../introspect/run-call.js");
        process.exitCode = await runCall(address, method, parameters, options);
      },
    );
}
