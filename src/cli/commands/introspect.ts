/**
 * The commands that talk to a running service: `info`, `list-interfaces`, `list-methods`,
 * `introspect`, `pull`, `call` and `resolve` (docs/cli.md). Their work loads only when they run.
 */
import { Option, type Command } from "commander";
import { timeoutOption } from "../timeout-option.js";
import { type TlsFlags, clientTls, tlsOptions } from "../tls-option.js";

const addressHelp =
  "Varlink address: unix:/run/x, unix:@abstract, tcp:host:port, tls:host:port, exec:/path/to/service, " +
  "ws://host:port/ws/services/NAME, wss://…, " +
  "ssh-unix:host:/run/x, ssh-exec:host:command, or a path to a socket or executable (omit with --bridge)";

const bridgeOption = (): Option =>
  new Option(
    "--bridge <command>",
    "talk Varlink through the stdin/stdout of this shell command instead of an address",
  );

/** Shifts the address away (or takes `--bridge`), or exits 2 through commander. */
async function target(command: Command, args: (string | undefined)[], bridge: string | undefined) {
  const [{ splitTarget }, { expandAddress }] = await Promise.all([
    import("../introspect/positionals.js"),
    import("../introspect/address-shorthand.js"),
  ]);
  const split = splitTarget(args, bridge);
  if (typeof split === "string") command.error(`varlink-codegen: ${split}`, { exitCode: 2 });
  const { target: given, rest } = split as Exclude<typeof split, string>;
  if (given.bridge !== undefined) return { target: given, rest };
  const tls = clientTls(command.opts<TlsFlags>());
  return { target: { address: expandAddress(given.address), ...(tls === undefined ? {} : { tls }) }, rest };
}

type Common = { bridge?: string; timeout: number };

