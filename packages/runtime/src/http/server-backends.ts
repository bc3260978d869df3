/**
 * Direct serving: a `VarlinkServer` behind the HTTP front without a bridge process. Each
 * request (or WebSocket) gets an in-memory channel served by the server like any socket
 * connection, so limits, interceptors and handlers apply unchanged.
 */
import type { VarlinkServer } from "../server/server.js";
import { createChannelPair } from "../transports/memory.js";
import type { Channel } from "../transports/transport.js";
import type { VarlinkBackends } from "./backends.js";

/** Options of {@link serverBackends}. */
export interface ServerBackendsOptions {
  /**
   * The service names the server answers to (default: the interfaces it implements, so
   * `POST …/call/{interface}.{Method}` finds it by the method's interface, as UAPI.20 derives it).
   */
  names?: readonly string[];
}

/** The server as the only backend, under its interface names (or `options.names`). */
export function serverBackends(server: VarlinkServer, options: ServerBackendsOptions = {}): VarlinkBackends {
  const connect = (): Channel => {
    const [client, served] = createChannelPair();
    server.serveChannel(served);
    return client;
  };
  const names = (): readonly string[] => options.names ?? server.interfaceNames();
  return {
    services: () => Promise.resolve([...names()].sort()),
    open: (service) => Promise.resolve(names().includes(service) ? connect() : undefined),
  };
}
