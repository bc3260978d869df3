/**
 * UAPI.20's HTTP transport, server side: the front (simple mode, JSON-SEQ streaming,
 * introspection, health, WebSocket mode) and its backends. See docs/http.md.
 */
export {
  type AddressBackendsOptions,
  type VarlinkBackends,
  addressBackends,
  registryBackends,
} from "./backends.js";
export { type ServerBackendsOptions, serverBackends } from "./server-backends.js";
export type { HttpAccessOptions } from "./access.js";
export { type HttpFront, type HttpFrontOptions, createHttpFront } from "./front.js";
export { type HttpListener, type ServeHttpOptions, serveHttp } from "./listen.js";
export { statusOfError } from "./status.js";
