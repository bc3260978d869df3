/**
 * The three observability pieces of a service process, set up from configuration: a pino
 * logger (JSON lines on stdout), a prom-client registry with the Varlink metrics, and, when an
 * OTLP endpoint is configured, an OpenTelemetry tracer provider exporting OTLP/HTTP JSON (the
 * exporter and the batch processor read the standard `OTEL_*` variables; service name and
 * resource attributes come from `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES`).
 */
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { varlinkMetrics, type VarlinkMetrics } from "@varlink-codegen/runtime/prometheus";
import { pino, type Logger } from "pino";
import { Registry, collectDefaultMetrics } from "prom-client";
import type { CommonConfig } from "./config.js";

/** What a service process observes itself with. */
export interface Telemetry {
  readonly logger: Logger;
  readonly registry: Registry;
  readonly metrics: VarlinkMetrics;
  /** Flushes and stops the trace export (no-op without tracing). */
  shutdown(): Promise<void>;
}

/** Sets up logs, metrics and (if configured) traces for the service `name`. */
export function startTelemetry(name: string, config: CommonConfig): Telemetry {
  const logger = pino({ name, level: config.logLevel });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = varlinkMetrics({ registry });
  let provider: NodeTracerProvider | undefined;
  if (config.tracing) {
    // The env detector reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES synchronously.
    const resource = resourceFromAttributes({ "service.name": name }).merge(
      detectResources({ detectors: [envDetector] }),
    );
    provider = new NodeTracerProvider({
      resource,
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
    });
    provider.register(); // global provider, AsyncLocalStorage context, W3C propagator
  }
  return {
    logger,
    registry,
    metrics,
    shutdown: async () => {
      await provider?.shutdown();
    },
  };
}
