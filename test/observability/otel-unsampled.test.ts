/**
 * Issue 15, traces under a not-sampled decision (the common case with
 * `ParentBased(TraceIdRatioBased(...))`): the interceptors skip ending and marking spans that
 * record nothing, and must still carry the decision. The client's root is not sampled; the
 * server's sampler would record a root of its own, so a span there (or a sampled flag on the
 * handler's outgoing call) would mean the not-sampled parent was lost on the way.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trace } from "@opentelemetry/api";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  VarlinkClient,
  VarlinkError,
  VarlinkServer,
  type ServerInterceptor,
} from "../../packages/runtime/src/index.js";
import {
  TRACE_EXTENSION,
  otelClientInterceptor,
  otelServerInterceptor,
} from "../../packages/runtime/src/integrations/otel/index.js";
import { setUpTracing } from "./fixtures/otel-setup.js";

setUpTracing(); // context manager and propagator
const providerOf = (root: AlwaysOffSampler | AlwaysOnSampler) => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    sampler: new ParentBasedSampler({ root }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  return { provider, exporter };
};
const callerSide = providerOf(new AlwaysOffSampler());
const serverSide = providerOf(new AlwaysOnSampler());

/** The traceparent of each call the server got, by method, in arrival order. */
const seen: [string, string | undefined][] = [];
const capture: ServerInterceptor = (next) => (call) => {
  const member = call.extensions[TRACE_EXTENSION] as Record<string, string> | undefined;
  seen.push([call.method, member?.["traceparent"]]);
  return next(call);
};
/** The active span context where the handler (or a stream's producer) ran. */
const activeIn: { traceId: string; sampled: boolean }[] = [];
const noteActive = (): void => {
  const span = trace.getActiveSpan()?.spanContext();
  activeIn.push({ traceId: span?.traceId ?? "none", sampled: ((span?.traceFlags ?? 0) & 1) === 1 });
};

let dir: string;
let server: VarlinkServer;
let client: VarlinkClient;
let relay: VarlinkClient | undefined;
let address: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vlc-otel-unsampled-"));
  server = new VarlinkServer({
    vendor: "test",
    product: "otel-unsampled",
    version: "1",
    url: "https://example.org",
    interceptors: [otelServerInterceptor({ tracerProvider: serverSide.provider }), capture],
  });
  server.addInterface({
    name: "org.example.otel",
    description: "interface org.example.otel",
    methods: {
      Hello: { handler: () => ({ greeting: "hello" }) },
      Fail: {
        handler: () => {
          throw new VarlinkError("org.example.otel.Nope", { why: "asked to" });
        },
      },
      Count: {
        more: "supports",
        handler: async function* (p) {
          for (let i = 1; i <= Number(p["n"]); i++) {
            noteActive();
            yield { i };
          }
        },
      },
      Relay: {
        handler: async () => {
          noteActive();
          relay ??= await VarlinkClient.connect(address, {
            interceptors: [otelClientInterceptor({ tracerProvider: serverSide.provider, propagate: true })],
          });
          return relay.call("org.example.otel.Hello");
        },
      },
    },
  });
  address = (await server.listen(`unix:${join(dir, "s.sock")}`)).address;
  client = await VarlinkClient.connect(address, {
    interceptors: [otelClientInterceptor({ tracerProvider: callerSide.provider, propagate: true })],
  });
});

afterAll(async () => {
  await Promise.all([client?.close(), relay?.close()]);
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  seen.length = 0;
  activeIn.length = 0;
  callerSide.exporter.reset();
  serverSide.exporter.reset();
});

/** `00-<trace id>-<span id>-00`, and the trace id. */
const notSampled = (traceparent: string | undefined): string => {
  expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  return (traceparent as string).split("-")[1] as string;
};

describe("a call whose trace is not sampled", () => {
  it("(the check is live: a call without trace context gets a recorded root span here)", async () => {
    const plain = await VarlinkClient.connect(address);
    try {
      await plain.call("org.example.otel.Hello");
    } finally {
      await plain.close();
    }
    expect(serverSide.exporter.getFinishedSpans()).toHaveLength(1);
  });

  it("propagates -00, and the handler's own call stays in that trace, not sampled", async () => {
    expect(await client.call("org.example.otel.Relay")).toEqual({ greeting: "hello" });
    expect(seen.map(([method]) => method)).toEqual(["org.example.otel.Relay", "org.example.otel.Hello"]);
    const traceId = notSampled(seen[0]?.[1]);
    expect(notSampled(seen[1]?.[1])).toBe(traceId);
    expect(activeIn).toEqual([{ traceId, sampled: false }]);
    expect(callerSide.exporter.getFinishedSpans()).toEqual([]);
    expect(serverSide.exporter.getFinishedSpans()).toEqual([]);
  });

  it("a declared error still reaches the caller as itself", async () => {
    const failure = await client.call("org.example.otel.Fail").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(VarlinkError);
    expect((failure as VarlinkError).error).toBe("org.example.otel.Nope");
    notSampled(seen[0]?.[1]);
    expect(serverSide.exporter.getFinishedSpans()).toEqual([]);
  });

  it("a stream's replies all arrive, each produced in the not-sampled context", async () => {
    const got = [];
    for await (const reply of client.callMore("org.example.otel.Count", { n: 3 })) got.push(reply);
    expect(got).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
    const traceId = notSampled(seen[0]?.[1]);
    expect(activeIn).toEqual(Array.from({ length: 3 }, () => ({ traceId, sampled: false })));
    expect(serverSide.exporter.getFinishedSpans()).toEqual([]);
  });
});
