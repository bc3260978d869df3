/**
 * The Varlink server: interfaces and their handlers, listeners, connections, and the built-in
 * `org.varlink.service` interface.
 */
import type * as net from "node:net";
import { type ActivationEnvironment, listenFds, varlinkFds } from "../transports/activation.js";
import { parseAddress } from "../transports/address.js";
import { BufferBudget } from "../wire/budget.js";
import type { ConnectionLimits } from "../wire/connection.js";
import { resolveTimeouts } from "./deadlines.js";
import type { InterfaceDefinition, MethodDefinition } from "./definitions.js";
import {
  AddressError,
  InterfaceNotFoundError,
  InvalidParameterError,
  MethodNotFoundError,
  type VarlinkError,
} from "../errors.js";
import { SocketChannel, type SocketListener, listenSocket } from "../transports/node-socket.js";
import { type TlsListener, listenTls } from "../transports/tls.js";
import type { TlsServerOptions } from "../security/tls-options.js";
import { type Dispatcher, ServerConnection, type ServerConnectionOptions } from "./server-connection.js";
import { SERVICE_DESCRIPTION, SERVICE_INTERFACE } from "./service-interface.js";
import type { Channel } from "../transports/transport.js";
import { type ServerInterceptor, callHandler, chainServerInterceptors } from "./interceptor.js";
import { type Peer, socketPeer } from "./peer.js";
import { type ErrorReporter, report, warnOnError } from "./report.js";
import type { ConnectionObserver } from "../observability/connection-observer.js";
import {
  type Logger,
  type LoggingOptions,
  logHandlerErrors,
  serverLogInterceptor,
} from "../observability/logging.js";
import { type AuthenticationOptions, Authenticator } from "./authentication.js";
import { IdentityLimit } from "./identity-limit.js";

/** Options of a {@link VarlinkServer}; vendor..url are what `GetInfo` answers. */
export interface ServerOptions {
  vendor: string;
  product: string;
  version: string;
  url: string;
  /**
   * Connections served at once (default 4096, like systemd). At the limit a new connection
   * replaces the longest-idle one (no call in progress); when every one is busy it is closed.
   */
  maxConnections?: number;
  /**
   * Connections from one remote IP address on tcp listeners (default 1024, systemd's per-uid
   * limit); more are closed on accept. Unix peers are not told apart (no uid without native code).
   */
  maxConnectionsPerPeer?: number;
  /**
   * Connections one identity may hold (default: no limit): a TLS client certificate (by
   * fingerprint; more are closed on accept) and a token's issuer and subject (an `Authenticate`
   * over the limit is answered `org.varlink.codegen.auth.TooManyConnections` and the connection
   * closes). See docs/security.md, "Limits".
   */
  maxConnectionsPerIdentity?: number;
  /**
   * Bearer-token authentication (docs/security.md, "Authentication"): serves
   * `org.varlink.codegen.auth.Authenticate`, and every other call of a connection that has not
   * authenticated (or whose identity expired) is answered `org.varlink.service.PermissionDenied`
   * (but `unauthenticated` methods). Handlers see the identity as `context.principal`.
   */
  authentication?: AuthenticationOptions;
  /** Largest message accepted (default 16 MiB); a larger one closes that connection. */
  maxMessageSize?: number;
  /**
   * Bytes all connections may keep for unfinished messages, counted as allocated (default
   * 128 MiB). Over it, the connection holding the most is closed.
   */
  maxBufferedBytes?: number;
  /** Close a connection with no call in progress and no bytes either way for this long (default 5 min; 0 or Infinity: never). */
  idleTimeoutMs?: number;
  /** Close a connection whose message is not finished this long after its first byte (default 45 s; 0 or Infinity: never). */
  frameTimeoutMs?: number;
  /** Calls read on one connection and not yet answered before reading pauses (default 128). */
  maxPendingCalls?: number;
  /**
   * Wrap every call after method lookup and parameter validation (see docs/runtime.md,
   * "Interceptors"); the first runs outermost. None: the handler is called directly.
   */
  interceptors?: readonly ServerInterceptor[];
  /**
   * Told of every failure answered `org.varlink.service.InternalError` (a thrown non-Varlink
   * error, a reply that cannot be encoded), with the error (stack included) and the call. The
   * wire gets `InternalError` with `{}` either way. Default: a process warning
   * (`process.emitWarning`, type `VarlinkInternalError`), so failures are never silent. For a
   * pino-style logger: `onError: (err, call) => log.error({ err, method: call.method }, "call failed")`.
   * With `authentication`, also told why each refused token was refused (the caller is not).
   */
  onError?: ErrorReporter;
  /**
   * A pino-style logger: one record per call (method, outcome, duration, connection, peer;
   * parameters only for `logging.logParameters`), written by an interceptor outside
   * `interceptors`; without `onError`, handler failures go to it too, stack included
   * (docs/observability.md).
   */
  logger?: Logger;
  /** Levels and parameter opt-ins of `logger`'s records. */
  logging?: LoggingOptions;
  /** Told of connections opening and closing and of the bytes read and written (metrics). */
  observer?: ConnectionObserver;
}

