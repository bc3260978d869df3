/**
 * Issue 15, traces: a client span here and a server span in another process (its own tracer
 * provider, its spans reported back as JSON), parent and child across a real unix socket; error
 * status on a declared error; one span per `more` stream with an event per reply; a handler's
 * outgoing call is a child of its server span; without `propagate` nothing crosses the wire.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { fileURLToPath } from "node:url";
import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { VarlinkClient, isVarlinkError } from "../../packages/runtime/src/index.js";
import { otelClientInterceptor } from "../../packages/runtime/src/integrations/otel/index.js";
import { setUpTracing, spanRecords, type SpanRecord } from "./fixtures/otel-setup.js";
import { spawningTestTimeout } from "../helpers/time-limits.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const serverScript = fileURLToPath(new URL("fixtures/otel-server.ts", import.meta.url));
const { provider, exporter } = setUpTracing();
const tracer = provider.getTracer("test");

let dir: string;
let child: ChildProcess;
let lines: Interface;
let traced: VarlinkClient;
let untraced: VarlinkClient;
let recorded: VarlinkClient;

const nextLine = (): Promise<string> => new Promise((resolve) => lines.once("line", resolve));

/** The server process's finished spans. */
async function serverSpans(): Promise<SpanRecord[]> {
  const line = nextLine();
  child.stdin!.write("spans\n");
  return JSON.parse(await line) as SpanRecord[];
}

/** Runs `body` inside an active root span; returns that span's ids. */
async function underRoot(body: () => Promise<unknown>): Promise<{ traceId: string; spanId: string }> {
  return tracer.startActiveSpan("test-root", async (root) => {
    try {
      await body();
    } catch (error) {
      if (!isVarlinkError(error)) throw error;
    } finally {
      root.end();
    }
    return { traceId: root.spanContext().traceId, spanId: root.spanContext().spanId };
  });
}

const only = <T>(items: T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};
const byTrace = (spans: SpanRecord[], traceId: string) => spans.filter((s) => s.traceId === traceId);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vlc-otel-"));
  const address = `unix:${join(dir, "otel.sock")}`;
  child = spawn(process.execPath, ["--import", "tsx", serverScript, address], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "inherit"],
  });
  lines = createInterface({ input: child.stdout! });
  expect(await nextLine()).toBe("ready");
  const interceptor = otelClientInterceptor({ tracerProvider: provider, propagate: true });
  traced = await VarlinkClient.connect(address, { interceptors: [interceptor] });
  recorded = await VarlinkClient.connect(address, {
    interceptors: [otelClientInterceptor({ tracerProvider: provider })],
  });
  untraced = await VarlinkClient.connect(address);
}, spawningTestTimeout(1));

afterAll(async () => {
  await Promise.all([traced?.close(), untraced?.close(), recorded?.close()]);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.stdin!.end();
  await exited;
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  exporter.reset();
  await serverSpans(); // and the server's
});

describe("spans across two processes", () => {
  it("the server span is the child of the client span, itself the child of the active span", async () => {
    const root = await underRoot(() => traced.call("org.example.otel.Hello", { name: "x" }));
    const client = only(spanRecords(exporter).filter((s) => s.kind === SpanKind.CLIENT));
    const server = only(byTrace(await serverSpans(), root.traceId));
    expect(client).toMatchObject({
      name: "org.example.otel.Hello",
      traceId: root.traceId,
      parentSpanId: root.spanId,
      status: { code: SpanStatusCode.UNSET },
      attributes: { "rpc.system": "varlink", "rpc.service": "org.example.otel", "rpc.method": "Hello" },
    });
    expect(client.attributes["server.address"]).toBe(join(dir, "otel.sock"));
    expect(server).toMatchObject({
      name: "org.example.otel.Hello",
      kind: SpanKind.SERVER,
      parentSpanId: client.spanId,
      attributes: { "rpc.system": "varlink", "rpc.service": "org.example.otel", "rpc.method": "Hello" },
    });
  });

  it("a declared error sets status ERROR and error.type on both spans", async () => {
    const root = await underRoot(() => traced.call("org.example.otel.Fail"));
    const client = only(spanRecords(exporter).filter((s) => s.kind === SpanKind.CLIENT));
    const server = only(byTrace(await serverSpans(), root.traceId));
    for (const span of [client, server]) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes["error.type"]).toBe("org.example.otel.Nope");
    }
  });

  it("a more stream is one span on each side with an event per reply", async () => {
    const root = await underRoot(async () => {
      const got = [];
      for await (const reply of traced.callMore("org.example.otel.Count", { n: 3 })) got.push(reply);
      expect(got).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
    });
    const client = only(spanRecords(exporter).filter((s) => s.kind === SpanKind.CLIENT));
    const server = only(byTrace(await serverSpans(), root.traceId));
    expect(server.parentSpanId).toBe(client.spanId);
    expect(client.events.map((e) => e.attributes)).toEqual(
      [1, 2, 3].map((id) => ({
        "rpc.message.type": "RECEIVED",
        "rpc.message.id": id,
      })),
    );
    expect(server.events.map((e) => [e.name, e.attributes["rpc.message.type"]])).toEqual(
      Array.from({ length: 3 }, () => ["rpc.message", "SENT"]),
    );
    expect(server.attributes["rpc.varlink.replies"]).toBe(3);
  });

  it("a handler's outgoing call is a child of its server span", async () => {
    const root = await underRoot(() => traced.call("org.example.otel.Relay"));
    const spans = byTrace(await serverSpans(), root.traceId);
    const relay = only(spans.filter((s) => s.name === "org.example.otel.Relay"));
    const outgoing = only(spans.filter((s) => s.kind === SpanKind.CLIENT));
    const nested = only(spans.filter((s) => s.kind === SpanKind.SERVER && s.name.endsWith(".Hello")));
    expect(outgoing).toMatchObject({ name: "org.example.otel.Hello", parentSpanId: relay.spanId });
    expect(nested.parentSpanId).toBe(outgoing.spanId);
  });

  it("without propagate the client span is recorded and the server starts a trace of its own", async () => {
    const root = await underRoot(() => recorded.call("org.example.otel.Hello", { name: "x" }));
    const client = only(spanRecords(exporter).filter((s) => s.kind === SpanKind.CLIENT));
    expect(client.parentSpanId).toBe(root.spanId);
    const spans = await serverSpans();
    expect(byTrace(spans, root.traceId)).toEqual([]);
    expect(only(spans).parentSpanId).toBeUndefined();
  });

  it("an untraced client's call gets a root server span", async () => {
    await untraced.call("org.example.otel.Hello", { name: "x" });
    // The client side has no interceptor: nothing active leaks into the server's span.
    expect(trace.getSpan(context.active())).toBeUndefined();
    expect(only(await serverSpans()).parentSpanId).toBeUndefined();
  });
});
