/**
 * The example's small shared pieces: configuration from the environment (table of mistakes,
 * each a message naming the variable), the health port (/readyz turns 503 when draining), and
 * the tcp: -> tls: rewrite of DNS-discovered endpoints (alone, and end to end: node:dns against
 * a DNS server on 127.0.0.1, then mutual TLS to the replica it names).
 */
import { promises as dns } from "node:dns";
import { describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import { orderConfig } from "../../examples/microservices/shared/config.js";
import { startHealthServer } from "../../examples/microservices/shared/health.js";
import { overTls } from "../../examples/microservices/shared/over-tls.js";
import { ServiceClient, VarlinkServer, parseTarget } from "../../packages/runtime/src/index.js";
import { makeCerts } from "../helpers/certs.js";
import { startDnsServer } from "../helpers/dns-server.js";

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

it("a dns: target wrapped in overTls reaches a mutual-TLS replica found by DNS, checked against the Service name", async () => {
  const certs = makeCerts();
  const dnsServer = await startDnsServer();
  const server = new VarlinkServer({ vendor: "t", product: "t", version: "1", url: "" });
  server.addInterface({
    name: "org.example.ping",
    description: "interface org.example.ping\nmethod Ping() -> (tls: bool)\n",
    methods: { Ping: { handler: (_p, context) => ({ tls: context.peer.tls?.authorized === true }) } },
  });
  const listener = await server.listen("tls:127.0.0.1:0", {
    tls: { ...certs.server, ca: certs.ca, requireClientCert: true },
  });
  const port = Number(listener.address.slice(listener.address.lastIndexOf(":") + 1));
  // A headless Service's answer: the pod's IP, which no certificate names.
  dnsServer.records.set("users.shop.svc.cluster.local", [{ type: "A", address: "127.0.0.1", ttl: 5 }]);
  const resolver = new dns.Resolver({ timeout: 5000, tries: 3 });
  resolver.setServers([dnsServer.address]);
  const target = `dns:users.shop.svc.cluster.local:${port}`;
  const client = new ServiceClient(target, {
    endpoints: overTls(parseTarget(target, { dnsResolver: resolver })),
    // The certificate's name (the Service's, in the deployment; localhost here).
    tls: { ca: certs.ca, cert: certs.client.cert, key: certs.client.key, servername: "localhost" },
  });
  try {
    expect(await client.call("org.example.ping.Ping", {})).toEqual({ tls: true });
  } finally {
    await client.close();
    await server.close();
    await dnsServer.close();
    certs.rm();
  }
});
