/**
 * Issue 15's rows: calls/s with call logs, traces and metrics each on (server and client side)
 * against both off, sequential calls over a unix socket, rounds interleaved. Server and client
 * share this process (as in bench/server-interceptors.ts), so a row's ratio is the whole cost
 * of the feature on both ends of a call. Records, spans and samples are really produced:
 * pino writes every call (`okLevel: "info"`) to /dev/null; spans go through a batch processor to
 * an exporter that drops them; prom-client updates its registry. The default-levels log row is
 * what a production logger at `info` costs (ok calls at `debug` are not even built).
 * The traces rows run last: they enable AsyncLocalStorage (OTel's context manager) for the rest
 * of the process, which every row after them (their baseline too) pays: its promise hooks cost
 * 3.6 % of a call's CPU time on Node 20, under 1 % on Node 24 (docs/observability.md). The SDK-alone row shows
 * what the OpenTelemetry SDK itself costs per call, so the traces rows can be read against it.
 */
import type { BenchContext } from "../lib/context.js";
import { reasonOf, size } from "../lib/context.js";
import { unavailable, type Row } from "../lib/report.js";
import { interleavedRates } from "../lib/stats.js";
import type {
  ClientInterceptor,
  ServerInterceptor,
  ServerOptions,
  VarlinkClient,
} from "../../packages/runtime/src/index.js";

const GROUP = "observability: logs, traces, metrics";
const PING = "org.varlink.bench.Ping";

type Sides = { server: Partial<ServerOptions>; client: Record<string, unknown> };

async function logsOn(okLevel: "info" | "debug"): Promise<Sides> {
  const { default: pino } = await import("pino");
  const logger = pino({ level: "info" }, pino.destination({ dest: "/dev/null", sync: false }));
  return { server: { logger, logging: { okLevel } }, client: { logger, logging: { okLevel } } };
}

/**
 * Our share of the every-call log row: the same records built (every field, every call), handed
 * to a logger that drops them. The difference to that row is pino serialising and writing.
 */
async function recordsOnly(): Promise<Sides> {
  const drop = (): void => {};
  const logger = { debug: drop, info: drop, warn: drop, error: drop, isLevelEnabled: () => true };
  const logging = { okLevel: "info" } as const;
  return { server: { logger, logging }, client: { logger, logging } };
}

async function metricsOn(): Promise<Sides> {
  const { Registry } = await import("prom-client");
  const { varlinkMetrics } = await import("../../packages/runtime/src/integrations/prometheus/index.js");
  const m = varlinkMetrics({ registry: new Registry() });
  return {
    server: { interceptors: [m.serverInterceptor], observer: m.serverObserver },
    client: { interceptors: [m.clientInterceptor], observer: m.clientObserver },
  };
}

/** The SDK wired as NodeSDK would (AsyncLocalStorage context, W3C propagator); spans dropped. */
async function tracingSdk(sampledTenth: boolean) {
  const api = await import("@opentelemetry/api");
  const { AsyncLocalStorageContextManager } = await import("@opentelemetry/context-async-hooks");
  const { W3CTraceContextPropagator } = await import("@opentelemetry/core");
  const sdk = await import("@opentelemetry/sdk-trace-base");
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  // AsyncLocalStorage hooks into every promise from its first run on: start them here, so the
  // SDK-alone row (which never runs a context) is measured in the same process state as the rest.
  api.context.with(api.ROOT_CONTEXT, () => {});
  const drop = {
    export: (_: unknown, done: (r: { code: 0 }) => void) => done({ code: 0 }),
    shutdown: async () => {},
  };
  const sampler = sampledTenth
    ? new sdk.ParentBasedSampler({ root: new sdk.TraceIdRatioBasedSampler(0.1) })
    : new sdk.AlwaysOnSampler();
  const tracerProvider = new sdk.BasicTracerProvider({
    sampler,
    spanProcessors: [new sdk.BatchSpanProcessor(drop)],
  });
  return { api, tracerProvider };
}

