/**
 * node:tls transport for `tls:host:port`: plain TCP carrying standard TLS (any TLS terminator,
 * stunnel or socat, can stand on either side), then Varlink as usual. The channel is the same
 * {@link SocketChannel} as tcp's: a TLSSocket is a net.Socket.
 */
import { type Socket, isIP } from "node:net";
import * as tls from "node:tls";
import { type TlsAddress, formatAddress } from "./address.js";
import { ConnectionError } from "../errors.js";
import { SocketChannel, type SocketListener, bind, closer } from "./node-socket.js";
import {
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  type TlsClientOptions,
  type TlsServerOptions,
  loadSecureContextOptions,
} from "../security/tls-options.js";
import { loadServerContext, reloadTls } from "../security/tls-reload.js";

/** A bound `tls:` listener; `reload()` re-reads its certificate files. @internal */
export interface TlsListener extends SocketListener {
  reload(): Promise<void>;
}

/**
 * Connects and completes the handshake (verifying the server unless `rejectUnauthorized` is
 * false); connecting and handshaking together get `handshakeTimeoutMs`. Files named in
 * `options` are read for each connection, so new connections see rotated files. Errors are
 * {@link ConnectionError}s naming the address and node's reason (`certificate has expired`...).
 * @internal
 */
export async function connectTls(
  address: TlsAddress,
  text: string,
  options: TlsClientOptions = {},
  signal?: AbortSignal,
): Promise<SocketChannel> {
  signal?.throwIfAborted();
  const failure = (error: Error): ConnectionError =>
    new ConnectionError(`cannot connect to ${text}: ${error.message}`, { cause: error, written: false });
  let context: tls.SecureContextOptions;
  try {
    context = await loadSecureContextOptions(options);
  } catch (error) {
    throw failure(error as Error);
  }
  // Reading the files took a turn: an abort meanwhile must not start a connection.
  signal?.throwIfAborted();
  const connect: tls.ConnectionOptions = {
    ...context,
    host: address.host,
    port: address.port,
    rejectUnauthorized: options.rejectUnauthorized ?? true,
  };
  // SNI carries names only (RFC 6066); an IP host is still checked against the IP SANs.
  const servername = options.servername ?? (isIP(address.host) === 0 ? address.host : undefined);
  if (servername !== undefined) connect.servername = servername;
  const ms = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const socket = tls.connect(connect);
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.off("error", onError);
    };
    const onError = (error: Error): void => {
      done();
      socket.destroy();
      reject(failure(error));
    };
    const onAbort = (): void => {
      done();
      socket.destroy();
      reject(signal?.reason);
    };
    const timer = setTimeout(() => onError(new Error(`TLS handshake not finished after ${ms} ms`)), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("error", onError);
    socket.once("secureConnect", () => {
      done();
      socket.setNoDelay(true);
      resolve(new SocketChannel(socket, text));
    });
  });
}

/** How many connections may be in the TLS handshake at once: from one IP, and in all. @internal */
export interface HandshakeLimits {
  readonly perPeer: number;
  readonly total: number;
}

/**
 * Listens on a `tls:` address. The certificate files are read (and checked to load) before
 * binding; a client that has not finished its handshake after `handshakeTimeoutMs` is dropped,
 * and a failed handshake concerns that client only. `onSocket` gets each verified connection.
 * @internal
 */
export async function listenTls(
  target: TlsAddress,
  text: string,
  options: TlsServerOptions,
  onSocket: (socket: tls.TLSSocket) => void,
  limits: HandshakeLimits = { perPeer: Infinity, total: Infinity },
): Promise<TlsListener> {
  // Without a ca, node checks client certificates against its public root store: any publicly
  // issued certificate would pass "mutual" TLS. Refuse instead of quietly weakening it.
  if (options.requireClientCert === true && options.ca === undefined) {
    throw new ConnectionError(
      `cannot listen on ${text}: requireClientCert needs tls.ca (the CA client certificates must chain to)`,
    );
  }
  let context: tls.SecureContextOptions;
  try {
    context = await loadServerContext(options, {});
  } catch (error) {
    throw new ConnectionError(`cannot listen on ${text}: ${(error as Error).message}`, { cause: error });
  }
  const required = options.requireClientCert === true;
  const server = tls.createServer(
    {
      ...context,
      noDelay: true,
      requestCert: required || options.requestCert === true,
      rejectUnauthorized: required,
      handshakeTimeout: options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
    },
    // Half-open only once secure: a server-wide allowHalfOpen keeps the socket of a client that
    // gave up mid-handshake open for ever (node 20), and server.close() waits on it.
    (socket) => {
      handshaking.delete(`${socket.remoteAddress}:${socket.remotePort}`);
      socket.allowHalfOpen = true;
      onSocket(socket);
    },
  );
  // The server's connection limits apply from the secure connection on; sockets still in the
  // handshake are bounded here, or one IP could hold thousands for handshakeTimeoutMs.
  const handshaking = new Map<string, string | undefined>();
  server.on("connection", (raw: Socket) => {
    const peer = raw.remoteAddress;
    let same = 0;
    for (const other of handshaking.values()) if (other === peer) same++;
    if (same >= limits.perPeer || handshaking.size >= limits.total) {
      raw.destroy();
      return;
    }
    const key = `${peer}:${raw.remotePort}`;
    handshaking.set(key, peer);
    raw.once("close", () => handshaking.delete(key));
  });
  // A failed or timed-out handshake concerns that client only: it is dropped (node leaves a
  // timed-out one open when this event has a listener), and not reported (a warning per
  // hostile client would let any client flood the log).
  server.on("tlsClientError", (_error, socket) => socket.destroy());
  await bind(server, { host: target.host, port: target.port }, text);
  const port = (server.address() as { port: number }).port;
  const close = closer(server);
  let reloader: ReturnType<typeof reloadTls>;
  try {
    reloader = reloadTls(server, options, {});
  } catch (error) {
    // fs.watch throws at once on ENOSPC/EMFILE: a listen that rejects leaves no port bound.
    await close();
    throw new ConnectionError(`cannot listen on ${text}: ${(error as Error).message}`, { cause: error });
  }
  return {
    address: formatAddress({ ...target, port }),
    server,
    close: () => {
      reloader.stop();
      return close();
    },
    reload: reloader.reload,
  };
}
