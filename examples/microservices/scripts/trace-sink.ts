/**
 * A tiny OTLP/HTTP JSON receiver on loopback (`POST /v1/traces`), standing in for an
 * OpenTelemetry collector in the tests and the bench: it keeps every span with its resource's
 * attributes. Point a service at it with `OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:PORT`.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** One received span, flattened (ids are hex, as OTLP JSON writes them). */
export interface SinkSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind: 2 server, 3 client. */
  readonly kind: number;
  /** 0 unset, 1 ok, 2 error. */
  readonly status: number;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  /** The exporting process's resource attributes (`service.name`, `service.instance.id`, ...). */
  readonly resource: Readonly<Record<string, string | number | boolean>>;
}

/** The running receiver. */
export interface TraceSink {
  /** `http://127.0.0.1:PORT` (for OTEL_EXPORTER_OTLP_ENDPOINT). */
  readonly endpoint: string;
  readonly spans: SinkSpan[];
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        status?: { code?: number };
        attributes?: OtlpKeyValue[];
      }[];
    }[];
  }[];
}

function flat(attributes: readonly OtlpKeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of attributes ?? []) {
    out[key] =
      value.stringValue ??
      (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
      value.boolValue ??
      value.doubleValue ??
      "";
  }
  return out;
}

/** Starts the receiver on 127.0.0.1 (a free port). */
export async function startTraceSink(): Promise<TraceSink> {
  const spans: SinkSpan[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method !== "POST" || request.url !== "/v1/traces") {
        response.writeHead(404).end();
        return;
      }
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpExport;
        for (const rs of body.resourceSpans ?? []) {
          const resource = flat(rs.resource?.attributes);
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? [])
              spans.push({
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId ?? "",
                name: s.name,
                kind: s.kind,
                status: s.status?.code ?? 0,
                attributes: flat(s.attributes),
                resource,
              });
        }
        response.writeHead(200, { "Content-Type": "application/json" }).end("{}");
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
