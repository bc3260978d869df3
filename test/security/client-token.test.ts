/**
 * Client token providers (`ClientOptions.tokenProvider`) over real tcp loopback sockets:
 * Authenticate goes first on every new connection (VarlinkClient, ConnectionPool via
 * ServiceClient), a refused token fails the connect clearly, the identity is refreshed on the
 * live connection ahead of expiry, and without a provider nothing new is sent.
 */
import type { AuthenticationOptions } from "../../packages/runtime/src/server/authentication.js";
import { afterEach, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import { AuthenticationError, type Token, refreshDelay } from "../../packages/runtime/src/client/token.js";
import type { VarlinkError } from "../../packages/runtime/src/errors.js";
import type { InterfaceDefinition } from "../../packages/runtime/src/server/definitions.js";
import type { Principal } from "../../packages/runtime/src/server/principal.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serverInfo } from "../runtime/helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Every call the server read, in order, per connection (by peer port). */
const seen: string[] = [];
const iface: InterfaceDefinition = {
  name: "org.example.auth",
  description: "",
  methods: { Whoami: { handler: (_p, context) => ({ subject: context.principal?.subject ?? null }) } },
};

async function start(authenticated = true): Promise<string> {
  seen.length = 0;
  const authentication: AuthenticationOptions = {
    verify: async (token): Promise<Principal> => {
      if (!token.startsWith("good-")) throw new Error("bad token");
      return { subject: token.slice(5), claims: {} };
    },
  };
  const server = new VarlinkServer({
    ...serverInfo,
    ...(authenticated ? { authentication } : {}),
    onError: () => {},
    interceptors: [(next) => (call) => (seen.push(`${call.peer.remotePort} ${call.method}`), next(call))],
  });
  server.addInterface(iface);
  const listener = await server.listen("tcp:127.0.0.1:0");
  cleanups.push(() => server.close({ timeoutMs: 1000 }));
  return listener.address;
}

describe("tokenProvider", () => {
  it("authenticates a new connection before any call is written", async () => {
    const address = await start();
    const client = await VarlinkClient.connect(address, { tokenProvider: async () => "good-alice" });
    cleanups.push(() => client.close());
    expect(await client.call("org.example.auth.Whoami")).toEqual({ subject: "alice" });
    expect(seen.map((s) => s.split(" ")[1])).toEqual([
      "org.varlink.codegen.auth.Authenticate",
      "org.example.auth.Whoami",
    ]);
  });

  it("fails the connect with AuthenticationError on a refused token, and writes no call", async () => {
    const address = await start();
    const error = (await VarlinkClient.connect(address, { tokenProvider: async () => "forged" }).catch(
      (e: unknown) => e,
    )) as VarlinkError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.error).toBe("org.varlink.codegen.auth.AuthenticationFailed");
    expect(error.kind).toBe("connection");
    expect(error.message).not.toContain("forged");
    expect(seen.map((s) => s.split(" ")[1])).toEqual(["org.varlink.codegen.auth.Authenticate"]);
  });

  it("re-authenticates on the live connection (refreshToken)", async () => {
    const address = await start();
    let subject = "alice";
    const client = await VarlinkClient.connect(address, { tokenProvider: async () => `good-${subject}` });
    cleanups.push(() => client.close());
    subject = "alice-renewed";
    await client.refreshToken();
    expect(await client.call("org.example.auth.Whoami")).toEqual({ subject: "alice-renewed" });
    expect(new Set(seen.map((s) => s.split(" ")[0])).size).toBe(1); // one connection throughout
  });

  it("refreshes by itself ahead of the token's expiry", async () => {
    const address = await start();
    let calls = 0;
    let refreshed!: () => void;
    const second = new Promise<void>((resolve) => (refreshed = resolve));
    const client = await VarlinkClient.connect(address, {
      tokenProvider: async (): Promise<Token> => {
        calls++;
        if (calls === 2) refreshed();
        // Expires soon after the first: the refresh is due at the 1 s floor.
        return {
          token: `good-call${calls}`,
          expiresAt: calls === 1 ? Date.now() + 1500 : Date.now() + 3_600_000,
        };
      },
    });
    cleanups.push(() => client.close());
    await second;
    // The provider answered; the refresh's Authenticate is written within this turn.
    await new Promise((resolve) => setImmediate(resolve));
    // The refresh's Authenticate was written before this call: it runs as the new identity.
    expect(await client.call("org.example.auth.Whoami")).toEqual({ subject: "call2" });
  });

  it("a service client authenticates each pooled connection; a refused token fails its calls", async () => {
    const address = await start();
    const client = new ServiceClient(address, {
      tokenProvider: async () => "good-svc",
      maxConnectionsPerEndpoint: 3,
    });
    cleanups.push(() => client.close());
    const replies = await Promise.all([1, 2, 3].map(() => client.call("org.example.auth.Whoami")));
    expect(replies).toEqual([{ subject: "svc" }, { subject: "svc" }, { subject: "svc" }]);
    const byConnection = new Map<string, string[]>();
    for (const entry of seen) {
      const [port = "", method = ""] = entry.split(" ");
      byConnection.set(port, [...(byConnection.get(port) ?? []), method]);
    }
    for (const methods of byConnection.values())
      expect(methods[0]).toBe("org.varlink.codegen.auth.Authenticate");

    const refused = new ServiceClient(address, { tokenProvider: async () => "forged", retry: false });
    cleanups.push(() => refused.close());
    const error = (await refused.call("org.example.auth.Whoami").catch((e: unknown) => e)) as VarlinkError;
    expect(error.error).toBe("org.varlink.codegen.auth.AuthenticationFailed");
  });

  it("sends no Authenticate (nothing new) without a provider", async () => {
    const address = await start(false);
    const client = new ServiceClient(address);
    cleanups.push(() => client.close());
    expect(await client.call("org.example.auth.Whoami")).toEqual({ subject: null });
    expect(seen.map((s) => s.split(" ")[1])).toEqual(["org.example.auth.Whoami"]);
  });
});

describe("refreshDelay", () => {
  it.each<[string, number | undefined, number | undefined]>([
    ["an hour left: 30 s ahead", 3_600_000, 3_570_000],
    ["a minute left: half of it", 60_000, 30_000],
    ["1.5 s left: the 1 s floor", 1500, 1000],
    ["no expiry: never", undefined, undefined],
    ["already expired: never", -1, undefined],
  ])("%s", (_name, left, delay) => {
    expect(refreshDelay(left === undefined ? undefined : 1_000_000 + left, 1_000_000, 30_000)).toBe(delay);
  });
});
