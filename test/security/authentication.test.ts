/**
 * Server-side authentication (`ServerOptions.authentication`): `org.varlink.codegen.auth.Authenticate`
 * binds an identity to the connection; without one, calls are PermissionDenied; a refused token
 * closes the connection; identities expire (injected clock); per-identity limits; the
 * authentication timeout. Over real tcp loopback sockets, with a table-driven fake verifier.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import type { Principal } from "../../packages/runtime/src/server/principal.js";
import { type ServerOptions, VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serverInfo } from "../runtime/helpers.js";
import { connectFor, failure, serveWhoami, whoamiInterface } from "./auth-helpers.js";
import { EVENT_LIMIT_MS, scaled } from "../helpers/time-limits.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let now = 1_000_000_000_000;
const tokens: Record<string, Principal> = {
  alice: { subject: "alice", issuer: "https://idp", expiresAt: now + 60_000, claims: { scope: "read" } },
  alice2: { subject: "alice", issuer: "https://idp", expiresAt: now + 120_000, claims: {} },
  bob: { subject: "bob", issuer: "https://idp", claims: {} },
};
const reported: unknown[] = [];
async function verify(token: string): Promise<Principal> {
  const principal = tokens[token];
  // What a real verifier says: configuration an attacker must not learn.
  if (principal === undefined) throw new Error("audience mismatch: expected api://secret-audience");
  return principal;
}

async function start(
  options: Partial<ServerOptions> = {},
): Promise<{ server: VarlinkServer; address: string }> {
  reported.length = 0;
  const server = new VarlinkServer({
    ...serverInfo,
    authentication: { verify, now: () => now },
    onError: (error) => void reported.push(error),
    ...options,
  });
  return await serveWhoami(server, cleanups);
}

const connect = (address: string): Promise<VarlinkClient> => connectFor(address, cleanups);

describe("authentication", () => {
  it("answers PermissionDenied before Authenticate, but to GetInfo; then runs calls as the subject", async () => {
    const { address } = await start();
    const client = await connect(address);
    expect((await failure(client.call("org.example.auth.Whoami"))).error).toBe(
      "org.varlink.service.PermissionDenied",
    );
    const info = await client.call("org.varlink.service.GetInfo");
    expect(info["interfaces"]).toContain("org.varlink.codegen.auth");
    const reply = await client.call("org.varlink.codegen.auth.Authenticate", { token: "alice" });
    expect(reply).toEqual({ subject: "alice", expires: Math.floor((now + 60_000) / 1000) });
    expect(await client.call("org.example.auth.Whoami")).toEqual({ subject: "alice" });
  });

  it("refuses a bad token with AuthenticationFailed and no detail, reports why, and closes the connection", async () => {
    const { address } = await start();
    const client = await connect(address);
    const refused = await failure(client.call("org.varlink.codegen.auth.Authenticate", { token: "mallory" }));
    expect(refused.error).toBe("org.varlink.codegen.auth.AuthenticationFailed");
    expect(refused.parameters).toEqual({});
    expect(refused.message).not.toContain("secret");
    await client.ended;
    expect(String(reported[0])).toContain("audience mismatch");
  });

  it("runs calls pipelined behind Authenticate under its outcome", async () => {
    const { address } = await start();
    const client = await connect(address);
    const [auth, whoami] = await Promise.all([
      client.call("org.varlink.codegen.auth.Authenticate", { token: "bob" }),
      client.call("org.example.auth.Whoami"),
    ]);
    expect(auth["subject"]).toBe("bob");
    expect(whoami).toEqual({ subject: "bob" });
  });

  it("denies calls once the identity expired, until Authenticate binds a fresh one", async () => {
    const { address } = await start();
    const client = await connect(address);
    await client.call("org.varlink.codegen.auth.Authenticate", { token: "alice" });
    now += 60_000;
    try {
      expect((await failure(client.call("org.example.auth.Whoami"))).error).toBe(
        "org.varlink.service.PermissionDenied",
      );
      await client.call("org.varlink.codegen.auth.Authenticate", { token: "alice2" });
      expect(await client.call("org.example.auth.Whoami")).toEqual({ subject: "alice" });
    } finally {
      now -= 60_000;
    }
  });

  it(
    "closes a connection that does not authenticate within timeoutMs, not one that did",
    async () => {
      // Long enough that the authenticated connection surely authenticates in time on a loaded
      // machine (its clock runs from its accept); the silent one then waits that long.
      const { address } = await start({ authentication: { verify, timeoutMs: scaled(3000) } });
      const authed = await connect(address);
      await authed.call("org.varlink.codegen.auth.Authenticate", { token: "bob" });
      const silent = await connect(address);
      // Both clocks run the same time; the authenticated connection's started first.
      await silent.ended;
      expect(authed.closed).toBe(false);
      expect(await authed.call("org.example.auth.Whoami")).toEqual({ subject: "bob" });
    },
    EVENT_LIMIT_MS,
  );

  it("limits connections per identity: over it, TooManyConnections and the connection closes", async () => {
    const { server, address } = await start({ maxConnectionsPerIdentity: 1 });
    const first = await connect(address);
    await first.call("org.varlink.codegen.auth.Authenticate", { token: "alice" });
    const second = await connect(address);
    const refused = await failure(second.call("org.varlink.codegen.auth.Authenticate", { token: "alice2" }));
    expect(refused.error).toBe("org.varlink.codegen.auth.TooManyConnections");
    await second.ended;
    const other = await connect(address);
    expect((await other.call("org.varlink.codegen.auth.Authenticate", { token: "bob" }))["subject"]).toBe(
      "bob",
    );
    // Re-authenticating as the same identity on its own connection is no second connection.
    await first.call("org.varlink.codegen.auth.Authenticate", { token: "alice2" });
    await first.close();
    while (server.connectionCount > 1) await new Promise((resolve) => setImmediate(resolve));
    const third = await connect(address);
    expect((await third.call("org.varlink.codegen.auth.Authenticate", { token: "alice" }))["subject"]).toBe(
      "alice",
    );
  });

  it("sends nothing new and asks for nothing without authentication configured", async () => {
    const server = new VarlinkServer(serverInfo);
    server.addInterface(whoamiInterface);
    const listener = await server.listen("tcp:127.0.0.1:0");
    cleanups.push(() => server.close({ timeoutMs: 1000 }));
    const client = await connect(listener.address);
    expect(await client.call("org.example.auth.Whoami")).toEqual({ subject: null });
    const info = await client.call("org.varlink.service.GetInfo");
    expect(info["interfaces"]).not.toContain("org.varlink.codegen.auth");
  });
});
