/**
 * Client token providers (`ClientOptions.tokenProvider`) over real tcp loopback sockets:
 * Authenticate goes first on every new connection (VarlinkClient, ConnectionPool via
 * ServiceClient), a refused token fails the connect clearly, the identity is refreshed on the
 * live connection ahead of expiry, and without a provider nothing new is sent.
 */
import type { AuthenticationOptions } from "../../packages/runtime/src/server/authentication.js";
import { type AddressInfo, createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { ConnectionPool } from "../../packages/runtime/src/client/pool.js";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import { AuthenticationError, type Token, refreshDelay } from "../../packages/runtime/src/client/token.js";
import type { VarlinkError } from "../../packages/runtime/src/errors.js";
import { connectAddress } from "../../packages/runtime/src/transports/connect.js";
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

describe("tokenProvider, connect edge cases", () => {
  it("authenticates a connection made through a custom Transport too", async () => {
    const address = await start();
    const transport = { connect: async () => (await connectAddress(address)).channel };
    const client = await VarlinkClient.connect(transport, { tokenProvider: async () => "good-bob" });
    cleanups.push(() => client.close());
    expect(await client.call("org.example.auth.Whoami")).toEqual({ subject: "bob" });
    expect(seen.map((s) => s.split(" ")[1])).toEqual([
      "org.varlink.codegen.auth.Authenticate",
      "org.example.auth.Whoami",
    ]);
  });

  /** A server that accepts and never answers; resolves each accepted socket's close. */
  async function silentServer(): Promise<{ address: string; closed: Promise<void>[]; read: string[] }> {
    const closed: Promise<void>[] = [];
    const read: string[] = [];
    const server = createServer((socket) => {
      closed.push(new Promise((resolve) => socket.on("close", () => resolve())));
      socket.on("data", (data) => read.push(String(data)));
      socket.on("error", () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    return { address: `tcp:127.0.0.1:${(server.address() as AddressInfo).port}`, closed, read };
  }

  it.each([
    ["an Authenticate that is never answered", async (): Promise<string> => "good-alice", 1],
    ["a tokenProvider that never settles", (): Promise<string> => new Promise(() => {}), 0],
  ])("an aborted connect stops waiting on %s and closes the socket", async (_name, tokenProvider, reads) => {
    const { address, closed, read } = await silentServer();
    let provided = 0;
    const abort = new AbortController();
    const connecting = VarlinkClient.connect(address, {
      tokenProvider: () => (provided++, tokenProvider()),
      signal: abort.signal,
    });
    await expect.poll(() => provided === 1 && read.length === reads).toBe(true);
    abort.abort(new Error("gave up"));
    await expect(connecting).rejects.toThrow("gave up");
    await closed[0]; // the server sees the client close its socket
  });

  it("a pool's connectTimeoutMs closes a connection stuck in Authenticate", async () => {
    const { address, closed } = await silentServer();
    const pool = new ConnectionPool(address, {
      tokenProvider: async () => "good-alice",
      connectTimeoutMs: 200,
    });
    cleanups.push(() => pool.close());
    await expect(pool.call("org.example.auth.Whoami")).rejects.toThrow("connectTimeoutMs");
    await expect.poll(() => closed.length).toBeGreaterThan(0);
    await Promise.all(closed);
  });
});
