/**
 * OrderService's entry point: `node main.js` (configuration from the environment, see
 * shared/config.ts and the README). It calls UserService through one pooled, balanced,
 * retrying service client over mutual TLS, found by a static list or by DNS.
 */
import { ServiceClient, parseTarget } from "@varlink-codegen/runtime";
import { otelClientInterceptor } from "@varlink-codegen/runtime/otel";
import { Counter } from "prom-client";
import { registerOrderService } from "../../../shared/generated/io.example.order.js";
import { UserClient } from "../../../shared/generated/io.example.user.js";
import { clientTls, orderConfig } from "../../../shared/config.js";
import { main } from "../../../shared/main-guard.js";
import { overTls } from "../../../shared/over-tls.js";
import { runService } from "../../../shared/service.js";
import { createOrderService } from "./handlers.js";

await main(() => {
  const config = orderConfig(process.env);
  return runService({
    name: "order-service",
    product: "OrderService",
    config,
    setup: (server, { logger, metrics, registry }) => {
      const created = new Counter({
        name: "orders_created_total",
        help: "Orders created",
        registers: [registry],
      });
      const source = parseTarget(config.userService);
      // Lazy: no connection until the first order, so OrderService may start before UserService.
      const varlink = new ServiceClient(config.userService, {
        endpoints: config.tls === undefined ? source : overTls(source),
        ...(config.tls === undefined ? {} : { tls: clientTls(config.tls, config.userServerName) }),
        logger: logger.child({ peer: "user-service" }),
        // Tracing first: one client span per call around the retries; the trace context is
        // sent (propagate) because UserService is ours.
        interceptors: config.tracing
          ? [otelClientInterceptor({ propagate: true }), metrics.clientInterceptor]
          : [metrics.clientInterceptor],
        observer: metrics.clientObserver,
        // Five attempts, not three: with three replicas, a retry after a replica died can pick
        // it again (refused: written false) before its breaker opens.
        retry: { maxAttempts: 5 },
      });
      const users = new UserClient(varlink);
      registerOrderService(
        server,
        createOrderService(users, {
          userCallTimeoutMs: config.userCallTimeoutMs,
          onCreated: () => created.inc(),
        }),
      );
      return () => users.close();
    },
  });
});
