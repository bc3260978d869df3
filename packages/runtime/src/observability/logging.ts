/**
 * Structured call logs (issue 15): one record per call through a pino-style logger, written by
 * an interceptor the server and clients put outermost when given `logger`. No dependency: any
 * object with `debug/info/warn/error(obj, msg)` works (pino, or a few lines over `console`).
 */
import { VarlinkError } from "../errors.js";
import type { ClientInterceptor, ClientRequest, ClientResponse } from "../client/interceptor.js";
import type { ErrorReporter } from "../server/report.js";
import type { ServerCall, ServerInterceptor, ServerOutcome } from "../server/interceptor.js";
import { isInternal, outcomeOf, peerFields, type Side } from "./outcome.js";
import { CONNECTION_ID } from "./connection-observer.js";
import { watchStream } from "./stream-watch.js";
import { isAsyncIterable } from "../server/server-connection.js";

/** Log levels the records use. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** A pino-style logger (pino's `Logger` fits as is). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** When present (pino has it), records below the logger's level are not even built. */
  isLevelEnabled?(level: string): boolean;
}

/** What to log besides the defaults (`ServerOptions.logging`, `ClientOptions.logging`). */
export interface LoggingOptions {
  /** Level of a call that succeeded (default `"debug"`: quiet at pino's default `info`). */
  okLevel?: LogLevel;
  /**
   * Level of a call answered with an error the service chose (a declared error, `NotFound`...;
   * default `"info"`). `InternalError` (a bug) is always `"error"`; a client's own failures
   * (connection lost, timeout, no endpoint) are `"warn"`.
   */
  errorLevel?: LogLevel;
  /**
   * Methods whose parameters go into their records (fully-qualified names). Parameters are left
   * out of every other record: they hold user data (names, tokens) logs must not keep.
   */
  logParameters?: readonly string[];
}

/** The message of every call record (the fields say the rest). */
export const CALL_MESSAGE = "varlink call";

const ms = (start: number): number => Math.round((performance.now() - start) * 1000) / 1000;

/** Shared by both sides: levels and the parameter opt-in. */
class CallLog {
  readonly #logger: Logger;
  readonly #ok: LogLevel;
  readonly #declared: LogLevel;
  readonly #parameters: ReadonlySet<string>;
  readonly #side: Side;
  constructor(logger: Logger, options: LoggingOptions, side: Side) {
    this.#logger = logger;
    this.#ok = options.okLevel ?? "debug";
    this.#declared = options.errorLevel ?? "info";
    this.#parameters = new Set(options.logParameters ?? []);
    this.#side = side;
  }

  /** False when the logger would drop a successful call's record: build nothing. */
  get okEnabled(): boolean {
    return this.#logger.isLevelEnabled?.(this.#ok) ?? true;
  }

  levelOf(error: unknown, outcome: string): LogLevel {
    if (isInternal(outcome)) return "error";
    if (this.#side === "client" && !(error instanceof VarlinkError && error.kind === "remote")) {
      return error instanceof VarlinkError ? "warn" : "error";
    }
    return this.#declared;
  }

  /** Writes one record; `fields` already holds the side-specific ones. */
  write(
    level: LogLevel,
    fields: Record<string, unknown>,
    method: string,
    parameters: object | undefined,
  ): void {
    if (parameters !== undefined && this.#parameters.has(method)) fields["parameters"] = parameters;
    this.#logger[level](fields, CALL_MESSAGE);
  }

  get ok(): LogLevel {
    return this.#ok;
  }
}

/** A server interceptor writing one record per call (what `ServerOptions.logger` installs). */
export function serverLogInterceptor(logger: Logger, options: LoggingOptions = {}): ServerInterceptor {
  const log = new CallLog(logger, options, "server");
  const record = (call: ServerCall, start: number, outcome: string, level: LogLevel, replies?: number) => {
    const fields: Record<string, unknown> = {
      side: "server",
      method: call.method,
      outcome,
      durationMs: ms(start),
      connectionId: call.connectionId,
      peer: peerFields(call.peer),
    };
    if (replies !== undefined) fields["replies"] = replies;
    log.write(level, fields, call.method, call.parameters);
  };
  return (next) => async (call) => {
    const start = performance.now();
    let outcome: ServerOutcome;
    try {
      outcome = await next(call);
    } catch (error) {
      const name = outcomeOf(error, "server");
      record(call, start, name, log.levelOf(error, name));
      throw error;
    }
    if (call.more && isAsyncIterable(outcome)) {
      return watchStream(outcome, {
        end: ({ replies, error, abandoned }) => {
          if (error !== undefined) {
            const name = outcomeOf(error, "server");
            record(call, start, name, log.levelOf(error, name), replies);
          } else if (log.okEnabled) record(call, start, abandoned ? "abandoned" : "ok", log.ok, replies);
        },
      });
    }
    if (log.okEnabled) record(call, start, "ok", log.ok);
    return outcome;
  };
}

/** A client interceptor writing one record per call (what `ClientOptions.logger` installs). */
export function clientLogInterceptor(logger: Logger, options: LoggingOptions = {}): ClientInterceptor {
  const log = new CallLog(logger, options, "client");
  const record = (
    request: ClientRequest,
    start: number,
    outcome: string,
    level: LogLevel,
    peer: string | undefined,
    replies?: number,
  ) => {
    const fields: Record<string, unknown> = {
      side: "client",
      method: request.method,
      outcome,
      durationMs: ms(start),
      target: request.target,
    };
    const connectionId = request.values.get(CONNECTION_ID);
    if (connectionId !== undefined) fields["connectionId"] = connectionId;
    if (peer !== undefined) fields["peer"] = peer;
    if (replies !== undefined) fields["replies"] = replies;
    log.write(level, fields, request.method, request.parameters);
  };
  return (next) => async (request) => {
    const start = performance.now();
    let response: ClientResponse;
    try {
      response = await next(request);
    } catch (error) {
      const name = outcomeOf(error, "client");
      record(request, start, name, log.levelOf(error, name), undefined);
      throw error;
    }
    if (response.kind === "more") {
      const peer = response.peer;
      const replies = watchStream(response.replies, {
        end: ({ replies: count, error, abandoned }) => {
          if (error !== undefined) {
            const name = outcomeOf(error, "client");
            record(request, start, name, log.levelOf(error, name), peer, count);
          } else if (log.okEnabled) {
            record(request, start, abandoned ? "abandoned" : "ok", log.ok, peer, count);
          }
        },
      });
      return { kind: "more", replies, peer };
    }
    if (log.okEnabled) record(request, start, "ok", log.ok, response.peer);
    return response;
  };
}

/**
 * `ServerOptions.onError` when a logger is given and no `onError`: the failure answered
 * `InternalError`, with its stack, as an error record (`err`, pino's error key).
 */
export function logHandlerErrors(logger: Logger): ErrorReporter {
  return (error, call) =>
    logger.error({ err: error, side: "server", method: call.method }, "varlink handler failed");
}
