/**
 * The `tls` option of clients (`VarlinkClient.connect("tls:…", { tls })`) and listeners
 * (`server.listen("tls:…", { tls })`), and turning it into node:tls options. Certificates and
 * keys are given as file paths (re-read on reload) or as PEM text/buffers (fixed).
 */
import { readFile } from "node:fs/promises";
import type { SecureContextOptions, SecureVersion } from "node:tls";

/** PEM text or bytes, or a file path (a string without `-----BEGIN` is a path). */
export type PemSource = string | Uint8Array;

/** Options shared by clients and listeners. */
export interface TlsCommonOptions {
  /** Trusted CA certificate(s): the peer's certificate must chain to one (default: Node's bundled CAs). */
  ca?: PemSource | readonly PemSource[];
  /** Our certificate (chain), PEM. Required on a listener; a client sends it for mutual TLS. */
  cert?: PemSource;
  /** The private key of `cert`, PEM (unencrypted). */
  key?: PemSource;
  /** Oldest protocol version accepted (default `TLSv1.2`). */
  minVersion?: SecureVersion;
  /** A handshake not finished this long after the TCP connect is dropped (default 10 000 ms). */
  handshakeTimeoutMs?: number;
}

/** `ClientOptions.tls`: how a `tls:` address is connected. */
export interface TlsClientOptions extends TlsCommonOptions {
  /**
   * The name the server's certificate must carry (and SNI). Default: the address's host (a DNS
   * name is also sent as SNI; an IP address is checked against the certificate's IP SANs).
   */
  servername?: string;
  /** Refuse a server whose certificate does not verify (default true; false is for tests only). */
  rejectUnauthorized?: boolean;
}

/** `ListenOptions.tls`: the certificate a `tls:` listener presents, and what it asks of clients. */
export interface TlsServerOptions extends TlsCommonOptions {
  cert: PemSource;
  key: PemSource;
  /** Ask clients for a certificate; one that is missing or does not verify is still accepted (see `Peer.tls.authorized`). */
  requestCert?: boolean;
  /** Mutual TLS: refuse a client without a certificate that verifies against `ca`. */
  requireClientCert?: boolean;
  /**
   * Watch the directories of `cert`, `key` and `ca` files and reload when they change
   * (cert-manager swaps a `..data` symlink). Default true when any of them is a file path.
   */
  watch?: boolean;
  /**
   * Told after each reload (watched or `listener.reload()`): `undefined` when the new files are
   * in use, else why they were refused (the old certificate stays). Default: a process warning
   * (type `VarlinkTlsReload`) for a refused reload, nothing for a good one.
   */
  onReload?: (error: Error | undefined) => void;
}

/** The handshake timeout when none is given. */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

/** True when `source` names a file rather than holding PEM. @internal */
export function isPath(source: PemSource): source is string {
  return typeof source === "string" && !source.includes("-----BEGIN");
}

/** The file paths among the certificate, key and CA sources (what a reload re-reads). @internal */
export function pemPaths(options: TlsCommonOptions): string[] {
  const sources = [options.cert, options.key, ...caList(options.ca)];
  return sources.filter((s): s is string => s !== undefined && isPath(s));
}

function caList(ca: TlsCommonOptions["ca"]): readonly PemSource[] {
  if (ca === undefined) return [];
  return typeof ca === "string" || ca instanceof Uint8Array ? [ca] : ca;
}

async function load(source: PemSource, what: string): Promise<string | Buffer> {
  if (!isPath(source)) return typeof source === "string" ? source : Buffer.from(source);
  try {
    return await readFile(source);
  } catch (error) {
    throw new Error(`cannot read the TLS ${what} file: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Reads the files among `options` now and returns node:tls context options: `ca`, `cert`,
 * `key`, `minVersion`. Throws an Error saying which file could not be read. @internal
 */
export async function loadSecureContextOptions(options: TlsCommonOptions): Promise<SecureContextOptions> {
  const [cert, key, ca] = await Promise.all([
    options.cert === undefined ? undefined : load(options.cert, "certificate"),
    options.key === undefined ? undefined : load(options.key, "key"),
    options.ca === undefined ? undefined : Promise.all(caList(options.ca).map((s) => load(s, "CA"))),
  ]);
  const context: SecureContextOptions = { minVersion: options.minVersion ?? "TLSv1.2" };
  if (cert !== undefined) context.cert = cert;
  if (key !== undefined) context.key = key;
  if (ca !== undefined) context.ca = ca;
  return context;
}
