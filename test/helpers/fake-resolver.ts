/**
 * A fake `org.varlink.resolver` for discovery tests: our own VarlinkServer answering `Resolve`
 * from a mutable table (`InterfaceNotFound` for names not in it), counting the calls so a test
 * can wait for a lookup instead of sleeping.
 */
import { VarlinkError } from "../../packages/runtime/src/errors.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serverInfo } from "../runtime/helpers.js";

const RESOLVER_IDL = `interface org.varlink.resolver

method GetInfo() -> (vendor: string, product: string, version: string, url: string, interfaces: []string)
method Resolve(interface: string) -> (address: string)

error InterfaceNotFound (interface: string)
`;

export interface FakeResolver {
  /** Interface name → the address `Resolve` answers. */
  readonly table: Map<string, string>;
  readonly server: VarlinkServer;
  readonly address: string;
  /** `Resolve` calls so far. */
  calls(): number;
  /** Resolves once `Resolve` has been called `count` times in total. */
  waitForCalls(count: number): Promise<void>;
}

/** Starts the resolver listening on `address`; the caller closes `server`. */
export async function startResolver(address: string): Promise<FakeResolver> {
  const table = new Map<string, string>();
  let calls = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = new VarlinkServer(serverInfo);
  server.addInterface({
    name: "org.varlink.resolver",
    description: RESOLVER_IDL,
    methods: {
      GetInfo: { handler: () => ({ ...serverInfo, interfaces: [...table.keys()] }) },
      Resolve: {
        handler: (parameters) => {
          calls++;
          for (const waiter of waiters.filter((w) => w.count <= calls)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
          const iface = String(parameters["interface"]);
          const found = table.get(iface);
          if (found === undefined)
            throw new VarlinkError("org.varlink.resolver.InterfaceNotFound", { interface: iface });
          return { address: found };
        },
      },
    },
  });
  const listener = await server.listen(address);
  return {
    table,
    server,
    address: listener.address,
    calls: () => calls,
    waitForCalls(count) {
      if (calls >= count) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ count, resolve }));
    },
  };
}