/** A peer as one line of text (for a {@link ConnectionObserver}). */
function peerText(peer: Peer): string {
  if (peer.remoteAddress !== undefined) return `${peer.remoteAddress}:${peer.remotePort ?? ""}`;
  return peer.listener ?? "channel";
}

/** A bound listening socket. */
export interface ServerListener {
  /** The bound address, e.g. `tcp:127.0.0.1:40123` when listening on port 0. */
  readonly address: string;
  /** Stops accepting on this listener (open connections stay). */
  close(): Promise<void>;
  /**
   * `tls:` listeners: re-reads the certificate, key and CA files now (as a watched change
   * does); rejects, keeping the old certificate, when the new ones do not load.
   */
  reload?(): Promise<void>;
}

/** Options of {@link VarlinkServer.listen}. */
export interface ListenOptions {
  /** The certificate and client checks of a `tls:` address (required for it); see docs/security.md. */
  tls?: TlsServerOptions;
}

interface RegisteredInterface {
  readonly definition: InterfaceDefinition;
  /** A Map, not the user's object: a method named `__proto__` or `toString` finds nothing. */
  readonly methods: ReadonlyMap<string, MethodDefinition>;
}

/** Options of {@link VarlinkServer.close}. */
export interface CloseOptions {
  /** After this many ms, close the connections still busy (their handlers' signals abort). */
  timeoutMs?: number;
}

/**
 * A Varlink service. Register interfaces, then `listen()` on addresses (or `serveChannel()` for
 * in-memory channels). Calls on one connection run concurrently; replies go out in call order.
 */
export class VarlinkServer {
  readonly #options: ServerOptions;
  readonly #interfaces = new Map<string, RegisteredInterface>();
  readonly #connections = new Set<ServerConnection>();
  /** An `exactIntegers` interface is registered: connections parse big ints as bigints. */
  #exactIntegers = false;
  readonly #listeners = new Set<SocketListener>();
  /** The remote address of each tcp connection. */
  readonly #peerOf = new Map<ServerConnection, string>();
  readonly #limits: ConnectionLimits;
  /** `maxConnections` and `maxConnectionsPerPeer` with their defaults (the TLS handshake limits too). */
  readonly #maxConnections: number;
  readonly #maxPerPeer: number;
  #closing = false;
  readonly #dispatcher: Dispatcher;
  readonly #auth: Authenticator | undefined;
  readonly #identities: IdentityLimit<ServerConnection> | undefined;

