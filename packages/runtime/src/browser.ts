/**
 * The runtime for browsers (and Deno, Bun, workers): what `@varlink-codegen/runtime` resolves to
 * under the `browser`, `deno` and `worker` export conditions. The client side of the Node entry
 * with no `node:` module reachable (eslint and test/browser check it): generated clients work
 * unchanged, over WebSocket mode (`ws://…/ws/services/{service}`, `wss://…`, on
 * `globalThis.WebSocket`) or simple HTTP mode ({@link HttpCaller}, or an `http(s)://` base URL as
 * a `ServiceClient` target). Servers, unix/tcp/tls/exec addresses and DNS discovery are Node's:
 * the server names generated modules import are here as types only, and `serviceHandler` (used
 * by their service definitions) is pure. See docs/browser.md.
 *
 * @packageDocumentation
 */

// ---- Clients.
export { VarlinkClient, type CallOptions, type ClientOptions, type UpgradeResult } from "./client/client.js";
export type { VarlinkCaller } from "./client/caller.js";
export type { MoreCallOptions, OnewayCallOptions } from "./client/call-flags.js";
export type { Extensions, ReplyHeader } from "./wire/header.js";
export { ServiceClient, type ServiceClientOptions } from "./client/service-client.js";
export { HTTP_ERROR, HttpCaller, type Fetch, type HttpCallerOptions } from "./client/http-caller.js";
export { AuthenticationError, type Token, type TokenProvider } from "./client/token.js";
export { ConnectionPool, type PoolOptions } from "./client/pool.js";
export * from "./client/interceptor.js";
export { CircuitBreaker, type BreakerOptions, type BreakerState } from "./client/resilience/breaker.js";
export { retryInterceptor, type RetryOptions } from "./client/resilience/retry.js";
export { staticEndpoints } from "./client/discovery/static.js";
export { clientLogInterceptor, type Logger, type LoggingOptions } from "./observability/logging.js";
export type { Channel, ChannelHandlers, Transport } from "./transports/transport.js";

// ---- Errors: all of them (the Node entry lists the same).
export * from "./errors.js";

// ---- What generated modules import besides the client (validators; service definitions'
// types). Values must be the Node entry's own (the same modules), so `instanceof` agrees.
export type { VarlinkServer } from "./server/server.js";
export type * from "./server/definitions.js";
export * from "./validate/validate.js";
export { omitEach, omitValues, type Omitter } from "./validate/omit.js";
export { serviceHandler } from "./server/handlers.js";
export * from "./client/typed-calls.js";
