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

/** One method's counts on one side, kept as plain numbers (see {@link varlinkMetrics}). */
interface MethodTally {
  readonly side: Side;
  readonly method: string;
  inFlight: number;
  replies: number;
  readonly outcomes: Map<string, number>;
  readonly duration: Histogram.Internal<"side" | "method">;
}

/** One side's connection and byte counts. */
interface SideTally {
  open: number;
  bytesIn: number;
  bytesOut: number;
}

/**
 * Registers the Varlink metrics in `options.registry` (once per registry: prom-client refuses a
 * name twice) and returns the interceptors and observers that feed them. Counters and gauges are
 * plain numbers here, copied into prom-client when it is scraped (its `collect` hook): an update
 * through prom-client hashes and validates the labels each time, too slow for every call and
 * every chunk read. The histogram is prom-client's own.
 */
export function varlinkMetrics(options: VarlinkMetricsOptions): VarlinkMetrics {
  const registers = [options.registry];
  const prefix = options.prefix ?? "varlink_";
  const tallies: MethodTally[] = [];
  const sides: Record<Side, SideTally> = {
    server: { open: 0, bytesIn: 0, bytesOut: 0 },
    client: { open: 0, bytesIn: 0, bytesOut: 0 },
  };
  /** Publishes per-method numbers: `this` is the metric prom-client is about to read. */
  const perMethod = <T extends Counter | Gauge>(value: (t: MethodTally) => number) =>
    function collect(this: T): void {
      this.reset();
      for (const t of tallies) this.inc({ side: t.side, method: t.method }, value(t));
    };
  const perSide = <T extends Counter | Gauge>(value: (t: SideTally) => number) =>
    function collect(this: T): void {
      this.reset();
      for (const side of ["server", "client"] as const) this.inc({ side }, value(sides[side]));
    };
  new Counter({
    name: `${prefix}calls_total`,
    help: "Varlink calls finished, by method and outcome (ok or the error name)",
    labelNames: ["side", "method", "outcome"] as const,
    registers,
    collect() {
      this.reset();
      for (const t of tallies) {
        for (const [outcome, count] of t.outcomes)
          this.inc({ side: t.side, method: t.method, outcome }, count);
      }
    },
  });
  const duration = new Histogram({
    name: `${prefix}call_duration_seconds`,
    help: "Varlink call latency (a more stream: until its last reply)",
    labelNames: ["side", "method"] as const,
    buckets: [...(options.buckets ?? DEFAULT_BUCKETS)],
    registers,
  });
  new Gauge({
    name: `${prefix}calls_in_flight`,
    help: "Varlink calls started and not finished",
    labelNames: ["side", "method"] as const,
    registers,
    collect: perMethod((t) => t.inFlight),
  });
  new Counter({
    name: `${prefix}stream_replies_total`,
    help: "Replies of more (streaming) calls",
    labelNames: ["side", "method"] as const,
    registers,
    collect: perMethod((t) => t.replies),
  });
  new Gauge({
    name: `${prefix}connections_open`,
    help: "Open Varlink connections",
    labelNames: ["side"] as const,
    registers,
    collect: perSide((t) => t.open),
  });
  new Counter({
    name: `${prefix}received_bytes_total`,
    help: "Bytes read from Varlink connections",
    labelNames: ["side"] as const,
    registers,
    collect: perSide((t) => t.bytesIn),
  });
  new Counter({
    name: `${prefix}sent_bytes_total`,
    help: "Bytes written to Varlink connections",
    labelNames: ["side"] as const,
    registers,
    collect: perSide((t) => t.bytesOut),
  });

  const bySide: Record<Side, Map<string, MethodTally>> = { server: new Map(), client: new Map() };
  const tallyOf = (side: Side, method: string): MethodTally => {
    let t = bySide[side].get(method);
    if (t === undefined) {
      t = {
        side,
        method,
        inFlight: 0,
        replies: 0,
        outcomes: new Map(),
        duration: duration.labels({ side, method }),
      };
      bySide[side].set(method, t);
      tallies.push(t);
    }
    return t;
  };
  const finish = (t: MethodTally, start: number, outcome: string): void => {
    t.inFlight--;
    t.duration.observe((performance.now() - start) / 1000);
    t.outcomes.set(outcome, (t.outcomes.get(outcome) ?? 0) + 1);
  };
  /** Wraps a stream: a reply counted each, the call finished when it ends. */
  const watched = <T>(t: MethodTally, start: number, source: AsyncIterable<T>) =>
    watchStream(source, {
      reply: () => void t.replies++,
      end: ({ error, abandoned }) =>
        finish(t, start, error !== undefined ? outcomeOf(error, t.side) : abandoned ? "abandoned" : "ok"),
    });

  // Not async functions: a `then` per call instead of an async frame and its extra turns.
  const serverInterceptor: ServerInterceptor = (next) => (call) => {
    const t = tallyOf("server", call.method);
    const start = performance.now();
    t.inFlight++;
    const failed = (error: unknown): never => {
      finish(t, start, outcomeOf(error, "server"));
      throw error;
    };
    let step;
    try {
      step = next(call);
    } catch (error) {
      return failed(error);
    }
    return step.then((outcome) => {
      if (call.more && isAsyncIterable(outcome)) return watched(t, start, outcome);
      finish(t, start, "ok");
      return outcome;
    }, failed);
  };

  const clientInterceptor: ClientInterceptor = (next) => (request) => {
    const t = tallyOf("client", request.method);
    const start = performance.now();
    t.inFlight++;
    const failed = (error: unknown): never => {
      finish(t, start, outcomeOf(error, "client"));
      throw error;
    };
    let step;
    try {
      step = next(request);
    } catch (error) {
      return failed(error);
    }
    return step.then((response) => {
      if (response.kind !== "more") {
        finish(t, start, "ok");
        return response;
      }
      return { kind: "more", replies: watched(t, start, response.replies), peer: response.peer };
    }, failed);
  };

  const observer = (tally: SideTally): ConnectionObserver => ({
    opened: () => void tally.open++,
    closed: () => void tally.open--,
    bytesIn: (count) => void (tally.bytesIn += count),
    bytesOut: (count) => void (tally.bytesOut += count),
  });
  return {
    serverInterceptor,
    clientInterceptor,
    serverObserver: observer(sides.server),
    clientObserver: observer(sides.client),
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