const tracesOn = (sampledTenth: boolean) => async (): Promise<Sides> => {
  const { tracerProvider } = await tracingSdk(sampledTenth);
  const { otelClientInterceptor, otelServerInterceptor } =
    await import("../../packages/runtime/src/integrations/otel/index.js");
  return {
    server: { interceptors: [otelServerInterceptor({ tracerProvider })] },
    client: { interceptors: [otelClientInterceptor({ tracerProvider, propagate: true })] },
  };
};

/**
 * The SDK's own cost, for the reader of the traces rows: a span started and ended per call on
 * each end (same provider, 100 % sampled, batch processor) and nothing of ours: no attributes,
 * no context, no propagation.
 */
async function sdkAlone(): Promise<Sides> {
  const { api, tracerProvider } = await tracingSdk(false);
  const tracer = tracerProvider.getTracer("bench");
  const server: ServerInterceptor = (next) => (call) => {
    tracer.startSpan(call.method, { kind: api.SpanKind.SERVER }).end();
    return next(call);
  };
  const client: ClientInterceptor = (next) => (request) => {
    tracer.startSpan(request.method, { kind: api.SpanKind.CLIENT }).end();
    return next(request);
  };
  return { server: { interceptors: [server] }, client: { interceptors: [client] } };
}

/** Runs the rows, one server + client pair per configuration. */
export async function observability(context: BenchContext): Promise<Row[]> {
  const { VarlinkClient, VarlinkServer } = await import("../../packages/runtime/src/index.js");
  const opened: { close(): Promise<void> }[] = [];
  let n = 0;
  const pair = async (sides: Sides): Promise<VarlinkClient> => {
    const server = new VarlinkServer({
      vendor: "bench",
      product: "obs",
      version: "1",
      url: "-",
      ...sides.server,
    });
    server.addInterface({
      name: "org.varlink.bench",
      description: "interface org.varlink.bench",
      methods: { Ping: { handler: (p) => ({ pong: p["ping"] }) } },
    });
    opened.push(server);
    const listener = await server.listen(context.sockets.address(`obs-${n++}.sock`));
    const client = await VarlinkClient.connect(listener.address, sides.client);
    opened.unshift(client);
    return client;
  };
  const calls = size(context, 5000, 1000);
  const load = (client: VarlinkClient) => async () => {
    for (let i = 0; i < calls; i++) await client.call(PING, { ping: "x" });
  };
  const serverNoop: ServerInterceptor = (next) => (call) => next(call);
  const clientNoop: ClientInterceptor = (next) => (request) => next(request);
  const noop = async (): Promise<Sides> => ({
    server: { interceptors: [serverNoop] },
    client: { interceptors: [clientNoop] },
  });
  const cases: [string, () => Promise<Sides>][] = [
    ["reference: a no-op interceptor on each end", noop],
    ["logs, every call written (okLevel info)", () => logsOn("info")],
    ["reference: the same records built, a logger that drops them (our share)", recordsOnly],
    ["logs, default levels (ok at debug, logger at info)", () => logsOn("debug")],
    ["metrics (prom-client)", metricsOn],
    ["reference: OTel SDK alone (startSpan + end per call on each end, nothing of ours)", sdkAlone],
    ["traces (OTel SDK, 100 % sampled, propagating)", tracesOn(false)],
    ["traces, ParentBased(TraceIdRatioBased(0.1)) as in production, propagating", tracesOn(true)],
  ];
  const rows: Row[] = [];
  try {
    const off = await pair({ server: {}, client: {} });
    for (const [scenario, setUp] of cases) {
      context.log(`observability: ${scenario}`);
      try {
        const on = await pair(await setUp());
        const rates = await interleavedRates(load(on), load(off), calls, context.repetitions);
        rows.push({ group: GROUP, scenario, against: "off", ...rates, unit: "calls/s", better: "higher" });
      } catch (error) {
        rows.push(unavailable(GROUP, scenario, "off", reasonOf(error)));
      }
    }
    return rows;
  } finally {
    for (const c of opened) await c.close();
  }
}
