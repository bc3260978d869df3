/**
 * OpenTelemetry traces for Varlink calls (`@varlink-codegen/runtime/otel`; the runtime's only
 * module importing `@opentelemetry/api`, an optional peer): a server span and a client span per
 * call, named by the method, with the RPC semantic-convention attributes, and W3C trace context
 * carried in the `org.varlink.codegen.trace` vendor-extension member (observability/trace-context.ts).
 * A `more` stream is one span with an `rpc.message` event per reply. See docs/observability.md.
 */
import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  context,
  propagation,
  trace,
} from "@opentelemetry/api";
import type { ClientInterceptor, ClientRequest, ClientResponse } from "../../client/interceptor.js";
import type { ServerCall, ServerInterceptor } from "../../server/interceptor.js";
import { isAsyncIterable } from "../../server/server-connection.js";
import { outcomeOf, type Side } from "../../observability/outcome.js";
import { type StreamEnding, watchStream } from "../../observability/stream-watch.js";
import { TRACE_EXTENSION, traceCarrierOf, withTraceCarrier } from "../../observability/trace-context.js";
import { cached } from "./cached.js";

export { TRACE_EXTENSION } from "../../observability/trace-context.js";

/** The instrumentation scope of the spans. */
export const TRACER_NAME = "@varlink-codegen/runtime";

/** Options of {@link otelServerInterceptor}. */
export interface OtelServerOptions {
  /** Default: the global provider (`trace.getTracerProvider()`, what NodeSDK registers). */
  tracerProvider?: TracerProvider;
}

/** Options of {@link otelClientInterceptor}. */
export interface OtelClientOptions {
  /** Default: the global provider. */
  tracerProvider?: TracerProvider;
  /**
   * Send the trace context to the server (default false). A receiver must ignore unknown
   * vendor-extension members (UAPI.20), but systemd 252's sd-varlink closes the connection on
   * one, so this is opt-in per endpoint: `true`, or a predicate on the request
   * (`request.target`, `request.method`). Spans are recorded either way.
   */
  propagate?: boolean | ((request: ClientRequest) => boolean);
}

function tracerOf(provider: TracerProvider | undefined): Tracer {
  return (provider ?? trace.getTracerProvider()).getTracer(TRACER_NAME);
}

/** `rpc.*` attributes of a method name: `io.example.user.GetUserInfo` → service + method. */
function rpcAttributes(method: string): Attributes {
  const dot = method.lastIndexOf(".");
  return {
    "rpc.system": "varlink",
    "rpc.service": dot > 0 ? method.slice(0, dot) : method,
    "rpc.method": dot > 0 ? method.slice(dot + 1) : method,
  };
}

/** Marks `span` failed: status ERROR, `error.type` = the Varlink error name (outcome vocabulary). */
function fail(span: Span, error: unknown, side: Side): void {
  const name = outcomeOf(error, side);
  span.setAttribute("error.type", name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: name });
}

/** Ends `span` as failed with `error` and rethrows it (a step's rejection handler). */
function failed(span: Span, error: unknown, side: Side): never {
  fail(span, error, side);
  span.end();
  throw error;
}

/** Ends a stream's span as the stream ended. */
function endStream(span: Span, ending: StreamEnding, side: Side): void {
  span.setAttribute("rpc.varlink.replies", ending.replies);
  if (ending.error !== undefined) fail(span, ending.error, side);
  else if (ending.abandoned) span.setAttribute("rpc.varlink.abandoned", true);
  span.end();
}

/** Adds an `rpc.message` event per reply of a stream (`type`: SENT on the server, RECEIVED on the client). */
function replyEvents(span: Span, type: "SENT" | "RECEIVED"): () => void {
  let id = 0;
  return () => span.addEvent("rpc.message", { "rpc.message.type": type, "rpc.message.id": ++id });
}

/**
 * A server interceptor: a SERVER span per call, the child of the caller's span when the call
 * carries trace context. The span is the active context while the handler runs (its own
 * outgoing calls are its children) and while a stream's values are produced.
 */
