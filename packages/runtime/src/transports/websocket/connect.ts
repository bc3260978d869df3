/**
 * Client side of UAPI.20's WebSocket mode: `ws://host:port/…/ws/services/{service}` and
 * `wss://…` addresses. Node 20 has no global WebSocket, so the handshake is an HTTP/1.1
 * upgrade over node:http(s), and the channel is our own codec.
 */
import * as http from "node:http";
import * as https from "node:https";
import { isIP } from "node:net";
import type { Socket } from "node:net";
import { AddressError, ConnectionError } from "../../errors.js";
import {
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  type TlsClientOptions,
  loadSecureContextOptions,
} from "../../security/tls-options.js";
import { warnIfPlaintext } from "../plaintext-warning.js";
import { WebSocketChannel } from "./channel.js";
import { checkUpgradeResponse, newWebSocketKey } from "./handshake.js";

/** Options of {@link connectWebSocket}. @internal */
export interface WebSocketConnectOptions {
  /** For `wss://`: CA, client certificate (mutual TLS), servername. */
  tls?: TlsClientOptions;
  /** Sent as `Authorization: Bearer <token>` (a bridge's token check). */
  bearerToken?: string;
  /** Largest WebSocket message accepted from the server (default 16 MiB). */
  maxMessageSize?: number;
  signal?: AbortSignal;
}

/** Parses a ws:/wss: address; throws {@link AddressError} naming it. @internal */
export function parseWebSocketAddress(address: string): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new AddressError(address, "not a valid ws:// or wss:// URL");
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:")
    throw new AddressError(address, "expected ws:// or wss://");
  if (url.hash !== "") throw new AddressError(address, "a WebSocket URL has no #fragment");
  return url;
}

/**
 * Connects and completes the WebSocket handshake; errors are {@link ConnectionError}s naming
 * the address (a non-101 answer says its status and the body's `message`).
 * @internal
 */
export async function connectWebSocket(
  address: string,
  options: WebSocketConnectOptions = {},
): Promise<WebSocketChannel> {
  const url = parseWebSocketAddress(address);
  const { signal } = options;
  signal?.throwIfAborted();
  const secure = url.protocol === "wss:";
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  if (!secure) warnIfPlaintext(host, address, false);
  const failure = (message: string, cause?: unknown): ConnectionError =>
    new ConnectionError(`cannot connect to ${address}: ${message}`, { cause, written: false });
  const key = newWebSocketKey();
  const headers: Record<string, string> = {
    Connection: "Upgrade",
    Upgrade: "websocket",
    "Sec-WebSocket-Version": "13",
    "Sec-WebSocket-Key": key,
  };
  // A token in the address (`?access_token=`, what a bridge accepts from browsers) goes in the
  // header instead, where a Node client can put it: it then stays out of the bridge's URL logs.
  const token = options.bearerToken ?? url.searchParams.get("access_token") ?? undefined;
  url.searchParams.delete("access_token");
  if (token !== undefined) headers["Authorization"] = `Bearer ${token}`;
  const request: https.RequestOptions = {
    host,
    port: url.port === "" ? (secure ? 443 : 80) : Number(url.port),
    path: url.pathname + url.search,
    headers,
    agent: false,
  };
  const tls = options.tls;
  if (secure) {
    try {
      Object.assign(request, await loadSecureContextOptions(tls ?? {}));
    } catch (error) {
      throw failure((error as Error).message, error);
    }
    request.rejectUnauthorized = tls?.rejectUnauthorized ?? true;
    const servername = tls?.servername ?? (isIP(host) === 0 ? host : undefined);
    if (servername !== undefined) request.servername = servername;
    signal?.throwIfAborted();
  }
  const ms = tls?.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const req = secure ? https.request(request) : http.request(request);
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const fail = (error: ConnectionError): void => {
      done();
      req.destroy();
      reject(error);
    };
    const onAbort = (): void => {
      done();
      req.destroy();
      reject(signal?.reason);
    };
    const timer = setTimeout(() => fail(failure(`no WebSocket handshake after ${ms} ms`)), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (error) => fail(failure(error.message, error)));
    req.on("response", (res) => {
      // Not upgraded: the body says why (the bridge's {"message": …}).
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        if ((size += chunk.length) <= 4096) chunks.push(chunk);
      });
      res.on("end", () => {
        let detail = "";
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { message?: unknown };
          if (typeof body.message === "string") detail = `: ${body.message}`;
        } catch {
          // Not our JSON: the status says enough.
        }
        fail(failure(`HTTP ${res.statusCode ?? 0} ${res.statusMessage ?? ""}${detail}`.trimEnd()));
      });
    });
    req.on("upgrade", (res, socket: Socket, head: Buffer) => {
      const problem = checkUpgradeResponse(res.headers, key);
      if (problem !== undefined) {
        socket.destroy();
        fail(failure(problem));
        return;
      }
      done();
      const channelOptions =
        options.maxMessageSize === undefined ? {} : { maxMessageSize: options.maxMessageSize };
      resolve(new WebSocketChannel(socket, "client", address, head, channelOptions));
    });
    req.end();
  });
}