/** Registers the live-service commands. */
export function registerIntrospect(program: Command): void {
  // The command list shows each command's usage line, so commands whose address is optional only
  // because --bridge may replace it still read `info <address>` there.
  program.configureHelp({
    ...program.configureHelp(),
    subcommandTerm: (cmd) => `${cmd.name()} ${cmd.usage()}`.trimEnd(),
  });
  program
    .command("info")
    .summary("print a running service's GetInfo")
    .description(
      "Print vendor, product, version, URL and interfaces of a running service (org.varlink.service.GetInfo).",
    )
    .usage("[options] <address>")
    .argument("[address]", addressHelp)
    .option("--json", "print the reply as JSON")
    .addOption(bridgeOption())
    .addOption(timeoutOption())
    .action(async function (
      this: Command,
      address: string | undefined,
      options: Common & { json?: boolean },
    ) {
      const { target: t } = await target(this, [address], options.bridge);
      const { runInfo } = await import("../introspect/run-info.js");
      process.exitCode = await runInfo(t, options);
    });

  program
    .command("list-interfaces")
    .summary("list a running service's interfaces")
    .usage("[options] <address>")
    .argument("[address]", addressHelp)
    .addOption(bridgeOption())
    .addOption(timeoutOption())
    .action(async function (this: Command, address: string | undefined, options: Common) {
      const { target: t } = await target(this, [address], options.bridge);
      const { runListInterfaces } = await import("../introspect/run-inspect.js");
      process.exitCode = await runListInterfaces(t, options);
    });

  for (const [verb, summary] of [
    ["list-methods", "list a running service's methods (qualified names)"],
    ["introspect", "print a running service's interface descriptions"],
  ] as const) {
    program
      .command(verb)
      .summary(summary)
      .description(
        `${summary[0]!.toUpperCase()}${summary.slice(1)}: every interface, or the ones named ` +
          "(naming them works with services that do not implement GetInfo).",
      )
      .usage("[options] <address> [interfaces...]")
      .argument("[address]", addressHelp)
      .argument("[interfaces...]", "interface names, e.g. org.example.ftl")
      .addOption(bridgeOption())
      .addOption(timeoutOption())
      .action(async function (this: Command, address: string | undefined, names: string[], options: Common) {
        const { target: t, rest } = await target(this, [address, ...names], options.bridge);
        const { runInspect } = await import("../introspect/run-inspect.js");
        process.exitCode = await runInspect(verb, t, rest as string[], options);
      });
  }

  program
    .command("pull")
    .summary("write a running service's interfaces as .varlink files")
    .description(
      "Fetch interface descriptions (org.varlink.service.GetInterfaceDescription) and write " +
        "<interface>.varlink files. Without interface names: every interface but org.varlink.service. " +
        "Without -o: into the config's input directory (so `generate` picks them up), else the cwd.",
    )
    .usage("[options] <address> [interfaces...]")
    .argument("[address]", addressHelp)
    .argument("[interfaces...]", "interface names, e.g. org.example.ftl")
    .option("-o, --out-dir <dir>", "directory to write into (default: the config's input directory, else .)")
    .option("-c, --config <path>", "config whose input directory -o defaults to")
    .addOption(bridgeOption())
    .addOption(timeoutOption())
    .action(async function (
      this: Command,
      address: string | undefined,
      names: string[],
      options: Common & { outDir?: string; config?: string },
    ) {
      const { target: t, rest } = await target(this, [address, ...names], options.bridge);
      const { runPull } = await import("../introspect/run-pull.js");
      process.exitCode = await runPull(t, rest as string[], options);
    });

  program
    .command("call")
    .summary("call a method of a running service and print the reply as JSON")
    .description(
      "Call a method and print each reply's parameters as JSON, like `varlinkctl call`. Parameters " +
        "default to {}; '-' reads them from stdin. An error reply prints the error name and parameters " +
        "and exits 1 (0 when --graceful names it).",
    )
    .usage("[options] <address> <method> [parameters]")
    .addHelpText(
      "after",
      "\nExample:\n" +
        '  varlink-codegen call unix:/run/org.example.ftl org.example.ftl.Move \'{"to": {"x": 1, "y": 2}}\'\n' +
        "  echo '{\"n\": 3}' | varlink-codegen call --more unix:/run/x org.example.count.Count -\n" +
        "\nExit codes: 0 ok, 1 error reply / connection failure / timeout, 2 bad usage, 70 internal error.",
    )
    .argument("[address]", addressHelp)
    .argument("[method]", "fully qualified method name, e.g. org.example.ftl.Move")
    .argument("[parameters]", "parameters as a JSON object (default {}), or - to read them from stdin")
    .option("--more", "ask for several replies and print each as it arrives (JSON-SEQ by default)")
    .option("--collect", "ask for several replies and print them as one JSON array")
    .option("--oneway", "ask for no reply")
    .option("-q, --quiet", "print no replies (the exit code still tells success from an error)")
    .addOption(
      new Option(
        "--json <mode>",
        "output: pretty (default), short (one line per reply), seq (RFC 7464; default with --more)",
      ).choices(["pretty", "short", "seq"]),
    )
    .option("-j", "like varlinkctl: --json=pretty on a terminal, --json=short otherwise")
    .option(
      "--graceful <error>",
      "treat this error reply as success (exit 0); repeatable",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .addOption(bridgeOption())
    .addOption(timeoutOption(30_000))
    .action(async function (
      this: Command,
      address: string | undefined,
      method: string | undefined,
      parameters: string | undefined,
      options: Common & {
        more?: boolean;
        oneway?: boolean;
        collect?: boolean;
        quiet?: boolean;
        json?: "pretty" | "short" | "seq";
        j?: boolean;
        graceful?: string[];
      },
    ) {
      const { target: t, rest } = await target(this, [address, method, parameters], options.bridge);
      const [m, p] = rest;
      if (m === undefined) this.error("varlink-codegen: missing required argument 'method'", { exitCode: 2 });
      const { runCall } = await import("../introspect/run-call.js");
      // -j decides by the terminal, as varlinkctl's does; an explicit --json wins.
      const tty = process.stdout.isTTY === true;
      const json = options.json ?? (options.j === true ? (tty ? "pretty" : "short") : undefined);
      process.exitCode = await runCall(t, m as string, p, { ...options, json });
    });

  program
    .command("resolve")
    .summary("ask the resolver which address implements an interface")
    .description(
      "Ask org.varlink.resolver.Resolve for the address of an interface, like libvarlink's `varlink resolve`.",
    )
    .argument("<interface>", "interface name, e.g. org.example.ftl")
    .option("--resolver <address>", "address of the resolver", "unix:/run/org.varlink.resolver")
    .addOption(bridgeOption())
    .addOption(timeoutOption())
    .action(async (iface: string, options: Common & { resolver: string }) => {
      const { runResolve } = await import("../introspect/run-resolve.js");
      process.exitCode = await runResolve(
        iface,
        { address: options.resolver, bridge: options.bridge },
        options,
      );
    });

  // The commands that take an address may reach a tls: one.
  for (const command of program.commands)
    if (TLS_COMMANDS.has(command.name())) for (const option of tlsOptions()) command.addOption(option);
}

const TLS_COMMANDS = new Set(["info", "list-interfaces", "list-methods", "introspect", "pull", "call"]);
