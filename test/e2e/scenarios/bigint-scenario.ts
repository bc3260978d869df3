/**
 * Scenario for `--int bigint` (compiled with the generated org.varlink.certification module):
 * a server and a client exchange ints beyond 2^53 exactly over a real socket.
 */
import {
  CertificationClient,
  registerCertificationService,
  type CertificationService,
} from "./org.varlink.certification.js";
import { InvalidOrder, OrderClient, isInvalidOrder, registerOrderService } from "./io.example.order.js";
import { VarlinkServer } from "./runtime/index.js";

/** A declared error whose parameters hold an int beyond 2^53 crosses the wire exactly. */
export async function errorRoundTrip(address: string): Promise<bigint | string> {
  const server = new VarlinkServer({ vendor: "t", product: "t", version: "1", url: "https://example.org" });
  registerOrderService(server, {
    createOrder: async ({ items }) => {
      throw new InvalidOrder({ reason: "too many", items });
    },
  });
  const listener = await server.listen(address);
  const client = await OrderClient.connect(listener.address);
  try {
    await client.createOrder({
      username: "u",
      items: [{ sku: "s", quantity: 2n ** 60n + 3n, unitPrice: 1n }],
    });
    return "no error";
  } catch (e) {
    return isInvalidOrder(e) ? (e.parameters.items?.[0]?.quantity ?? "no items") : String(e);
  } finally {
    await client.close();
    await server.close();
  }
}

/** Serves Test02 (returns 2^62 + 1) and Test03 (echoes the int it got as a float). */
export async function roundTrip(address: string): Promise<{ int: bigint; received: bigint[] }> {
  const received: bigint[] = [];
  const service: Partial<CertificationService> = {
    test02: () => ({ int: 2n ** 62n + 1n }),
    test03: ({ int }) => {
      received.push(int);
      return { float: Number(int) };
    },
  };
  const server = new VarlinkServer({ vendor: "t", product: "t", version: "1", url: "https://example.org" });
  registerCertificationService(server, service);
  const listener = await server.listen(address);
  const client = await CertificationClient.connect(listener.address);
  try {
    const { int } = await client.test02({ client_id: "c", bool: true });
    await client.test03({ client_id: "c", int });
    await client.test03({ client_id: "c", int: 5n });
    return { int, received };
  } finally {
    await client.close();
    await server.close();
  }
}
