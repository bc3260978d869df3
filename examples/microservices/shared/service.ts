/**
 * The life of one service process, shared by both services: telemetry, the Varlink server
 * (mutual TLS when configured, logs + metrics + traces as interceptors), the health/metrics
 * HTTP port, and graceful shutdown: on SIGTERM or SIGINT readiness turns false, the server
 * stops accepting and lets the calls in flight finish (forced after `DRAIN_TIMEOUT_MS`), then
 * the rest closes and the last spans are flushed.
 */
import { VarlinkServer, closeOnSignals } from "@varlink-codegen/runtime";
import { otelServerInterceptor } from "@varlink-codegen/runtime/otel";
import { serverTls, type CommonConfig } from "./config.js";
import { startHealthServer } from "./health.js";
import { startTelemetry, type Telemetry } from "./telemetry.js";

/** What a service adds to the shared process. */
export interface ServiceSpec {
  /** `user-service`, `order-service`: logger name and default `service.name`. */
  readonly name: string;
  /** The product of `org.varlink.service.GetInfo`. */
  readonly product: string;
  readonly config: CommonConfig;
  /** Registers the handlers; returns what to close after the server (its clients). */
  setup(server: VarlinkServer, telemetry: Telemetry): Promise<() => Promise<void>> | (() => Promise<void>);
}

/** A started service process. */
export interface RunningService {
  /** The bound Varlink address (port 0 resolved). */
  readonly address: string;
  readonly httpPort: number;
  /** The same shutdown SIGTERM starts. */
  stop(): Promise<void>;
}

/**
 * Starts the service and logs `{"msg":"listening","address":...,"httpPort":...}` once it is
 * reachable (what the tests and the demo wait for).
 */
export async function runService(spec: ServiceSpec): Promise<RunningService> {
  const { config } = spec;
  const telemetry = startTelemetry(spec.name, config);
  const { logger, metrics } = telemetry;
  const server = new VarlinkServer({
    vendor: "example",
    product: spec.product,
    version: "1.0.0",
    url: "https://example.org/microservices",
    logger,
    // Tracing outermost: the span covers the metrics interceptor and the handler.
    interceptors: config.tracing
      ? [otelServerInterceptor(), metrics.serverInterceptor]
      : [metrics.serverInterceptor],
    observer: metrics.serverObserver,
  });
  const closeClients = await spec.setup(server, telemetry);
  const listener = await server.listen(
    config.listen,
    config.tls === undefined ? {} : { tls: serverTls(config.tls) },
  );
  const health = await startHealthServer(config.http.host, config.http.port, telemetry.registry);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      health.ready = false;
      logger.info("draining");
      await server.close({ timeoutMs: config.drainTimeoutMs });
      await closeClients();
      await health.close();
      await telemetry.shutdown();
      logger.info("stopped");
    })());
  closeOnSignals({ close: () => stop() }, { timeoutMs: config.drainTimeoutMs });
  logger.info(
    { address: listener.address, httpPort: health.port, tls: config.tls !== undefined },
    "listening",
  );
  return { address: listener.address, httpPort: health.port, stop };
}
