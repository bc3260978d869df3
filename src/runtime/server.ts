/**
 * The Varlink server: interfaces and their handlers, listeners, connections, and the built-in
 * `org.varlink.service` interface.
 */
import type * as net from "node:net";
import { type ActivationEnvironment, listenFds, varlinkFds } from "./activation.js";
import { parseAddress } from "./address.js";
import type { InterfaceDefinition, MethodDefinition } from "./definitions.js";
import {
  InterfaceNotFoundError,
  InvalidParameterError,
  MethodNotFoundError,
  type VarlinkError,
} from "./errors.js";
import { SocketChannel, type SocketListener, listenSocket } from "./node-socket.js";
import { type Dispatcher, ServerConnection, type ServerConnectionOptions } from "./server-connection.js";
import { SERVICE_DESCRIPTION, SERVICE_INTERFACE } from "./service-interface.js";
import type { Channel } from "./transport.js";

/** Options of a {@link VarlinkServer}; vendor..url are what `GetInfo` answers. */
export interface ServerOptions {
  vendor: string;
  product: string;
  version: string;
  url: string;
  /** Connections served at once; more are closed on accept (default 4096, like systemd). */
  maxConnections?: number;
  /** Largest message accepted (default 16 MiB); a larger one closes that connection. */
  maxMessageSize?: number;
  /** Calls read on one connection and not yet answered before reading pauses (default 128). */
  maxPendingCalls?: number;
}

/** A bound listening socket. */
export interface ServerListener {
  /** The bound address, e.g. `tcp:127.0.0.1:40123` when listening on port 0. */
  readonly address: string;
  /** Stops accepting on this listener (open connections stay). */
  close(): Promise<void>;
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
  #closing = false;
  readonly #dispatcher: Dispatcher = {
    lookup: (method) => this.#lookup(method),
    closed: (connection) => this.#connections.delete(connection),
  };

  constructor(options: ServerOptions) {
    this.#options = { ...options };
    this.#interfaces.set(SERVICE_INTERFACE, {
      definition: { name: SERVICE_INTERFACE, description: SERVICE_DESCRIPTION, methods: {} },
      methods: new Map<string, MethodDefinition>([
        ["GetInfo", { handler: () => this.#info() }],
        ["GetInterfaceDescription", { handler: (p) => this.#describe(p["interface"]) }],
      ]),
    });
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

  /** Number of open connections. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /**
   * Listens on `unix:/path[;mode=0600]`, `unix:@name` or `tcp:host:port` (port 0 picks one; the
   * listener's `address` has it). A stale unix socket file is replaced.
   */
  async listen(address: string): Promise<ServerListener> {
    const parsed = parseAddress(address);
    const bound = await listenSocket(parsed, address, (socket) => this.#accept(socket, address));
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

  /** Serves one already-connected channel (in-memory pairs, custom transports). */
  serveChannel(channel: Channel): void {
    if (this.#closing || this.#connections.size >= (this.#options.maxConnections ?? 4096)) {
      channel.destroy();
      return;
    }
    const options: ServerConnectionOptions = { exactIntegers: this.#exactIntegers };
    if (this.#options.maxMessageSize !== undefined) options.maxMessageSize = this.#options.maxMessageSize;
    if (this.#options.maxPendingCalls !== undefined) options.maxPendingCalls = this.#options.maxPendingCalls;
    this.#connections.add(new ServerConnection(channel, this.#dispatcher, options));
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

  #track(bound: SocketListener): ServerListener {
    this.#listeners.add(bound);
    return {
      address: bound.address,
      close: () => {
        this.#listeners.delete(bound);
        return bound.close();
      },
    };
  }

  #accept(socket: net.Socket, address: string): void {
    this.serveChannel(new SocketChannel(socket, `peer on ${address}`));
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
