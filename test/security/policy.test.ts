/** policy(): identities × methods → allow, deny by default; table-driven over hand-made calls. */
import { describe, expect, it } from "vitest";
import type { ServerCall } from "../../packages/runtime/src/server/interceptor.js";
import type { Peer, TlsPeer } from "../../packages/runtime/src/server/peer.js";
import { type PolicyRule, policy } from "../../packages/runtime/src/server/policy.js";
import type { Principal } from "../../packages/runtime/src/server/principal.js";

const tls = (authorized: boolean): TlsPeer => ({
  authorized,
  subject: { CN: "order-service", O: "example" },
  issuer: { CN: "example CA" },
  subjectAltNames: ["DNS:order.svc", "URI:spiffe://example.org/order"],
  fingerprint256: "AB:CD",
  validFrom: "Jan  1 00:00:00 2026 GMT",
  validTo: "Jan  1 00:00:00 2028 GMT",
  serialNumber: "01",
});
const alice: Principal = {
  subject: "alice",
  issuer: "https://idp",
  claims: { scope: "users:read users:write", groups: ["admins", "ops"] },
};

function call(method: string, peer: Partial<Peer>, principal?: Principal): ServerCall {
  return { method, peer: { listener: "tcp:127.0.0.1:1", ...peer }, principal } as unknown as ServerCall;
}

const rules: PolicyRule[] = [
  { who: { subject: "alice", issuer: "https://idp" }, methods: ["io.example.user.GetUser"] },
  { who: { claims: { scope: "users:write" } }, methods: ["io.example.user.SetUser"] },
  { who: { claims: { groups: "ops" } }, methods: ["io.example.ops.*"] },
  {
    who: [{ tlsCommonName: "order-service" }, { tlsSubjectAltName: "DNS:billing.svc" }],
    methods: ["io.example.order.*"],
  },
  { who: { tlsSubjectAltName: "URI:spiffe://example.org/order" }, methods: ["io.example.stock.Reserve"] },
  { who: { listener: "unix:/run/admin.sock" }, methods: ["*"] },
  { who: { socketPath: "/run/metrics.sock" }, methods: ["io.example.metrics.Get"] },
  { who: { address: "10.1.0.0/16" }, methods: ["io.example.health.Check"] },
  { who: { address: "fd00::/8" }, methods: ["io.example.health.Check"] },
  { who: { anyone: true }, methods: ["org.varlink.service.GetInfo"] },
];

const cases: [name: string, call: ServerCall, allowed: boolean][] = [
  ["subject and issuer", call("io.example.user.GetUser", {}, alice), true],
  ["subject, other issuer", call("io.example.user.GetUser", {}, { ...alice, issuer: "https://evil" }), false],
  ["no principal", call("io.example.user.GetUser", {}), false],
  ["scope word", call("io.example.user.SetUser", {}, alice), true],
  [
    "scope is not a substring match",
    call("io.example.user.SetUser", {}, { ...alice, claims: { scope: "users:writer" } }),
    false,
  ],
  ["group array", call("io.example.ops.Restart", {}, alice), true],
  ["interface wildcard covers sub-interfaces", call("io.example.ops.db.Vacuum", {}, alice), true],
  ["interface wildcard is not a name prefix", call("io.example.opsx.Restart", {}, alice), false],
  ["TLS CN", call("io.example.order.Create", { tls: tls(true) }), true],
  ["TLS CN of an unverified certificate", call("io.example.order.Create", { tls: tls(false) }), false],
  ["TLS SAN URI", call("io.example.stock.Reserve", { tls: tls(true) }), true],
  ["TLS identity, method not granted", call("io.example.user.GetUser", { tls: tls(true) }), false],
  ["listener", call("io.example.anything.AtAll", { listener: "unix:/run/admin.sock" }), true],
  ["socket path", call("io.example.metrics.Get", { socketPath: "/run/metrics.sock" }), true],
  ["CIDR v4", call("io.example.health.Check", { remoteAddress: "10.1.2.3" }), true],
  ["CIDR v4 as mapped v6", call("io.example.health.Check", { remoteAddress: "::ffff:10.1.2.3" }), true],
  ["outside CIDR", call("io.example.health.Check", { remoteAddress: "10.2.0.1" }), false],
  ["CIDR v6", call("io.example.health.Check", { remoteAddress: "fd12::1" }), true],
  ["anyone", call("org.varlink.service.GetInfo", {}), true],
  ["deny by default", call("io.example.other.Thing", {}, alice), false],
];

describe("policy", () => {
  const check = policy(rules);
  it.each(cases)("%s", (_name, c, allowed) => {
    expect(check(c)).toBe(allowed);
  });

  it("allows nothing with no rules", () => {
    expect(policy([])(call("org.varlink.service.GetInfo", {}, alice))).toBe(false);
  });

  it.each<[string, PolicyRule]>([
    ["an empty match", { who: {}, methods: ["*"] }],
    ["no identities", { who: [], methods: ["*"] }],
    ["a bad method pattern", { who: { anyone: true }, methods: ["io.*.Get"] }],
    ["a bad address", { who: { address: "10.0.0.0/33" }, methods: ["*"] }],
    ["a host name as address", { who: { address: "localhost" }, methods: ["*"] }],
  ])("refuses %s", (_name, rule) => {
    expect(() => policy([rule])).toThrow(TypeError);
  });
});
