/**
 * `--tls-ca`, `--tls-cert`, `--tls-key`, `--tls-servername` for commands that talk to a live
 * service at a `tls:` address (each also read from VARLINK_TLS_CA, ... when not given).
 */
import { Option } from "commander";
import type { TlsClientOptions } from "@varlink-codegen/runtime";

/** The four options, to add to a command. */
export function tlsOptions(): Option[] {
  return [
    new Option("--tls-ca <file>", "for tls: addresses, the CA certificate(s) the server's must chain to").env(
      "VARLINK_TLS_CA",
    ),
    new Option("--tls-cert <file>", "for tls: addresses, our client certificate (mutual TLS)").env(
      "VARLINK_TLS_CERT",
    ),
    new Option("--tls-key <file>", "the private key of --tls-cert").env("VARLINK_TLS_KEY"),
    new Option(
      "--tls-servername <name>",
      "the name the server's certificate must carry (default: the host)",
    ).env("VARLINK_TLS_SERVERNAME"),
  ];
}

/** What the parsed options of {@link tlsOptions} look like. */
export interface TlsFlags {
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsServername?: string;
}

/** The runtime's `tls` option from the flags; undefined when none was given. */
export function clientTls(flags: TlsFlags): TlsClientOptions | undefined {
  const tls: TlsClientOptions = {};
  if (flags.tlsCa !== undefined) tls.ca = flags.tlsCa;
  if (flags.tlsCert !== undefined) tls.cert = flags.tlsCert;
  if (flags.tlsKey !== undefined) tls.key = flags.tlsKey;
  if (flags.tlsServername !== undefined) tls.servername = flags.tlsServername;
  return Object.keys(tls).length === 0 ? undefined : tls;
}
