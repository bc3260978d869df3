/**
 * varlink-codegen's wire runtime: a zero-dependency Varlink client and server on node: builtins.
 * Usable on its own with untyped calls, and the base of generated clients and skeletons.
 *
 * Symbols marked `@internal` (on their declarations) are for generated code and tests; they do
 * not follow semver.
 *
 * @packageDocumentation
 */

// ---- Client and server: the API generated code and applications use.
export { VarlinkClient, type CallOptions, type ClientOptions, type UpgradeResult } from "./client/client.js";
export type { Extensions, ReplyHeader } from "./wire/header.js";
export {
  VarlinkServer,
  type CloseOptions,
  type ServerListener,
  type ServerOptions,
} from "./server/server.js";
export type {
  CallContext,
  InterfaceDefinition,
  MethodDefinition,
  MethodHandler,
  OnlyKnownHandlers,
  ValidationIssue,
} from "./server/definitions.js";

// ---- Errors: handlers throw VarlinkError; clients catch these.
export {
  AddressError,
  ConnectionError,
  ExpectedMoreError,
  ExpectedUpgradeError,
  INTERNAL_ERROR,
  InterfaceNotFoundError,
  InvalidParameterError,
  MethodNotFoundError,
  MethodNotImplementedError,
  PermissionDeniedError,
  ProtocolError,
  ServiceErrors,
  TimeoutError,
  VarlinkError,
  isExpectedMore,
  isExpectedUpgrade,
  isInterfaceNotFound,
  isInvalidParameter,
  isMethodNotFound,
  isMethodNotImplemented,
  isPermissionDenied,
  isVarlinkError,
  toVarlinkError,
} from "./errors.js";

// ---- Addresses and socket activation.
export {
  formatAddress,
  parseAddress,
  type ExecAddress,
  type TcpAddress,
  type UnixAddress,
  type VarlinkAddress,
} from "./transports/address.js";
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
export { serviceHandler } from "./server/handlers.js";
