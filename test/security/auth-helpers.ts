/** Shared by the authentication tests: a tcp loopback server and clients closed after each test. */
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import type { VarlinkError } from "../../packages/runtime/src/errors.js";
import type { InterfaceDefinition } from "../../packages/runtime/src/server/definitions.js";
import type { VarlinkServer } from "../../packages/runtime/src/server/server.js";

/** Cleanups run after each test, last first. */
export type Cleanups = (() => Promise<void>)[];

/** `Whoami` answers the caller's subject (null without one). */
export const whoamiInterface: InterfaceDefinition = {
  name: "org.example.auth",
  description: "",
  methods: { Whoami: { handler: (_p, context) => ({ subject: context.principal?.subject ?? null }) } },
};

/** Adds {@link whoamiInterface}, listens on 127.0.0.1 and closes the server after the test. */
export async function serveWhoami(
  server: VarlinkServer,
  cleanups: Cleanups,
): Promise<{ server: VarlinkServer; address: string }> {
  server.addInterface(whoamiInterface);
  const listener = await server.listen("tcp:127.0.0.1:0");
  cleanups.push(() => server.close({ timeoutMs: 1000 }));
  return { server, address: listener.address };
}

/** A client of `address`, closed after the test. */
export async function connectFor(address: string, cleanups: Cleanups): Promise<VarlinkClient> {
  const client = await VarlinkClient.connect(address);
  cleanups.push(() => client.close());
  return client;
}

/** The error `promise` rejects with (it must reject). */
export const failure = (promise: Promise<unknown>): Promise<VarlinkError> =>
  promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: VarlinkError) => error,
  );
