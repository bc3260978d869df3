/**
 * varlink-codegen's wire runtime: a zero-dependency Varlink client and server on node: builtins.
 * Usable on its own with untyped calls, and the base of generated clients and skeletons.
 *
 * Symbols marked `@internal` (on their declarations) are for generated code and tests; they do
 * not follow semver.
 *
 * @packageDocumentation
 */

// The Node platform: unix, tcp, tls, exec and ssh addresses and node:dns behind the client's
// transport seam (transports/platform.ts). The browser entry (browser.ts) leaves it out.
import "./transports/node-platform.js";

// ---- Client and server: the API generated code and applications use.
export { VarlinkClient, type CallOptions, type ClientOptions, type UpgradeResult } from "./client/client.js";
export type { VarlinkCaller } from "./client/caller.js";
export type { MoreCallOptions, OnewayCallOptions } from "./client/call-flags.js";
export type { Extensions, ReplyHeader } from "./wire/header.js";
export { ServiceClient, type ServiceClientOptions } from "./client/service-client.js";
export {
  AuthenticationError,
  DEFAULT_TOKEN_REFRESH_AHEAD_MS,
  type Token,
  type TokenProvider,
} from "./client/token.js";
export { ConnectionPool, type PoolOptions } from "./client/pool.js";
export {
  chainInterceptors,
  type CallKind,
  type ClientInterceptor,
  type ClientRequest,
  type ClientResponse,
  type Invoke,
} from "./client/interceptor.js";
export type { Balancer, EndpointSource, EndpointView } from "./client/endpoints.js";
export { backoffDelay, type BackoffOptions } from "./client/backoff.js";
export { CircuitBreaker, type BreakerOptions, type BreakerState } from "./client/resilience/breaker.js";
export { retryInterceptor, type RetryOptions } from "./client/resilience/retry.js";
export type { RetryBudgetOptions } from "./client/resilience/retry-budget.js";
export {
  VarlinkServer,
  type CloseOptions,
  type ListenOptions,
  type ServerListener,
  type ServerOptions,
} from "./server/server.js";
export {
  chainServerInterceptors,
  type ServerCall,
  type ServerInterceptor,
  type ServerInvoke,
  type ServerOutcome,
} from "./server/interceptor.js";
export type { Peer, TlsPeer } from "./server/peer.js";
export type { Principal, TokenVerifier } from "./server/principal.js";
export { type AuthenticationOptions, DEFAULT_AUTH_TIMEOUT_MS } from "./server/authentication.js";
export { type AuthorizeCheck, authorize } from "./server/authorize.js";
export { type IdentityMatch, type PolicyRule, policy } from "./server/policy.js";
export {
  AUTHENTICATE,
  AUTH_DESCRIPTION,
  AUTH_INTERFACE,
  AuthErrors,
  AuthenticationFailedError,
  TooManyConnectionsError,
} from "./wire/auth-interface.js";
export type {
  PemSource,
  TlsClientOptions,
  TlsCommonOptions,
  TlsServerOptions,
} from "./security/tls-options.js";
export {
  type Closable,
  type CloseOnSignalsOptions,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  closeOnSignals,
} from "./server/signals.js";
export { type ErrorReporter, warnOnError } from "./server/report.js";
export type {
  CallContext,
  InterfaceDefinition,
  MethodDefinition,
  MethodHandler,
  OnlyKnownHandlers,
  StreamEnd,
  ValidationIssue,
} from "./server/definitions.js";

// ---- Observability (docs/observability.md): call logs, and the hooks the otel and prometheus
// entry points build on (they are separate entry points: this one never loads their peers).
export {
  CALL_MESSAGE,
  clientLogInterceptor,
  logHandlerErrors,
  serverLogInterceptor,
  type LogLevel,
  type Logger,
  type LoggingOptions,
} from "./observability/logging.js";
export { CONNECTION_ID, type ConnectionObserver } from "./observability/connection-observer.js";
export { TRACE_EXTENSION, traceCarrierOf, withTraceCarrier } from "./observability/trace-context.js";
export { watchStream, type StreamEnding, type StreamHooks } from "./observability/stream-watch.js";
export { outcomeOf, peerFields, type PeerFields, type Side } from "./observability/outcome.js";

