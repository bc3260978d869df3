/**
 * The example's small shared pieces: configuration from the environment (table of mistakes,
 * each a message naming the variable), the health port (/readyz turns 503 when draining), and
 * the tcp: -> tls: rewrite of DNS-discovered endpoints.
 */
import { describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import { orderConfig } from "../../examples/microservices/shared/config.js";
import { startHealthServer } from "../../examples/microservices/shared/health.js";
import { overTls } from "../../examples/microservices/shared/over-tls.js";

describe("orderConfig", () => {
  const base = { USER_SERVICE: "tcp:127.0.0.1:1" };
  it.each([
    [{}, "USER_SERVICE: required"],
    [{ ...base, LOG_LEVEL: "loud" }, "LOG_LEVEL: expected one of"],
    [{ ...base, HTTP_LISTEN: "9464" }, "HTTP_LISTEN: expected HOST:PORT, got '9464'"],
    [{ ...base, TLS_CERT: "/c" }, "TLS_CERT, TLS_KEY and TLS_CA: set all three"],
    [{ ...base, USER_CALL_TIMEOUT_MS: "0" }, "USER_CALL_TIMEOUT_MS: expected a positive integer"],
  ])("%j -> %s", (env, message) => {
    expect(() => orderConfig(env)).toThrow(message);
  });
  it("defaults, and tracing only with an OTLP endpoint", () => {
    expect(orderConfig(base)).toMatchObject({
      listen: "tls:0.0.0.0:8443",
      http: { host: "0.0.0.0", port: 9464 },
      tracing: false,
    });
    expect(orderConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" }).tracing).toBe(true);
    expect(
      orderConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_TRACES_EXPORTER: "none" })
        .tracing,
    ).toBe(false);
  });
});

it("/readyz answers 503 once readiness is off; /healthz stays 200", async () => {
  const health = await startHealthServer("127.0.0.1", 0, new Registry());
  try {
    const status = async (path: string): Promise<number> =>
      (await fetch(`http://127.0.0.1:${health.port}${path}`)).status;
    expect([
      await status("/healthz"),
      await status("/readyz"),
      await status("/metrics"),
      await status("/x"),
    ]).toEqual([200, 200, 200, 404]);
    health.ready = false;
    expect([await status("/healthz"), await status("/readyz")]).toEqual([200, 503]);
  } finally {
    await health.close();
  }
});

it("overTls dials DNS-found tcp: endpoints as tls: and passes refresh() on", () => {
  const seen: (readonly string[])[] = [];
  let refreshed = 0;
  const source = overTls({
    subscribe: (onChange) => {
      onChange(["tcp:10.0.0.7:8443", "tcp:[fd00::1]:8443", "unix:/run/x"]);
      return () => {};
    },
    refresh: () => void refreshed++,
  });
  source.subscribe(
    (a) => seen.push(a),
    () => {},
  );
  source.refresh?.();
  expect({ seen, refreshed }).toEqual({
    seen: [["tls:10.0.0.7:8443", "tls:[fd00::1]:8443", "unix:/run/x"]],
    refreshed: 1,
  });
});
