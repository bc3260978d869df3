/**
 * Prometheus metrics for Varlink servers and clients (`@varlink-codegen/runtime/prometheus`; the
 * runtime's only module importing `prom-client`, an optional peer) and a ready-made `/metrics`
 * HTTP handler. One {@link varlinkMetrics} per registry: its interceptors count calls, their
 * latency, the calls in flight and stream replies; its observers count connections and bytes.
 * Every metric has a `side` label (`server` / `client`), so one process serving and calling
 * shares the names. See docs/observability.md for why prom-client rather than OTel metrics.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Gauge, type Registry } from "prom-client";
import type { ClientInterceptor } from "../../client/interceptor.js";
import type { ServerInterceptor } from "../../server/interceptor.js";
import { isAsyncIterable } from "../../server/server-connection.js";
import type { ConnectionObserver } from "../../observability/connection-observer.js";
import { watchStream } from "../../observability/stream-watch.js";
import { type Sample, TallyCounter, TallyHistogram } from "./published.js";
import { type MethodTally, type SideTally, Tallies } from "./tally.js";

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

/**
 * Registers the Varlink metrics in `options.registry` (once per registry: prom-client refuses a
 * name twice) and returns the interceptors and observers that feed them. The numbers are plain
 * numbers (tally.ts), read by prom-client when it is scraped; `registry.resetMetrics()` zeroes
 * the counters and the histogram, and leaves the two gauges (calls in flight, connections open:
 * states that calls and connections still open will decrement).
 */
export function varlinkMetrics(options: VarlinkMetricsOptions): VarlinkMetrics {
  const registers = [options.registry];
  const prefix = options.prefix ?? "varlink_";
  const buckets = [...(options.buckets ?? DEFAULT_BUCKETS)];
  const tallies = new Tallies(buckets);
  const { methods, sides } = tallies;
  const perMethod = (value: (t: MethodTally) => number): Sample[] =>
    methods.map((t) => ({ labels: { side: t.side, method: t.method }, value: value(t) }));
  const perSide = (value: (t: SideTally) => number): Sample[] =>
    (["server", "client"] as const).map((side) => ({ labels: { side }, value: value(sides[side]) }));
  /** Publishes a gauge's state on scrape (`this` is the gauge prom-client is about to read). */
  const gauge = (samples: () => Sample[]) =>
    function collect(this: Gauge): void {
      for (const { labels, value } of samples()) this.set(labels, value);
    };
  new TallyCounter(
    {
      name: `${prefix}calls_total`,
      help: "Varlink calls finished, by method and outcome (ok or the error name)",
      labelNames: ["side", "method", "outcome"] as const,
      registers,
    },
    {
      samples: () =>
        methods.flatMap((t) =>
          [...t.outcomes].map(([outcome, value]) => ({
            labels: { side: t.side, method: t.method, outcome },
            value,
          })),
        ),
      zero: () => methods.forEach((t) => t.outcomes.clear()),
    },
  );
  new TallyHistogram(
    {
      name: `${prefix}call_duration_seconds`,
      help: "Varlink call latency (a more stream: until its last reply)",
      labelNames: ["side", "method"] as const,
      buckets,
      registers,
    },
    methods,
  );
  new Gauge({
    name: `${prefix}calls_in_flight`,
    help: "Varlink calls started and not finished",
    labelNames: ["side", "method"] as const,
    registers,
    collect: gauge(() => perMethod((t) => t.inFlight)),
  });
  new TallyCounter(
    {
      name: `${prefix}stream_replies_total`,
      help: "Replies of more (streaming) calls",
      labelNames: ["side", "method"] as const,
      registers,
    },
    {
      samples: () => perMethod((t) => t.replies),
      zero: () => methods.forEach((t) => (t.replies = 0)),
    },
  );
  new Gauge({
    name: `${prefix}connections_open`,
    help: "Open Varlink connections",
    labelNames: ["side"] as const,
    registers,
    collect: gauge(() => perSide((t) => t.open)),
  });
  /** A per-side byte counter over `field` of the side tallies. */
  const bytes = (name: string, help: string, field: "bytesIn" | "bytesOut") =>
    new TallyCounter(
      { name: `${prefix}${name}`, help, labelNames: ["side"] as const, registers },
      {
        samples: () => perSide((t) => t[field]),
        zero: () => Object.values(sides).forEach((t) => (t[field] = 0)),
      },
    );
  bytes("received_bytes_total", "Bytes read from Varlink connections", "bytesIn");
  bytes("sent_bytes_total", "Bytes written to Varlink connections", "bytesOut");

  /** Wraps a stream: a reply counted each, the call finished when it ends. */
  const watched = <T>(t: MethodTally, start: number, source: AsyncIterable<T>) =>
    watchStream(source, {
      reply: () => void t.replies++,
      end: ({ error, abandoned }) =>
        error !== undefined ? t.fail(start, error) : t.finish(start, abandoned ? "abandoned" : "ok"),
    });

  // Not async functions, and no named closure per call: a `then` per call, its two callbacks.
  const serverInterceptor: ServerInterceptor = (next) => (call) => {
    const t = tallies.of("server", call.method);
    const start = t.start();
    let step;
    try {
      step = next(call);
    } catch (error) {
      step = Promise.reject(error); // one path for a step that throws and one that rejects
    }
    return step.then(
      (outcome) => {
        if (call.more && isAsyncIterable(outcome)) return watched(t, start, outcome);
        t.finish(start, "ok");
        return outcome;
      },
      (error: unknown) => {
        t.fail(start, error);
        throw error;
      },
    );
  };

  const clientInterceptor: ClientInterceptor = (next) => (request) => {
    const t = tallies.of("client", request.method);
    const start = t.start();
    let step;
    try {
      step = next(request);
    } catch (error) {
      step = Promise.reject(error);
    }
    return step.then(
      (response) => {
        if (response.kind !== "more") {
          t.finish(start, "ok");
          return response;
        }
        return { kind: "more", replies: watched(t, start, response.replies), peer: response.peer };
      },
      (error: unknown) => {
        t.fail(start, error);
        throw error;
      },
    );
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