// ---- Errors: handlers throw VarlinkError; clients catch these.
export {
  AddressError,
  CircuitOpenError,
  ClientErrors,
  ConnectionError,
  ExpectedMoreError,
  ExpectedUpgradeError,
  INTERNAL_ERROR,
  InterfaceNotFoundError,
  InvalidParameterError,
  MethodNotFoundError,
  MethodNotImplementedError,
  NoEndpointError,
  PermissionDeniedError,
  PoolExhaustedError,
  ProtocolError,
  ServiceErrors,
  TimeoutError,
  VarlinkError,
  isErrorReply,
  isExpectedMore,
  isExpectedUpgrade,
  isInterfaceNotFound,
  isInvalidParameter,
  isMethodNotFound,
  isMethodNotImplemented,
  isPermissionDenied,
  isVarlinkError,
  toVarlinkError,
  type ErrorKind,
  type VarlinkErrorOptions,
} from "./errors.js";

// ---- Addresses and socket activation.
export {
  formatAddress,
  parseAddress,
  type ExecAddress,
  type TcpAddress,
  type TlsAddress,
  type UnixAddress,
  type VarlinkAddress,
} from "./transports/address.js";
export {
  setPlaintextWarningReporter,
  type PlaintextWarningReporter,
} from "./transports/plaintext-warning.js";
export {
  listenFds,
  varlinkFds,
  type ActivationEnvironment,
  type ActivationFd,
} from "./transports/activation.js";

// ---- Lower layers: framing and channels (custom transports, in-process wiring, tests).
export { DEFAULT_MAX_MESSAGE_SIZE, FrameDecoder, FrameTooLargeError, encodeFrame } from "./wire/framing.js";
export type { Channel, ChannelHandlers, Transport } from "./transports/transport.js";
export { createChannelPair, MemoryChannel, type ChannelPairOptions } from "./transports/memory.js";
export { SocketChannel } from "./transports/node-socket.js";
export { ProcessChannel, connectProcess } from "./transports/process-channel.js";
export { SERVICE_DESCRIPTION, SERVICE_INTERFACE } from "./server/service-interface.js";
export { mayHoldProtoKey, parseJson, stringifyJson } from "./wire/json.js";

// ---- Balancing and discovery: where a service client's calls go.
export { roundRobin } from "./client/balancing/round-robin.js";
export { leastOutstanding } from "./client/balancing/least-outstanding.js";
export { staticEndpoints } from "./client/discovery/static.js";
export { dnsEndpoints, type DnsEndpointsOptions, type DnsResolver } from "./client/discovery/dns.js";
export {
  DEFAULT_RESOLVER_ADDRESS,
  resolverEndpoints,
  type ResolverEndpointsOptions,
} from "./client/discovery/resolver.js";
export type { RefreshableSource } from "./client/discovery/watch.js";
export { parseTarget, type TargetOptions } from "./client/discovery/target.js";

// ---- For generated code (validators, typed clients and services): @internal, no semver.
// Owned by the code generator (src/runtime/validate.ts).
export {
  ReplyValidationError,
  checkErrorReply,
  checkReply,
  collectIssues,
  describeValue,
  expected,
  fieldPath,
  isInt,
  isObject,
  isReplyValidationError,
  keyPath,
  missing,
  own,
  prefixIssues,
  unknownField,
  replaceOwn,
  toBigInt,
  noProtoKeys,
  type Validator,
} from "./validate/validate.js";
export { omitEach, omitValues, type Omitter } from "./validate/omit.js";
export { serviceHandler } from "./server/handlers.js";
export * from "./client/typed-calls.js";