  constructor(options: ServerOptions) {
    this.#options = { ...options };
    const max = options.maxConnectionsPerIdentity;
    this.#identities = max === undefined ? undefined : new IdentityLimit(max);
    const { logger, observer } = options;
    const auth = options.authentication;
    // The operator's report: onError, else the logger. Without either, handler failures and
    // refused tokens are process warnings (each its own type).
    const reporter = options.onError ?? (logger === undefined ? undefined : logHandlerErrors(logger));
    this.#auth = auth === undefined ? undefined : new Authenticator(auth, reporter, this.#identities);
    // Logging runs outermost (it records refused calls too), then authentication: nothing else
    // sees a call it refuses.
    const interceptors = [
      ...(logger === undefined ? [] : [serverLogInterceptor(logger, options.logging)]),
      ...(this.#auth === undefined ? [] : [this.#auth.interceptor]),
      ...(options.interceptors ?? []),
    ];
    const onError = reporter ?? warnOnError;
    this.#dispatcher = {
      lookup: (method) => this.#lookup(method),
      closed: (connection) => {
        this.#forget(connection);
        observer?.closed(connection.id);
      },
      invoke: interceptors.length === 0 ? undefined : chainServerInterceptors(interceptors, callHandler),
      report: (error, context) => report(onError, error, context),
    };
    this.#maxConnections = options.maxConnections ?? 4096;
    this.#maxPerPeer = options.maxConnectionsPerPeer ?? 1024;
    this.#limits = {
      budget: new BufferBudget(options.maxBufferedBytes),
      timeouts: resolveTimeouts(options),
      observer,
    };
    this.#interfaces.set(SERVICE_INTERFACE, {
      definition: { name: SERVICE_INTERFACE, description: SERVICE_DESCRIPTION, methods: {} },
      methods: new Map<string, MethodDefinition>([
        ["GetInfo", { handler: () => this.#info() }],
        ["GetInterfaceDescription", { handler: (p) => this.#describe(p["interface"]) }],
      ]),
    });
    if (this.#auth !== undefined) this.addInterface(this.#auth.definition());
  }

  /** Adds an interface. Its name must be unique and not `org.varlink.service`. */
  addInterface(definition: InterfaceDefinition): void {
    if (this.#interfaces.has(definition.name)) {
      throw new Error(`interface ${definition.name} is already registered`);
    }
    const methods = new Map<string, MethodDefinition>();
    for (const name of Object.keys(definition.methods)) {
      const method = definition.methods[name];
      if (method !== undefined) methods.set(name, method);
    }
    this.#interfaces.set(definition.name, { definition, methods });
    if (definition.exactIntegers === true && !this.#exactIntegers) {
      this.#exactIntegers = true;
      for (const connection of this.#connections) connection.parseExactIntegers();
    }
  }

  /** The names of the interfaces served, `org.varlink.service` included (what `GetInfo` lists). */
  interfaceNames(): string[] {
    return [...this.#interfaces.keys()];
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /**
   * Listens on `unix:/path[;mode=0600]`, `unix:@name`, `tcp:host:port` or `tls:host:port` with
   * `options.tls` (port 0 picks one; the listener's `address` has it). A stale unix socket file
   * is replaced.
   */
  async listen(address: string, options: ListenOptions = {}): Promise<ServerListener> {
    const parsed = parseAddress(address);
    // Peers see the bound address (the port picked for port 0), set before any accept runs.
    let name = address;
    if (parsed.kind === "tls") {
      if (options.tls === undefined)
        throw new AddressError(address, "a tls: listener needs the tls option (cert and key)");
      const bound = await listenTls(parsed, address, options.tls, (socket) => this.#accept(socket, name), {
        perPeer: this.#maxPerPeer,
        total: this.#maxConnections,
      });
      name = bound.address;
      return this.#track(bound);
    }
    const path = parsed.kind !== "unix" ? undefined : `${parsed.abstract ? "@" : ""}${parsed.path}`;
    const bound = await listenSocket(parsed, address, (socket) => this.#accept(socket, name, path));
    name = bound.address;
    return this.#track(bound);
  }

  /**
   * Listens on the sockets passed by systemd socket activation (LISTEN_FDS / LISTEN_PID /
   * LISTEN_PIDFDID / LISTEN_FDNAMES; see `listenFds`): the only one passed, or of several those
   * named `varlink` (UAPI.20); `names` picks by other LISTEN_FDNAMES names instead. Returns no
   * listener when the process was not socket-activated; throws when several fds were passed and
   * none is named `varlink` (a unit without `FileDescriptorName=varlink`).
   */
  async listenActivated(
    options: ActivationEnvironment & { names?: readonly string[] } = {},
  ): Promise<ServerListener[]> {
    const passed = listenFds(options);
    const names = options.names;
    const chosen = names === undefined ? varlinkFds(passed) : passed.filter((f) => names.includes(f.name));
    if (names === undefined && chosen.length === 0 && passed.length > 0) {
      const given = passed.map((f) => f.name).join(":");
      throw new Error(
        `socket activation passed ${passed.length} fds (LISTEN_FDNAMES=${given}), none named 'varlink'`,
      );
    }
    const listeners: ServerListener[] = [];
    for (const { fd } of chosen) {
      const text = `fd:${fd}`;
      const bound = await listenSocket({ kind: "fd", fd }, text, (socket) => this.#accept(socket, text));
      listeners.push(this.#track(bound));
    }
    return listeners;
  }

  /**
   * Serves one already-connected channel (in-memory pairs, custom transports). `peer`: who is on
   * the other end, when the transport knows (e.g. a TLS terminator's verified client
   * certificate); default: nothing known. A fresh frozen object per connection.
   */
  serveChannel(channel: Channel, peer?: Peer): void {
    this.#serve(channel, undefined, peer === undefined ? undefined : Object.freeze({ ...peer }));
  }

  #serve(channel: Channel, remote: string | undefined, peer: Peer | undefined): void {
    if (this.#closing || !this.#makeRoom()) {
      channel.destroy();
      return;
    }
    const options: ServerConnectionOptions = { exactIntegers: this.#exactIntegers, limits: this.#limits };
    if (this.#options.maxMessageSize !== undefined) options.maxMessageSize = this.#options.maxMessageSize;
    if (this.#options.maxPendingCalls !== undefined) options.maxPendingCalls = this.#options.maxPendingCalls;
    if (peer !== undefined) options.peer = peer;
    const connection = new ServerConnection(channel, this.#dispatcher, options);
    this.#connections.add(connection);
    if (remote !== undefined) this.#peerOf.set(connection, remote);
    this.#options.observer?.opened(connection.id, peerText(connection.peer));
    this.#auth?.opened(connection);
    const tls = peer?.tls;
    if (
      tls?.authorized === true &&
      this.#identities?.admit(connection, "tls", tls.fingerprint256) === false
    ) {
      connection.destroy();
    }
  }

  /**
   * True when a new connection may be served: below the limit, or after closing the connection
   * idle the longest, so a table full of idle (or hostile, silent) connections still admits
   * clients. A scan of the table, only when it is full.
   */
  #makeRoom(): boolean {
    if (this.#connections.size < this.#maxConnections) return true;
    // With authentication, an idle anonymous connection goes first: anonymous peers evict an
    // authenticated one only when no anonymous one is idle.
    const oldest =
      (this.#auth === undefined ? undefined : this.#idleLongest((c) => c.principal === undefined)) ??
      this.#idleLongest(() => true);
    if (oldest === undefined) return false;
    this.#forget(oldest);
    oldest.destroy();
    return true;
  }

  /** The idle connection among `which` idle the longest. */
  #idleLongest(which: (connection: ServerConnection) => boolean): ServerConnection | undefined {
    let oldest: ServerConnection | undefined;
    let since = Infinity;
    for (const connection of this.#connections) {
      const idle = connection.idleSince;
      if (idle !== undefined && idle < since && which(connection)) {
        since = idle;
        oldest = connection;
      }
    }
    return oldest;
  }

  #forget(connection: ServerConnection): void {
    this.#connections.delete(connection);
    this.#peerOf.delete(connection);
    this.#auth?.closed(connection);
    this.#identities?.release(connection);
  }

  /**
   * Graceful close: stop accepting, read no new calls, answer the calls already read, then close
   * each connection. With `timeoutMs`, connections still busy after that are closed by force.
   */
  async close(options: CloseOptions = {}): Promise<void> {
    this.#closing = true;
    const listeners = [...this.#listeners].map((l) => l.close());
    const connections = [...this.#connections].map((c) => c.shutdown());
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        for (const connection of this.#connections) connection.destroy();
      }, options.timeoutMs);
    }
    try {
      await Promise.all([...listeners, ...connections]);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }

  #track(bound: SocketListener | TlsListener): ServerListener {
    this.#listeners.add(bound);
    const listener: ServerListener = {
      address: bound.address,
      close: () => {
        this.#listeners.delete(bound);
        return bound.close();
      },
    };
    return "reload" in bound ? { ...listener, reload: bound.reload } : listener;
  }

  #accept(socket: net.Socket, address: string, socketPath?: string): void {
    // remoteAddress is set for tcp only; unix peers all look alike to node.
    // A scan of the tcp connections per accept: cheap next to the accept itself.
    const peer = socket.remoteAddress;
    let same = 0;
    if (peer !== undefined) for (const other of this.#peerOf.values()) if (other === peer) same++;
    if (same >= this.#maxPerPeer) {
      socket.destroy();
      return;
    }
    this.#serve(
      new SocketChannel(socket, `peer on ${address}`),
      peer,
      socketPeer(socket, address, socketPath),
    );
  }

  #lookup(method: string): MethodDefinition | VarlinkError {
    const dot = method.lastIndexOf(".");
    if (dot <= 0 || dot === method.length - 1) return new InvalidParameterError("method");
    const iface = this.#interfaces.get(method.slice(0, dot));
    if (iface === undefined) return new InterfaceNotFoundError(method.slice(0, dot));
    return iface.methods.get(method.slice(dot + 1)) ?? new MethodNotFoundError(method);
  }

  #info(): object {
    const { vendor, product, version, url } = this.#options;
    return { vendor, product, version, url, interfaces: [...this.#interfaces.keys()] };
  }

  #describe(name: unknown): object {
    const iface = typeof name === "string" ? this.#interfaces.get(name) : undefined;
    // Like varlink/go and systemd: an unknown interface is an invalid `interface` parameter.
    if (iface === undefined) throw new InvalidParameterError("interface");
    return { description: iface.definition.description };
  }
}
