/**
 * The HTTP front of UAPI.20's HTTP transport: routes requests (the URL table below a base
 * path) to simple mode, introspection, `/health` and WebSocket mode, after the access checks.
 * {@link createHttpFront} gives node:http handlers (to mount in an existing server);
 * `serveHttp` (listen.ts) listens on an address with them.
 */
import { emitWarning } from "node:process";
import { type IncomingMessage, STATUS_CODES, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { socketPeer } from "../server/peer.js";
import {
  DEFAULT_CLOSE_TIMEOUT_MS,
  WebSocketChannel,
  endAndDestroy,
} from "../transports/websocket/channel.js";
import { CloseCode } from "../transports/websocket/frame.js";
import {
  checkUpgradeRequest,
  switchingProtocols,
  wantsWebSocket,
} from "../transports/websocket/handshake.js";
import { DEFAULT_MAX_MESSAGE_SIZE } from "../wire/framing.js";
import {
  type HttpAccessOptions,
  authenticate,
  bearerToken,
  corsHeaders,
  originAllowed,
  preflightHeaders,
} from "./access.js";
import type { VarlinkBackends } from "./backends.js";
import { serveServiceInfo, serveServiceList } from "./introspection.js";
import { serveCall } from "./simple-call.js";
import { sendMessage } from "./status.js";
import { tunnel } from "./tunnel.js";
import { asPlainRequest } from "./plain-upgrade.js";

/** Idle time before TCP keepalive probes start on a WebSocket tunnel's socket. */
const TUNNEL_KEEPALIVE_MS = 30_000;

/** Options of {@link createHttpFront}. */
export interface HttpFrontOptions extends HttpAccessOptions {
  /** The services served (`addressBackends`, `registryBackends`, `serverBackends`). */
  backends: VarlinkBackends;
  /** The base path the routes are below (default `/`), e.g. `/varlink/`. */
  basePath?: string;
  /** Largest Varlink message, either way, in WebSocket mode and in replies (default 16 MiB, the socket server's). */
  maxMessageSize?: number;
  /** Largest simple-mode request body (default 1 MiB); a larger one gets 413. */
  maxBodySize?: number;
  /** WebSocket tunnels open at once (default 1024); more are answered 503. */
  maxWebSockets?: number;
  /** Close a WebSocket with no call owed a reply and no traffic for this long (default 5 min; 0: never). */
  idleTimeoutMs?: number;
  /**
   * A connection we close (a refused upgrade, a WebSocket's close frame) is destroyed once our
   * last bytes are written, or after this long at the latest (default 5 s): a client that stops
   * reading cannot keep it open.
   */
  closeTimeoutMs?: number;
  /**
   * Told of a refused token (why `verify` refused it; the caller only gets 401) and of a failure
   * of the front itself (answered 500). Default: a process warning (type `VarlinkHttpError`) for
   * failures, nothing for refused tokens (a warning per hostile request would flood the log).
   */
  onError?: (error: unknown, context: string) => void;
}

/** node:http handlers of the front. */
export interface HttpFront {
  /** The `request` listener. */
  request(req: IncomingMessage, res: ServerResponse): void;
  /** The `upgrade` listener (WebSocket mode). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Open WebSocket tunnels. */
  readonly webSockets: number;
  /** Closes every open WebSocket (1001, going away): node's server does not track upgraded sockets. */
  closeWebSockets(): void;
}

/** A route below the base path. */
type Route =
  | { kind: "call"; service: string | undefined; method: string }
  | { kind: "services" }
  | { kind: "service"; service: string; iface: string | undefined }
  | { kind: "ws"; service: string }
  | { kind: "health" };

/** The route of `segments` (decoded path segments below the base), or undefined. @internal */
export function route(segments: readonly string[]): Route | undefined {
  const [first, second, third, ...rest] = segments;
  if (rest.length > 0) return undefined;
  switch (first) {
    case "call":
      if (second === undefined || second === "") return undefined;
      return third === undefined
        ? { kind: "call", service: undefined, method: second }
        : { kind: "call", service: second, method: third };
    case "services":
      if (second === undefined) return third === undefined ? { kind: "services" } : undefined;
      return { kind: "service", service: second, iface: third };
    case "ws":
      return second === "services" && third !== undefined ? { kind: "ws", service: third } : undefined;
    case "health":
      return second === undefined ? { kind: "health" } : undefined;
    default:
      return undefined;
  }
}

/** The path segments below `base`, decoded; undefined when the path is not below it. */
function segmentsBelow(pathname: string, base: string): string[] | undefined {
  if (!pathname.startsWith(base)) return undefined;
  const rest = pathname.slice(base.length).replace(/\/$/, "");
  if (rest === "") return [];
  try {
    return rest.split("/").map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

/** The method a route answers. */
function methodOf(route: Route): string {
  return route.kind === "call" ? "POST" : "GET";
}

/** Builds the front's handlers. */
export function createHttpFront(options: HttpFrontOptions): HttpFront {
  const base = `/${(options.basePath ?? "/").replace(/^\/+|\/+$/g, "")}/`.replace("//", "/");
  const maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  const maxBodySize = options.maxBodySize ?? 1024 * 1024;
  const maxWebSockets = options.maxWebSockets ?? 1024;
  const idleTimeoutMs = options.idleTimeoutMs ?? 5 * 60_000;
  const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
  const { backends } = options;
  let webSockets = 0;
  const open = new Set<WebSocketChannel>();

  /** Parses the URL and runs the checks every request gets; undefined when refused (answered). */
  const admit = async (
    req: IncomingMessage,
    refuse: (status: number, message: string, headers?: Record<string, string>) => void,
    websocket: boolean,
  ): Promise<{ route: Route; query: URLSearchParams; cors: Record<string, string> } | undefined> => {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://front.invalid");
    } catch {
      refuse(400, "malformed request target");
      return undefined;
    }
    const segments = segmentsBelow(url.pathname, base);
    const found = segments === undefined ? undefined : route(segments);
    if (!originAllowed(req, options.allowedOrigins)) {
      refuse(403, `origin '${req.headers.origin ?? ""}' is not allowed`);
      return undefined;
    }
    const cors = corsHeaders(req);
    if (found === undefined) {
      refuse(404, `no route for ${url.pathname}`, cors);
      return undefined;
    }
    if ((found.kind === "ws") !== websocket) {
      refuse(
        websocket ? 404 : 426,
        websocket ? "not a WebSocket endpoint" : "expected a WebSocket upgrade",
        cors,
      );
      return undefined;
    }
    if (req.method !== methodOf(found)) {
      refuse(405, `use ${methodOf(found)} for ${url.pathname}`, { ...cors, Allow: methodOf(found) });
      return undefined;
    }
    if (found.kind !== "health") {
      const peer = socketPeer(req.socket, "http");
      const principal = await authenticate(
        options.verify,
        bearerToken(req, url.searchParams, websocket),
        peer,
        (error) => options.onError?.(error, `token refused for ${url.pathname}`),
      );
      if (principal === undefined) {
        refuse(401, "missing or refused bearer token", { ...cors, "WWW-Authenticate": "Bearer" });
        return undefined;
      }
    }
    return { route: found, query: url.searchParams, cors };
  };

  const request = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === "OPTIONS") {
      if (!originAllowed(req, options.allowedOrigins)) sendMessage(res, 403, "origin not allowed");
      else {
        res.writeHead(204, preflightHeaders(req));
        res.end();
      }
      return;
    }
    const admitted = await admit(
      req,
      (status, message, headers) => sendMessage(res, status, message, headers),
      false,
    );
    if (admitted === undefined) return;
    const { route: r, query, cors } = admitted;
    const context = { backends, maxMessageSize, maxBodySize, headers: cors };
    switch (r.kind) {
      case "call":
        return serveCall(req, res, context, r.method, r.service, query);
      case "services":
        return serveServiceList(res, context);
      case "service":
        return serveServiceInfo(res, context, r.service, r.iface);
      case "health":
        sendMessage(res, 200, "ok", cors);
        return;
      case "ws":
        return;
    }
  };

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    // node sends every `Upgrade:` here; one we do not speak (`h2c` from curl --http2) is a plain request.
    const refuse = (status: number, message: string, headers: Record<string, string> = {}): void => {
      const body = JSON.stringify({ message });
      const lines = Object.entries({
        ...headers,
        "Content-Type": "application/json",
        "Content-Length": String(Buffer.byteLength(body)),
        Connection: "close",
      }).map(([k, v]) => `${k}: ${v}\r\n`);
      // Upgrade sockets are half-open and under no timeout: close both ways once written.
      endAndDestroy(
        socket,
        closeTimeoutMs,
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n${lines.join("")}\r\n${body}`,
      );
    };
    socket.on("error", () => socket.destroy());
    // node sends every `Upgrade:` here; one we do not speak (`h2c` from curl --http2) is a plain request.
    if (!wantsWebSocket(req.headers)) {
      const plain = asPlainRequest(req, socket as Socket, head, closeTimeoutMs);
      return plain === undefined ? undefined : request(plain.req, plain.res);
    }
    const admitted = await admit(req, refuse, true);
    if (admitted === undefined || admitted.route.kind !== "ws") return;
    const handshake = checkUpgradeRequest(req.headers);
    if ("problem" in handshake) {
      refuse(handshake.status, handshake.problem, { ...admitted.cors, ...handshake.headers });
      return;
    }
    if (webSockets >= maxWebSockets) {
      refuse(503, "too many WebSocket connections", admitted.cors);
      return;
    }
    const service = admitted.route.service;
    webSockets++;
    let backend;
    try {
      backend = await backends.open(service);
    } catch (error) {
      webSockets--;
      refuse(502, `cannot reach service '${service}': ${(error as Error).message}`, admitted.cors);
      return;
    }
    if (backend === undefined) {
      webSockets--;
      refuse(404, `unknown service '${service}'`, admitted.cors);
      return;
    }
    if (socket.destroyed) {
      webSockets--;
      backend.destroy();
      return;
    }
    // With a call owed, the tunnel's idle timer is off: TCP keepalive is what notices a peer
    // that vanished (no FIN), so the tunnel and its backend connection do not stay for ever.
    (socket as Socket).setKeepAlive(true, TUNNEL_KEEPALIVE_MS);
    socket.write(switchingProtocols(handshake.key));
    const channel = new WebSocketChannel(socket as Socket, "server", `websocket peer of ${service}`, head, {
      maxMessageSize,
      closeTimeoutMs,
    });
    open.add(channel);
    const closed = (): void => {
      webSockets--;
      open.delete(channel);
    };
    tunnel(channel, backend, { maxMessageSize, idleTimeoutMs, closed });
  };

  // A bug of ours (or a backend's services() throwing) is one 500, never an unhandled rejection.
  const failed = (error: unknown, what: string): void => {
    if (options.onError !== undefined) options.onError(error, what);
    else
      emitWarning(`HTTP front: ${what} failed: ${(error as Error)?.message ?? String(error)}`, {
        type: "VarlinkHttpError",
      });
  };
  return {
    request: (req, res) =>
      void request(req, res).catch((error: unknown) => {
        failed(error, `${req.method ?? "?"} ${req.url ?? ""}`);
        if (res.headersSent) res.destroy();
        else sendMessage(res, 500, "internal error");
      }),
    upgrade: (req, socket, head) =>
      void upgrade(req, socket, head).catch((error: unknown) => {
        failed(error, `upgrade ${req.url ?? ""}`);
        socket.destroy();
      }),
    get webSockets() {
      return webSockets;
    },
    closeWebSockets() {
      for (const channel of open) channel.close(CloseCode.GoingAway, "shutting down");
    },
  };
}
