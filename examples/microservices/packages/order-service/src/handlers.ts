/**
 * OrderService's handlers: io.example.order on the generated skeleton. CreateOrder checks the
 * buyer with UserService.GetUserInfo through the generated UserClient (over a balanced,
 * retrying service client: GetUserInfo is [Idempotent], so a replica lost mid-call is retried
 * on another), and turns the typed UserNotFound error into this interface's UnknownUser.
 * Inputs are bounded (limits.ts) before anything is forwarded, so no caller can make the
 * shared UserClient's call too large.
 */
import {
  InvalidOrder,
  NotCancellable,
  OrderNotFound,
  UnknownUser,
  type Order,
  type OrderService,
  type OrderStatus,
} from "../../../shared/generated/io.example.order.js";
import { type UserClient, isUserNotFound } from "../../../shared/generated/io.example.user.js";
import { MAX_ITEMS, MAX_TEXT, MAX_USERNAME, tooLong } from "../../../shared/limits.js";

/** What the handlers need besides UserService. */
export interface OrderServiceOptions {
  /** Bound of one GetUserInfo call, retries included. */
  readonly userCallTimeoutMs: number;
  /** Told about each order created (the orders_created_total metric). */
  readonly onCreated?: (order: Order) => void;
}

/** The handlers; `users` is a client of UserService. */
export function createOrderService(users: UserClient, options: OrderServiceOptions): OrderService {
  const orders = new Map<string, Order>();
  let nextId = 1;
  const find = (id: string): Order => {
    const order = orders.get(id);
    if (order === undefined) throw new OrderNotFound({ id });
    return order;
  };
  return {
    async createOrder({ username, items, note }, { signal }) {
      const bad =
        tooLong("username", username, MAX_USERNAME) ??
        tooLong("note", note, MAX_TEXT) ??
        (items.length > MAX_ITEMS ? `an order has at most ${MAX_ITEMS} items` : undefined) ??
        items.map((i) => tooLong("sku", i.sku, MAX_TEXT)).find((r) => r !== undefined);
      // Not echoing the items: they may be what is too large.
      if (bad !== undefined) throw new InvalidOrder({ reason: bad });
      if (items.length === 0 || items.some((i) => i.quantity <= 0)) {
        throw new InvalidOrder({ reason: "an order needs items with positive quantities", items });
      }
      try {
        await users.getUserInfo({ username }, { signal, timeoutMs: options.userCallTimeoutMs });
      } catch (error) {
        if (isUserNotFound(error)) throw new UnknownUser({ username: error.parameters.username });
        throw error;
      }
      const order: Order = {
        id: `order-${nextId++}`,
        username,
        items,
        status: "pending",
        total: items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0),
        note: note ?? null,
      };
      orders.set(order.id, order);
      options.onCreated?.(order);
      return { order };
    },
    getOrder: ({ id }) => ({ order: find(id) }),
    async *watchOrder({ id }) {
      const order = find(id);
      // A real service would wait for changes; the example walks the order to the end.
      const path: OrderStatus[] =
        order.status === "cancelled" ? ["cancelled"] : ["pending", "paid", "shipped"];
      for (const status of path) {
        order.status = status;
        yield { status };
      }
    },
    cancelOrder({ id }) {
      const order = find(id);
      if (order.status === "shipped") throw new NotCancellable({ id, status: order.status });
      order.status = "cancelled";
      return { order };
    },
  };
}
