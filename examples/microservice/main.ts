/**
 * The microservice example end to end: UserService and OrderService on loopback TCP, then a
 * client that creates a user, places an order (OrderService asks UserService about the buyer),
 * watches it ship, and gets a typed error for an unknown buyer.
 *
 *   npm run example:microservice
 */
import { OrderClient, isUnknownUser } from "./generated/io.example.order.js";
import { UserClient } from "./generated/io.example.user.js";
import { startOrderService } from "./order-service.js";
import { startUserService } from "./user-service.js";

/** Runs the scenario and returns the lines it printed. */
export async function runExample(log: (line: string) => void = console.log): Promise<void> {
  const userService = await startUserService("tcp:127.0.0.1:0");
  const orderService = await startOrderService("tcp:127.0.0.1:0", userService.address);
  const users = await UserClient.connect(userService.address);
  const orders = await OrderClient.connect(orderService.address);
  try {
    log(`UserService on ${userService.address}, OrderService on ${orderService.address}`);
    const { user } = await users.createUser({ username: "ada", email: "ada@example.org", role: "admin" });
    log(`created user ${user.username} (${user.role})`);
    const { order } = await orders.createOrder({
      username: "ada",
      items: [{ sku: "book", quantity: 2, unitPrice: 1500 }],
    });
    log(`order ${order.id} for ${order.username}: total ${order.total}, ${order.status}`);
    for await (const { status } of orders.watchOrder({ id: order.id })) log(`order ${order.id}: ${status}`);
    try {
      await orders.createOrder({ username: "bob", items: [{ sku: "pen", quantity: 1, unitPrice: 100 }] });
    } catch (error) {
      if (!isUnknownUser(error)) throw error;
      log(`rejected order for unknown user ${error.parameters.username} (${error.error})`);
    }
  } finally {
    await orders.close();
    await users.close();
    await orderService.close();
    await userService.server.close();
  }
}

if (process.argv[1]?.endsWith("main.ts") || process.argv[1]?.endsWith("main.js")) await runExample();
