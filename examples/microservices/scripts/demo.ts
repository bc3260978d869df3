/**
 * `npm run demo` (from the repository root): two UserService replicas and one OrderService,
 * each its own process on loopback TCP, then a short scenario through the generated clients:
 * an order for a seeded user (OrderService asks a UserService replica), its status stream, a
 * typed error for an unknown buyer, and each process's metrics line for the calls it served.
 * Every process is stopped with SIGTERM (the graceful path) and the demo exits 0.
 */
import { OrderClient, isUnknownUser } from "../shared/generated/io.example.order.js";
import { type ServiceProcess, startService, stopService } from "./processes.js";

/** Plain TCP on loopback (the demo shows the calls; the tests run the TLS setup). Logs are kept, not printed. */
const BASE = { LISTEN: "tcp:127.0.0.1:0", HTTP_LISTEN: "127.0.0.1:0", LOG_LEVEL: "info" };

/** Runs the scenario, printing through `log`. */
export async function runDemo(log: (line: string) => void = console.log): Promise<void> {
  const started: ServiceProcess[] = [];
  try {
    const users = [await startService("user-service", BASE), await startService("user-service", BASE)];
    started.push(...users);
    const orders = await startService("order-service", {
      ...BASE,
      USER_SERVICE: users.map((u) => u.address).join(","),
    });
    started.push(orders);
    log(
      `UserService replicas on ${users.map((u) => u.address).join(", ")}; OrderService on ${orders.address}`,
    );
    const client = await OrderClient.connect(orders.address);
    try {
      for (const username of ["ada", "grace"]) {
        const { order } = await client.createOrder({
          username,
          items: [{ sku: "book", quantity: 2, unitPrice: 1500 }],
        });
        log(`${order.id} for ${order.username}: total ${order.total}, ${order.status}`);
      }
      const watched: string[] = [];
      for await (const { status } of client.watchOrder({ id: "order-1" })) watched.push(status);
      log(`order-1: ${watched.join(" -> ")}`);
      try {
        await client.createOrder({ username: "bob", items: [{ sku: "pen", quantity: 1, unitPrice: 100 }] });
      } catch (error) {
        if (!isUnknownUser(error)) throw error;
        log(`rejected order for unknown user ${error.parameters.username} (${error.error})`);
      }
    } finally {
      await client.close();
    }
    for (const [i, user] of users.entries()) {
      const text = await (await fetch(`http://127.0.0.1:${user.httpPort}/metrics`)).text();
      const served =
        /^varlink_calls_total\{side="server",method="io\.example\.user\.GetUserInfo",outcome="([^"]+)"\} (\d+)$/gm;
      const counts = [...text.matchAll(served)].map((m) => `${m[1]} ${m[2]}`).join(", ") || "none";
      log(`UserService replica ${i + 1} served GetUserInfo: ${counts}`);
    }
  } finally {
    const codes = await Promise.all(started.reverse().map(stopService));
    log(`stopped (exit codes ${codes.join(", ")})`);
  }
}

if (process.argv[1]?.endsWith("demo.ts")) await runDemo();
