/**
 * Prometheus metrics for Varlink servers and clients (`@varlink-codegen/runtime/prometheus`; the
 * runtime's only module importing `prom-client`, an optional peer) and a ready-made `/metrics`
 * HTTP handler. One {@link varlinkMetrics} per registry: its interceptors count calls, their
 * latency, the calls in flight and stream replies; its observers count connections and bytes.
 * Every metric has a `side` label (`server` / `client`), so one process serving and calling
 * shares the names. See docs/observability.md for why prom-client rather than OTel metrics.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { ClientInterceptor } from "../../client/interceptor.js";
import type { ServerInterceptor } from "../../server/interceptor.js";
import { isAsyncIterable } from "../../server/server-connection.js";
import type { ConnectionObserver } from "../../observability/connection-observer.js";
import { outcomeOf, type Side } from "../../observability/outcome.js";
import { watchStream } from "../../observability/stream-watch.js";

/** Latency buckets in seconds: a local call takes tens of µs, a slow backend seconds. */
export const DEFAULT_BUCKETS: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Options of {@link varlinkMetrics}. */
export interface VarlinkMetricsOptions {
  /** Where the metrics are registered (yours: it is what `/metrics` serves). */
  registry: Registry;
  /** Prefix of every name (default `"varlink_"`). */
  prefix?: string;
  /** Buckets of the latency histogram, in seconds (default {@link DEFAULT_BUCKETS}). */
  buckets?: readonly number[];
}

/** What to install: interceptors in `interceptors`, observers as `observer` (server and client options). */
export interface VarlinkMetrics {
  readonly serverInterceptor: ServerInterceptor;
  readonly clientInterceptor: ClientInterceptor;
  /** `ServerOptions.observer`: open connections and bytes, `side="server"`. */
  readonly serverObserver: ConnectionObserver;
  /** `ClientOptions.observer` (or a service client's): the same, `side="client"`. */
  readonly clientObserver: ConnectionObserver;
}

type CallLabels = "side" | "method";

/** The per-method children of the labelled metrics, looked up once per method, not per call. */
interface MethodMetrics {
  readonly inFlight: Gauge.Internal<CallLabels>;
  readonly duration: Histogram.Internal<CallLabels>;
  readonly replies: Counter.Internal;
  readonly outcomes: Map<string, Counter.Internal>;
}

/**
 * Registers the Varlink metrics in `options.registry` (once per registry: prom-client refuses a
 * name twice) and returns the interceptors and observers that feed them.
 */
export function varlinkMetrics(options: VarlinkMetricsOptions): VarlinkMetrics {
  const registers = [options.registry];
  const prefix = options.prefix ?? "varlink_";
  const calls = new Counter({
    name: `${prefix}calls_total`,
    help: "Varlink calls finished, by method and outcome (ok or the error name)",
    labelNames: ["side", "method", "outcome"] as const,
    registers,
  });
  const duration = new Histogram({
    name: `${prefix}call_duration_seconds`,
    help: "Varlink call latency (a more stream: until its last reply)",
    labelNames: ["side", "method"] as const,
    buckets: [...(options.buckets ?? DEFAULT_BUCKETS)],
    registers,
  });
  const inFlight = new Gauge({
    name: `${prefix}calls_in_flight`,
    help: "Varlink calls started and not finished",
    labelNames: ["side", "method"] as const,
    registers,
  });
  const replies = new Counter({
    name: `${prefix}stream_replies_total`,
    help: "Replies of more (streaming) calls",
    labelNames: ["side", "method"] as const,
    registers,
  });
  const connections = new Gauge({
    name: `${prefix}connections_open`,
    help: "Open Varlink connections",
    labelNames: ["side"] as const,
    registers,
  });
  const received = new Counter({
    name: `${prefix}received_bytes_total`,
    help: "Bytes read from Varlink connections",
    labelNames: ["side"] as const,
    registers,
  });
  const sent = new Counter({
    name: `${prefix}sent_bytes_total`,
    help: "Bytes written to Varlink connections",
    labelNames: ["side"] as const,
    registers,
  });

  const methodMetrics = (side: Side): ((method: string) => MethodMetrics) => {
    const known = new Map<string, MethodMetrics>();
    return (method) => {
      let found = known.get(method);
      if (found === undefined) {
        const labels = { side, method };
        found = {
          inFlight: inFlight.labels(labels),
          duration: duration.labels(labels),
          replies: replies.labels(labels),
          outcomes: new Map(),
        };
        known.set(method, found);
      }
      return found;
    };
  };
  const finish = (side: Side, method: string, m: MethodMetrics, start: number, outcome: string): void => {
    m.inFlight.dec();
    m.duration.observe((performance.now() - start) / 1000);
    let counter = m.outcomes.get(outcome);
    if (counter === undefined) {
      counter = calls.labels({ side, method, outcome });
      m.outcomes.set(outcome, counter);
    }
    counter.inc();
  };
  /** Wraps a stream: a reply counted each, the call finished when it ends. */
  const watched = <T>(
    side: Side,
    method: string,
    m: MethodMetrics,
    start: number,
    source: AsyncIterable<T>,
  ) =>
    watchStream(source, {
      reply: () => m.replies.inc(),
      end: ({ error, abandoned }) =>
        finish(
          side,
          method,
          m,
          start,
          error !== undefined ? outcomeOf(error, side) : abandoned ? "abandoned" : "ok",
        ),
    });

  const server = methodMetrics("server");
  const serverInterceptor: ServerInterceptor = (next) => async (call) => {
    const m = server(call.method);
    const start = performance.now();
    m.inFlight.inc();
    let outcome;
    try {
      outcome = await next(call);
    } catch (error) {
      finish("server", call.method, m, start, outcomeOf(error, "server"));
      throw error;
    }
    if (call.more && isAsyncIterable(outcome)) return watched("server", call.method, m, start, outcome);
    finish("server", call.method, m, start, "ok");
    return outcome;
  };

  const client = methodMetrics("client");
  const clientInterceptor: ClientInterceptor = (next) => async (request) => {
    const m = client(request.method);
    const start = performance.now();
    m.inFlight.inc();
    let response;
    try {
      response = await next(request);
    } catch (error) {
      finish("client", request.method, m, start, outcomeOf(error, "client"));
      throw error;
    }
    if (response.kind !== "more") {
      finish("client", request.method, m, start, "ok");
      return response;
    }
    const stream = watched("client", request.method, m, start, response.replies);
    return { kind: "more", replies: stream, peer: response.peer };
  };

  const observer = (side: Side): ConnectionObserver => {
    const open = connections.labels({ side });
    const bytesIn = received.labels({ side });
    const bytesOut = sent.labels({ side });
    return {
      opened: () => open.inc(),
      closed: () => open.dec(),
      bytesIn: (count) => bytesIn.inc(count),
      bytesOut: (count) => bytesOut.inc(count),
    };
  };
  return {
    serverInterceptor,
    clientInterceptor,
    serverObserver: observer("server"),
    clientObserver: observer("client"),
  };
}

/**
 * A node:http request listener serving `registry` on `GET /metrics` (404 elsewhere):
 * `http.createServer(metricsHandler(registry)).listen(9464)`.
 */
export function metricsHandler(
  registry: Registry,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (path !== "/metrics" || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
      return;
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { "Content-Type": registry.contentType });
        response.end(request.method === "HEAD" ? undefined : text);
      },
      (error: unknown) => {
        response.writeHead(500, { "Content-Type": "text/plain" }).end(`${String(error)}\n`);
      },
    );
  };
}