export function otelServerInterceptor(options: OtelServerOptions = {}): ServerInterceptor {
  const tracer = tracerOf(options.tracerProvider);
  const methodAttributes = cached(rpcAttributes);
  const peerAttributes = new WeakMap<ServerCall["peer"], Attributes | undefined>();
  /** The method's attributes, plus `network.peer.*` of a tcp peer (peers are one object per connection). */
  const attributesOf = (call: ServerCall): Attributes => {
    let peer = peerAttributes.get(call.peer);
    if (!peerAttributes.has(call.peer)) {
      const { remoteAddress, remotePort } = call.peer;
      peer = remoteAddress === undefined ? undefined : { "network.peer.address": remoteAddress };
      if (peer !== undefined && remotePort !== undefined) peer["network.peer.port"] = remotePort;
      peerAttributes.set(call.peer, peer);
    }
    const attributes = methodAttributes(call.method);
    return peer === undefined ? attributes : { ...attributes, ...peer };
  };
  // Not async: a `then` per call instead of an async frame and its extra turns.
  return (next) => (call) => {
    // From the root, not context.active(): nothing of whatever ran before belongs to this call.
    // A call without the member (a peer that does not propagate) has nothing to extract.
    const parent =
      call.extensions[TRACE_EXTENSION] === undefined
        ? ROOT_CONTEXT
        : propagation.extract(ROOT_CONTEXT, traceCarrierOf(call.extensions));
    const span = tracer.startSpan(
      call.method,
      { kind: SpanKind.SERVER, attributes: attributesOf(call) },
      parent,
    );
    const active: Context = trace.setSpan(parent, span);
    let step;
    try {
      step = context.with(active, next, undefined, call);
    } catch (error) {
      step = Promise.reject(error); // one path for a step that throws and one that rejects
    }
    // Not sampled: the span records nothing, so there is nothing to end or mark; the context
    // above still carries it (and its not-sampled flag) to the handler's own calls. A stream
    // still needs that context around each step of its producer.
    if (!span.isRecording() && !call.more) return step;
    return step.then(
      (outcome) => {
        if (call.more && isAsyncIterable(outcome)) {
          return watchStream(outcome, {
            step: (run) => context.with(active, run),
            reply: replyEvents(span, "SENT"),
            end: (ending) => endStream(span, ending, "server"),
          });
        }
        span.end();
        return outcome;
      },
      (error: unknown) => failed(span, error, "server"),
    );
  };
}

/** `server.address` / `server.port` of the address that answered (`tcp:`/`tls:host:port`, `unix:/path`). */
function serverAttributes(peer: string): Attributes {
  const tcp = /^(?:tcp|tls):(?:\[(.+)\]|(.+)):(\d+)$/.exec(peer);
  if (tcp !== null) return { "server.address": tcp[1] ?? tcp[2] ?? "", "server.port": Number(tcp[3]) };
  if (peer.startsWith("unix:")) {
    return { "server.address": peer.slice("unix:".length), "network.transport": "unix" };
  }
  return {};
}

/**
 * A client interceptor: a CLIENT span per call, the child of the active context; with
 * `propagate`, the call carries the span's trace context. Put it first in `interceptors` for one
 * span per call around retries, or after `retry`'s place for one per attempt.
 */
export function otelClientInterceptor(options: OtelClientOptions = {}): ClientInterceptor {
  const tracer = tracerOf(options.tracerProvider);
  const propagate = options.propagate ?? false;
  const methodAttributes = cached(rpcAttributes);
  const peerAttributes = cached(serverAttributes);
  /** The request, carrying the span's trace context when this endpoint gets it. */
  const outgoing = (request: ClientRequest, active: Context): ClientRequest => {
    if (propagate === false || (propagate !== true && !propagate(request))) return request;
    const carrier: Record<string, string> = {};
    propagation.inject(active, carrier);
    const extensions = withTraceCarrier(request.extensions, carrier);
    return extensions === request.extensions ? request : { ...request, extensions };
  };
  return (next) => (request) => {
    const parent = context.active();
    const span = tracer.startSpan(
      request.method,
      { kind: SpanKind.CLIENT, attributes: methodAttributes(request.method) },
      parent,
    );
    const active = trace.setSpan(parent, span);
    let step;
    try {
      step = context.with(active, next, undefined, outgoing(request, active));
    } catch (error) {
      step = Promise.reject(error);
    }
    // Not sampled: nothing to end, mark or count (not even a stream's replies).
    if (!span.isRecording()) return step;
    return step.then(
      (response): ClientResponse => {
        if (span.isRecording()) span.setAttributes(peerAttributes(response.peer));
        if (response.kind !== "more") {
          span.end();
          return response;
        }
        const replies = watchStream(response.replies, {
          reply: replyEvents(span, "RECEIVED"),
          end: (ending) => endStream(span, ending, "client"),
        });
        return { kind: "more", replies, peer: response.peer };
      },
      (error: unknown) => failed(span, error, "client"),
    );
  };
}
