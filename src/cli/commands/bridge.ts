/**
 * `varlink-codegen bridge`: serves local Varlink services over HTTP and WebSocket (UAPI.20's
 * HTTP transport; docs/http.md). Its work loads only when it runs.
 */
import { Option, type Command } from "commander";
import type { BridgeFlags } from "../bridge/run-bridge.js";

const repeat = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Registers `bridge`. */
export function registerBridge(program: Command): void {
  program
    .command("bridge")
    .summary("serve Varlink services over HTTP and WebSocket (UAPI.20)")
    .description(
      "Serve local Varlink services over HTTP (simple mode, JSON-SEQ streaming, introspection, /health) and " +
        "WebSocket (the raw protocol) until SIGINT/SIGTERM. Give each service with --service name=address, " +
        "or serve every socket of a directory with --registry.",
    )
    .addHelpText(
      "after",
      "\nExample:\n" +
        "  varlink-codegen bridge --listen tcp:127.0.0.1:8080 --service io.systemd.Hostname=unix:/run/systemd/io.systemd.Hostname\n" +
        "  varlink-codegen bridge --listen tls:0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem --registry /run/varlink/registry\n" +
        "\nExit codes: 0 stopped by a signal, 1 cannot listen, 2 bad usage.",
    )
    .requiredOption(
      "--listen <address>",
      "where to listen: tcp:host:port (http, ws) or tls:host:port (https, wss)",
    )
    .option(
      "--service <name=address>",
      "a service and its Varlink address (unix:, tcp:, tls:); repeatable",
      repeat,
    )
    .option("--registry <dir>", "serve every socket in this directory, named by its file name")
    .option("--base-path <path>", "the path the routes are below (default /)")
    .addOption(
      new Option("--tls-cert <file>", "for a tls: --listen, our certificate (chain)").env("VARLINK_TLS_CERT"),
    )
    .addOption(new Option("--tls-key <file>", "the private key of --tls-cert").env("VARLINK_TLS_KEY"))
    .addOption(
      new Option("--tls-ca <file>", "CA certificate(s) client certificates must chain to (mutual TLS)").env(
        "VARLINK_TLS_CA",
      ),
    )
    .option(
      "--require-client-cert",
      "mutual TLS: refuse clients without a certificate that verifies against --tls-ca",
    )
    .option(
      "--allow-origin <origin>",
      "a browser Origin allowed to call (e.g. https://app.example), or * for any; repeatable",
      repeat,
    )
    .option("--token-file <file>", "require a bearer token: one of the lines of this file (401 otherwise)")
    .option("--max-body-size <bytes>", "largest simple-mode request body (default 1048576)")
    .option("--max-message-size <bytes>", "largest Varlink message either way (default 16777216)")
    .option("--max-websockets <n>", "WebSocket connections open at once (default 1024)")
    .option(
      "--idle-timeout <ms>",
      "close a WebSocket with no call owed and no traffic for this long (default 300000; 0: never)",
    )
    .action(async function (this: Command, options: BridgeFlags) {
      const { runBridge } = await import("../bridge/run-bridge.js");
      process.exitCode = await runBridge(options, (message) =>
        this.error(`varlink-codegen: ${message}`, { exitCode: 2 }),
      );
    });
}
