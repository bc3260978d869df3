/**
 * authorize(): PermissionDenied paths over real sockets (tcp loopback and unix), with a policy
 * and with the hook form, alone and behind authentication.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import type { VarlinkError } from "../../packages/runtime/src/errors.js";
import type { InterfaceDefinition } from "../../packages/runtime/src/server/definitions.js";
import { authorize } from "../../packages/runtime/src/server/authorize.js";
import type { ServerCall } from "../../packages/runtime/src/server/interceptor.js";
import type { Principal } from "../../packages/runtime/src/server/principal.js";
import { type ServerOptions, VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serverInfo } from "../runtime/helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const handled: string[] = [];
const iface: InterfaceDefinition = {
  name: "io.example.user",
  description: "",
  methods: {
    GetUser: { handler: (p) => void handled.push(`GetUser ${String(p["name"])}`) },
    DeleteUser: { handler: (p) => void handled.push(`DeleteUser ${String(p["name"])}`) },
  },
};
const principals: Record<string, Principal> = {
  reader: { subject: "reader", claims: { scope: "users:read" } },
  admin: { subject: "admin", claims: { scope: "users:read users:admin" } },
};
const verify = async (token: string): Promise<Principal> => {
  const found = principals[token];
  if (found === undefined) throw new Error("unknown token");
  return found;
};

async function serve(options: Partial<ServerOptions>, address = "tcp:127.0.0.1:0"): Promise<VarlinkClient> {
  handled.length = 0;
  const server = new VarlinkServer({ ...serverInfo, ...options });
  server.addInterface(iface);
  const target = (await server.listen(address)).address;
  cleanups.push(() => server.close({ timeoutMs: 1000 }));
  const client = await VarlinkClient.connect(target);
  cleanups.push(() => client.close());
  return client;
}

const denied = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => "allowed",
    (error: VarlinkError) => error.error,
  );

describe("authorize", () => {
  it("with a policy behind authentication: scopes grant methods, the rest is PermissionDenied", async () => {
    const rules = [
      { who: { claims: { scope: "users:read" } }, methods: ["io.example.user.GetUser"] },
      { who: { claims: { scope: "users:admin" } }, methods: ["io.example.user.*"] },
    ];
    const client = await serve({ authentication: { verify }, interceptors: [authorize(rules)] });
    // Deny by default: GetInfo too, since no rule grants it.
    expect(await denied(client.call("org.varlink.service.GetInfo"))).toBe(
      "org.varlink.service.PermissionDenied",
    );
    expect(await denied(client.call("io.example.user.GetUser"))).toBe("org.varlink.service.PermissionDenied");
    await client.call("org.varlink.codegen.auth.Authenticate", { token: "reader" });
    expect(await denied(client.call("io.example.user.GetUser", { name: "a" }))).toBe("allowed");
    expect(await denied(client.call("io.example.user.DeleteUser", { name: "a" }))).toBe(
      "org.varlink.service.PermissionDenied",
    );
    await client.call("org.varlink.codegen.auth.Authenticate", { token: "admin" });
    expect(await denied(client.call("io.example.user.DeleteUser", { name: "b" }))).toBe("allowed");
    expect(handled).toEqual(["GetUser a", "DeleteUser b"]);
  });

  it("matches the unix listener (policy and hook), and refuses the same call on tcp", async () => {
    const dir = await mkdtemp(join(tmpdir(), "varlink-authz-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const listener = `unix:${join(dir, "admin.sock")}`;
    const onUnix = await serve(
      { interceptors: [authorize([{ who: { listener }, methods: ["*"] }])] },
      listener,
    );
    expect(await denied(onUnix.call("io.example.user.DeleteUser"))).toBe("allowed");
    const hook = authorize((call) => call.peer.listener?.startsWith("unix:") === true);
    const onTcp = await serve({ interceptors: [hook] });
    expect(await denied(onTcp.call("io.example.user.GetUser"))).toBe("org.varlink.service.PermissionDenied");
  });

  it("the hook sees method, validated parameters and identity, and may be async", async () => {
    const calls: ServerCall[] = [];
    const client = await serve({
      authentication: { verify },
      interceptors: [
        authorize(async (call) => {
          calls.push(call);
          await Promise.resolve();
          return call.principal?.subject === "reader" && call.parameters["name"] === "self";
        }),
      ],
    });
    await client.call("org.varlink.codegen.auth.Authenticate", { token: "reader" });
    expect(await denied(client.call("io.example.user.GetUser", { name: "self" }))).toBe("allowed");
    expect(await denied(client.call("io.example.user.GetUser", { name: "other" }))).toBe(
      "org.varlink.service.PermissionDenied",
    );
    // Authenticate itself is never put to the check.
    expect(calls.map((c) => `${c.method} ${String(c.parameters["name"])} ${c.principal?.subject}`)).toEqual([
      "io.example.user.GetUser self reader",
      "io.example.user.GetUser other reader",
    ]);
  });

  it("a remote-address rule admits loopback tcp peers", async () => {
    const client = await serve({
      interceptors: [authorize([{ who: { address: "127.0.0.0/8" }, methods: ["io.example.user.GetUser"] }])],
    });
    expect(await denied(client.call("io.example.user.GetUser"))).toBe("allowed");
    expect(await denied(client.call("io.example.user.DeleteUser"))).toBe(
      "org.varlink.service.PermissionDenied",
    );
  });
});
