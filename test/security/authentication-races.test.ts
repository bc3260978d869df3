/**
 * Authentication under races and misuse, over real tcp loopback sockets: a connection that
 * closes while its token is verified, calls pipelined behind an Authenticate that an async
 * interceptor delays, a verifier that hangs, refused tokens with only a logger, pipelined bad
 * tokens, and which connection a full table evicts.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import type { Logger } from "../../packages/runtime/src/observability/logging.js";
import type { Principal } from "../../packages/runtime/src/server/principal.js";
import { type ServerOptions, VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serverInfo } from "../runtime/helpers.js";
import { connectFor, failure, serveWhoami } from "./auth-helpers.js";
import { EVENT_LIMIT_MS, scaled } from "../helpers/time-limits.js";

const AUTHENTICATE = "org.varlink.codegen.auth.Authenticate";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const bob: Principal = { subject: "bob", issuer: "https://idp", claims: {} };
async function start(options: Partial<ServerOptions>): Promise<{ server: VarlinkServer; address: string }> {
  const server = new VarlinkServer({ ...serverInfo, ...options });
  return await serveWhoami(server, cleanups);
}

const connect = (address: string): Promise<VarlinkClient> => connectFor(address, cleanups);

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("authentication races", () => {
  it("takes no identity slot for a connection that closed while its token was verified", async () => {
    let started!: () => void;
    const verifying = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const verify = async (): Promise<Principal> => {
      started();
      await gate;
      return bob;
    };
    // The authentication timeout closes the connection while the verifier waits.
    const authentication = { verify, timeoutMs: scaled(1000) };
    const { server, address } = await start({ authentication, maxConnectionsPerIdentity: 1 });
    const first = await connect(address);
    void first.call(AUTHENTICATE, { token: "bob" }).catch(() => undefined);
    await verifying;
    while (server.connectionCount > 0) await turn();
    release();
    const second = await connect(address);
    expect((await second.call(AUTHENTICATE, { token: "bob" }))["subject"]).toBe("bob");
  });

  it("runs calls pipelined behind Authenticate under its outcome when an interceptor awaits first", async () => {
    const { address } = await start({
      authentication: { verify: async () => bob, unauthenticated: [] },
      interceptors: [
        (next) => async (call) => {
          for (let i = 0; i < 10; i++) await turn();
          return await next(call);
        },
      ],
    });
    const client = await connect(address);
    const [auth, whoami] = await Promise.all([
      client.call(AUTHENTICATE, { token: "bob" }),
      client.call("org.example.auth.Whoami"),
    ]);
    expect(auth["subject"]).toBe("bob");
    expect(whoami).toEqual({ subject: "bob" });
  });

  it(
    "bounds a re-authentication's verifier by timeoutMs: the calls behind it do not wait forever",
    async () => {
      const verify = (token: string): Promise<Principal> =>
        token === "bob" ? Promise.resolve(bob) : new Promise<Principal>(() => undefined);
      const reported: unknown[] = [];
      const { address } = await start({
        authentication: { verify, timeoutMs: scaled(1000) },
        onError: (error) => void reported.push(error),
      });
      const client = await connect(address);
      await client.call(AUTHENTICATE, { token: "bob" });
      const [auth, whoami] = await Promise.all([
        failure(client.call(AUTHENTICATE, { token: "hangs" })),
        failure(client.call("org.example.auth.Whoami")),
      ]);
      expect(auth.error).toBe("org.varlink.codegen.auth.AuthenticationFailed");
      expect(whoami).toBeDefined();
      await client.ended;
      expect(String(reported[0])).toContain("did not answer");
    },
    EVENT_LIMIT_MS,
  );

  it("reports a refused token to the logger when there is no onError, not as a process warning", async () => {
    const logged: object[] = [];
    const record = (obj: object): void => void logged.push(obj);
    const logger: Logger = { debug: () => undefined, info: record, warn: record, error: record };
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on("warning", onWarning);
    cleanups.push(async () => void process.off("warning", onWarning));
    const verify = async (): Promise<Principal> => {
      throw new Error("bad signature");
    };
    const { address } = await start({ authentication: { verify }, logger });
    const client = await connect(address);
    await failure(client.call(AUTHENTICATE, { token: "mallory" }));
    await client.ended;
    await turn();
    expect(logged.some((entry) => String((entry as { err?: unknown }).err).includes("bad signature"))).toBe(
      true,
    );
    expect(warnings.filter((w) => w.name === "VarlinkAuthenticationFailed")).toEqual([]);
  });

  it("verifies and reports only the first of pipelined refused tokens; the rest fail at once", async () => {
    let verified = 0;
    const reported: unknown[] = [];
    const verify = async (): Promise<Principal> => {
      verified++;
      throw new Error("bad signature");
    };
    const { address } = await start({
      authentication: { verify },
      onError: (error) => void reported.push(error),
    });
    const client = await connect(address);
    const refusals = await Promise.all(
      ["a", "b", "c"].map((token) => failure(client.call(AUTHENTICATE, { token }))),
    );
    await client.ended;
    expect(refusals[0]!.error).toBe("org.varlink.codegen.auth.AuthenticationFailed");
    expect(verified).toBe(1);
    expect(reported).toHaveLength(1);
  });

  it("evicts an idle anonymous connection before an idle authenticated one at maxConnections", async () => {
    const { server, address } = await start({
      authentication: { verify: async () => bob },
      maxConnections: 2,
    });
    const authed = await connect(address);
    await authed.call(AUTHENTICATE, { token: "bob" });
    const anonymous = await connect(address);
    while (server.connectionCount < 2) await turn();
    const third = await connect(address);
    await third.call("org.varlink.service.GetInfo");
    const evicted = await Promise.race([
      authed.ended.then(() => "authenticated"),
      anonymous.ended.then(() => "anonymous"),
    ]);
    expect(evicted).toBe("anonymous");
    expect(authed.closed).toBe(false);
  });
});
