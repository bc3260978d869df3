/**
 * Scenario for ints, floats and `__proto__` keys on the wire (compiled with the generated
 * org.varlink.certification module, in number mode and in bigint mode): a server that echoes
 * what it was sent, and a typed client whose calls and replies the test inspects byte by byte.
 */
import { CertificationClient, registerCertificationService } from "./org.varlink.certification.js";
import { VarlinkServer } from "./runtime/index.js";

/** What the echo server's handlers saw. */
export interface Seen {
  /** Test09: the prototype of `Object.assign({}, set)` was still Object.prototype. */
  assignKeptPrototype: boolean[];
  /** Calls that reached a handler. */
  calls: number;
}

/**
 * Serves Test06 (echoes its int and float in the struct), Test03 (answers the float `bad` says:
 * NaN, Infinity or the int) and Test09 (copies the set with Object.assign, as handlers do).
 */
export async function serveEcho(
  address: string,
  bad?: "nan" | "infinity",
): Promise<{ address: string; seen: Seen; close(): Promise<void> }> {
  const seen: Seen = { assignKeptPrototype: [], calls: 0 };
  const server = new VarlinkServer({ vendor: "t", product: "t", version: "1", url: "https://example.org" });
  registerCertificationService(server, {
    test06: (p) => {
      seen.calls++;
      return { struct: { bool: p.bool, int: p.int, float: p.float, string: p.string } };
    },
    test03: ({ int }) => {
      seen.calls++;
      return { float: bad === "nan" ? NaN : bad === "infinity" ? Infinity : Number(int) };
    },
    test09: ({ set }) => {
      seen.calls++;
      const copy = Object.assign({}, set);
      seen.assignKeptPrototype.push(Object.getPrototypeOf(copy) === Object.prototype);
      // The reply's shape does not matter to the test (the server does not check results).
      return { mytype: {} as never };
    },
  });
  const listener = await server.listen(address);
  return { address: listener.address, seen, close: () => server.close() };
}

/** Calls Test06 with `int`/`float` (any type: the test also sends what the types forbid). */
export async function callTest06(address: string, int: unknown, float: unknown): Promise<unknown> {
  const client = await CertificationClient.connect(address);
  try {
    return await client.test06({
      client_id: "c",
      bool: true,
      int: int as never,
      float: float as number,
      string: "s",
    });
  } finally {
    await client.close();
  }
}

/** Calls Test02 and returns the int of the reply (a raw test server decides what it is). */
export async function callTest02(address: string): Promise<unknown> {
  const client = await CertificationClient.connect(address);
  try {
    return (await client.test02({ client_id: "c", bool: true })).int;
  } finally {
    await client.close();
  }
}
