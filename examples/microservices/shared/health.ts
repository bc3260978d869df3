/**
 * The HTTP side of a service: `/healthz` (liveness: the process answers), `/readyz` (readiness:
 * 200 while serving, 503 from the first SIGTERM on, so Kubernetes stops routing new callers
 * here while calls in flight drain), and `/metrics` (Prometheus). One small node:http server
 * on its own port, kept apart from the Varlink port so the NetworkPolicy can open the metrics
 * and probe port to the kubelet and Prometheus without opening Varlink to them.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { metricsHandler } from "@varlink-codegen/runtime/prometheus";
import type { Registry } from "prom-client";

/** The running HTTP server. */
export interface HealthServer {
  /** The port it listens on (useful when configured as 0). */
  readonly port: number;
  /** Readiness: false makes `/readyz` answer 503. */
  ready: boolean;
  close(): Promise<void>;
}

/** Listens on `host:port` for the health probes and `/metrics` of `registry`. */
export async function startHealthServer(
  host: string,
  port: number,
  registry: Registry,
): Promise<HealthServer> {
  const metrics = metricsHandler(registry);
  const state = { ready: true };
  const server = http.createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (path === "/healthz") response.writeHead(200, { "Content-Type": "text/plain" }).end("ok\n");
    else if (path === "/readyz")
      response
        .writeHead(state.ready ? 200 : 503, { "Content-Type": "text/plain" })
        .end(state.ready ? "ready\n" : "draining\n");
    else metrics(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    get ready() {
      return state.ready;
    },
    set ready(value: boolean) {
      state.ready = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
