/**
 * Policies and per-identity limits on TLS peer identities, with hand-made `Peer.tls` objects
 * served through `serveChannel(channel, peer)` (what a TLS transport fills in; see server/peer.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import type { VarlinkError } from "../../packages/runtime/src/errors.js";
import { authorize } from "../../packages/runtime/src/server/authorize.js";
import type { Peer, TlsPeer } from "../../packages/runtime/src/server/peer.js";
import { type ServerOptions, VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { createChannelPair } from "../../packages/runtime/src/transports/memory.js";
import { serverInfo } from "../runtime/helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tlsPeer(cn: string, fingerprint256: string): Peer {
  const tls: TlsPeer = {
    authorized: true,
    subject: { CN: cn },
    issuer: { CN: "test CA" },
    subjectAltNames: [`DNS:${cn}.svc`],
    fingerprint256,
    validFrom: "Jan  1 00:00:00 2026 GMT",
    validTo: "Jan  1 00:00:00 2028 GMT",
    serialNumber: "01",
  };
  return { listener: "tls:127.0.0.1:8443", remoteAddress: "127.0.0.1", remotePort: 1, tls };
}

function server(options: Partial<ServerOptions>): VarlinkServer {
  const s = new VarlinkServer({ ...serverInfo, ...options });
  s.addInterface({ name: "io.example.order", description: "", methods: { Create: { handler: () => ({}) } } });
  cleanups.push(() => s.close({ timeoutMs: 1000 }));
  return s;
}

function connect(s: VarlinkServer, peer: Peer): VarlinkClient {
  const [a, b] = createChannelPair();
  s.serveChannel(b, peer);
  const client = VarlinkClient.fromChannel(a);
  cleanups.push(() => client.close());
  return client;
}

const outcome = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => "allowed",
    (e: VarlinkError) => e.error,
  );

describe("TLS peer identities", () => {
  it("a policy grants by certificate CN and SAN; other certificates are PermissionDenied", async () => {
    const s = server({
      interceptors: [
        authorize([
          { who: { tlsCommonName: "order-service" }, methods: ["io.example.order.*"] },
          { who: { tlsSubjectAltName: "DNS:billing.svc" }, methods: ["io.example.order.Create"] },
        ]),
      ],
    });
    expect(await outcome(connect(s, tlsPeer("order-service", "AA")).call("io.example.order.Create"))).toBe(
      "allowed",
    );
    expect(await outcome(connect(s, tlsPeer("billing", "BB")).call("io.example.order.Create"))).toBe(
      "allowed",
    );
    expect(await outcome(connect(s, tlsPeer("intruder", "CC")).call("io.example.order.Create"))).toBe(
      "org.varlink.service.PermissionDenied",
    );
  });

  it("closes connections over maxConnectionsPerIdentity for one certificate fingerprint", async () => {
    const s = server({ maxConnectionsPerIdentity: 1 });
    const first = connect(s, tlsPeer("order-service", "AA"));
    const second = connect(s, tlsPeer("order-service", "AA"));
    const other = connect(s, tlsPeer("order-service", "BB"));
    await second.ended;
    expect(await outcome(first.call("io.example.order.Create"))).toBe("allowed");
    expect(await outcome(other.call("io.example.order.Create"))).toBe("allowed");
  });
});
