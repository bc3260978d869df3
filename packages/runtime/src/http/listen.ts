/**
 * `serveHttp`: the HTTP front listening on `tcp:host:port` (HTTP, WebSocket `ws://`) or
 * `tls:host:port` (HTTPS, `wss://`, with mutual TLS and certificate reload as a `tls:`
 * Varlink listener has them).
 */
import * as http from "node:http";
import * as https from "node:https";
import { type TcpAddress, formatAddress, parseAddress } from "../transports/address.js";
import { AddressError, ConnectionError } from "../errors.js";
import { bind, closer } from "../transports/node-socket.js";
import { warnIfPlaintext } from "../transports/plaintext-warning.js";
import { DEFAULT_HANDSHAKE_TIMEOUT_MS, type TlsServerOptions } from "../security/tls-options.js";
import { loadServerContext, reloadTls } from "../security/tls-reload.js";
import { type HttpFrontOptions, createHttpFront } from "./front.js";

/** Options of {@link serveHttp}. */
export interface ServeHttpOptions extends HttpFrontOptions {
  /** `tcp:host:port` or `tls:host:port` (port 0 picks one). */
  address: string;
  /** The certificate of a `tls:` address (required for it), and `requireClientCert` for mutual TLS. */
  tls?: TlsServerOptions;
  /** TCP connections open at once (default 4096); more are closed on accept. */
  maxConnections?: number;
  /** Close a keep-alive HTTP connection idle this long (default 5 s). */
  keepAliveTimeoutMs?: number;
  /** A request whose headers and body have not arrived after this long is answered 408 (default 30 s). */
  requestTimeoutMs?: number;
}

/** A listening HTTP front. */
export interface HttpListener {
  /** The bound address, `tcp:127.0.0.1:40123` (the port filled in). */
  readonly address: string;
  /** The base URL, `http://127.0.0.1:40123/` (`https://` for tls:). */
  readonly url: string;
  /** Stops accepting and closes open connections and WebSockets. */
  close(): Promise<void>;
  /** `tls:` only: re-reads the certificate files now. */
  reload?(): Promise<void>;
}

/** Listens with the HTTP front on `options.address`. */
export async function serveHttp(options: ServeHttpOptions): Promise<HttpListener> {
  const parsed = parseAddress(options.address);
  if (parsed.kind !== "tcp" && parsed.kind !== "tls")
    throw new AddressError(options.address, "the HTTP front listens on tcp:host:port or tls:host:port");
  const front = createHttpFront(options);
  let server: http.Server;
  let reloader: ReturnType<typeof reloadTls> | undefined;
  if (parsed.kind === "tls") {
    const tls = options.tls;
    if (tls === undefined)
      throw new AddressError(options.address, "a tls: listener needs the tls option (cert and key)");
    // Without a CA, Node checks client certificates against its public root store: any publicly
    // issued certificate would pass as "mutual TLS".
    if (tls.requireClientCert === true && tls.ca === undefined)
      throw new ConnectionError(
        `cannot listen on ${options.address}: requireClientCert needs tls.ca (the CA client certificates must chain to)`,
      );
    let context;
    try {
      context = await loadServerContext(tls, {});
    } catch (error) {
      throw new ConnectionError(`cannot listen on ${options.address}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const required = tls.requireClientCert === true;
    const secure = https.createServer({
      ...context,
      requestCert: required || tls.requestCert === true,
      rejectUnauthorized: required,
      handshakeTimeout: tls.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
    });
    secure.on("tlsClientError", (_error, socket) => socket.destroy());
    server = secure;
  } else {
    warnIfPlaintext(parsed.host, options.address, true);
    server = http.createServer();
  }
  server.maxConnections = options.maxConnections ?? 4096;
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5000;
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  server.headersTimeout = Math.min(server.requestTimeout, 30_000);
  server.on("request", front.request);
  server.on("upgrade", front.upgrade);
  server.on("clientError", (_error, socket) => socket.destroy());
  const target: TcpAddress = { kind: "tcp", host: parsed.host, port: parsed.port };
  await bind(server, { host: target.host, port: target.port }, options.address);
  if (parsed.kind === "tls" && options.tls !== undefined)
    reloader = reloadTls(server as https.Server, options.tls, {});
  const port = (server.address() as { port: number }).port;
  const close = closer(server);
  const host = parsed.host.includes(":") ? `[${parsed.host}]` : parsed.host;
  const listener: HttpListener = {
    address: formatAddress({ ...parsed, port }),
    url: `${parsed.kind === "tls" ? "https" : "http"}://${host}:${port}/`,
    close: async () => {
      reloader?.stop();
      const closing = close();
      server.closeAllConnections();
      front.closeWebSockets();
      await closing;
    },
  };
  return reloader === undefined ? listener : { ...listener, reload: reloader.reload };
}
