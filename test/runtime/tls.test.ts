/**
 * `tls:` addresses over loopback: the handshake matrix (each case asserts the error the client
 * sees, and that the server then serves a good client), mutual TLS and the peer identity a
 * handler sees, and the handshake timeout against a raw socket that never speaks.
 */
import { readFileSync } from "node:fs";
import * as net from "node:net";
import { connect as tlsConnect } from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import { type ListenOptions, VarlinkServer } from "../../packages/runtime/src/server/server.js";
import type { TlsClientOptions, TlsServerOptions } from "../../packages/runtime/src/security/tls-options.js";
import { parseAddress, formatAddress } from "../../packages/runtime/src/transports/address.js";
import { splitAltNames } from "../../packages/runtime/src/server/peer.js";
import { type TestCerts, makeCerts } from "../helpers/certs.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";
import { serverInfo } from "./helpers.js";

let certs: TestCerts;
beforeAll(() => {
  certs = makeCerts();
}, EVENT_LIMIT_MS);
afterAll(() => certs?.rm());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server on tls:127.0.0.1:0 whose `Who` answers the caller's peer. */
async function serve(tls: TlsServerOptions, extra: ListenOptions = {}): Promise<string> {
  const server = new VarlinkServer(serverInfo);
  server.addInterface({
    name: "org.example.peer",
    description: "",
    methods: { Who: { handler: (_p, context) => ({ peer: { ...context.peer } }) } },
  });
  const listener = await server.listen("tls:127.0.0.1:0", { ...extra, tls });
  cleanups.push(() => server.close({ timeoutMs: 1000 }));
  return listener.address;
}

async function connect(address: string, tls: TlsClientOptions): Promise<VarlinkClient> {
  const client = await VarlinkClient.connect(address, { tls });
  cleanups.push(() => client.close());
  return client;
}

describe("tls: addresses", () => {
  it.each([
    ["tls:127.0.0.1:8443", { kind: "tls", host: "127.0.0.1", port: 8443 }],
    ["tls:[::1]:8443", { kind: "tls", host: "::1", port: 8443 }],
    ["tls:svc.example:1", { kind: "tls", host: "svc.example", port: 1 }],
  ])("parses %s", (text, parsed) => {
    expect(parseAddress(text)).toEqual(parsed);
    expect(formatAddress(parseAddress(text))).toBe(text);
  });

  it.each([
    ["tls:127.0.0.1", "expected tls:host:port"],
    ["tls:::1:80", "an IPv6 host must be in brackets: tls:[::1]:port"],
    ["tls:h:80;mode=0600", "unexpected option 'mode=0600'"],
  ])("rejects %s", (text, message) => {
    expect(() => parseAddress(text)).toThrow(message);
  });

  it("a tls: listener without certificates is refused", async () => {
    const server = new VarlinkServer(serverInfo);
    await expect(server.listen("tls:127.0.0.1:0")).rejects.toThrow("needs the tls option");
  });

  it("mutual TLS without a ca is refused (node would trust its public root store)", async () => {
    const server = new VarlinkServer(serverInfo);
    await expect(
      server.listen("tls:127.0.0.1:0", { tls: { ...certs.server, requireClientCert: true } }),
    ).rejects.toThrow("requireClientCert needs tls.ca");
  });

  it("a missing certificate file is named", async () => {
    const server = new VarlinkServer(serverInfo);
    await expect(
      server.listen("tls:127.0.0.1:0", { tls: { cert: "/nonexistent/tls.crt", key: certs.server.key } }),
    ).rejects.toThrow(/cannot listen on tls:127.0.0.1:0: cannot read the TLS certificate file: .*ENOENT/);
  });
});

describe("handshake matrix", () => {
  const good = (): TlsClientOptions => ({ ca: certs.ca });

  it.each<[string, () => TlsServerOptions, () => TlsClientOptions, RegExp]>([
    [
      "wrong CA",
      () => ({ ...certs.otherCaServer }),
      good,
      /cannot connect to tls:127\.0\.0\.1:\d+: unable to verify the first certificate/,
    ],
    ["expired", () => ({ ...certs.expired }), good, /: certificate has expired$/],
    ["not yet valid", () => ({ ...certs.notYetValid }), good, /: certificate is not yet valid$/],
    [
      "wrong SAN",
      () => ({ ...certs.wrongName }),
      good,
      /: Hostname\/IP does not match certificate's altnames: IP: 127\.0\.0\.1 is not in the cert's list: $/,
    ],
    [
      "wrong servername",
      () => ({ ...certs.server }),
      () => ({ ca: certs.ca, servername: "other.example" }),
      /: Hostname\/IP does not match certificate's altnames: Host: other\.example\. is not in the cert's altnames: DNS:localhost, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1$/,
    ],
  ])(
    "%s: the client refuses, the server serves the next good client",
    async (_name, server, client, error) => {
      const address = await serve(server());
      await expect(VarlinkClient.connect(address, { tls: client() })).rejects.toThrow(error);
      // The same listener still serves: a client that trusts it (rejectUnauthorized off for the
      // bad certificates, which it cannot otherwise accept).
      const next = await connect(address, { ...client(), rejectUnauthorized: false });
      expect(await next.call("org.example.peer.Who")).toHaveProperty("peer.listener", address);
    },
  );

  it("good: a client trusting the CA calls over TLS; localhost and the IP both verify", async () => {
    const address = await serve({ ...certs.server });
    const client = await connect(address, good());
    expect(await client.call("org.example.peer.Who")).toMatchObject({
      peer: { listener: address, remoteAddress: "127.0.0.1" },
    });
    const byName = await connect(address, { ca: certs.ca, servername: "localhost" });
    expect(await byName.call("org.varlink.service.GetInfo")).toHaveProperty("vendor");
  });

  it("no client certificate when required: the call fails with the server's alert, the server serves the next", async () => {
    const address = await serve({ ...certs.server, ca: certs.ca, requireClientCert: true });
    // TLS 1.3: the client's handshake is done before the server has read its (empty) certificate,
    // so the refusal reaches it as an alert on the connection, at the first call.
    const attempt = async (): Promise<unknown> => {
      const client = await VarlinkClient.connect(address, { tls: good() });
      try {
        return await client.call("org.example.peer.Who");
      } finally {
        await client.close();
      }
    };
    await expect(attempt()).rejects.toThrow(
      /^connection to tls:127\.0\.0\.1:\d+ failed: .*tlsv13 alert certificate required/,
    );
    const next = await connect(address, { ...good(), ...certs.client });
    expect(await next.call("org.example.peer.Who")).toHaveProperty("peer.tls.authorized", true);
  });

  it("a client certificate from another CA is refused when required", async () => {
    const address = await serve({ ...certs.server, ca: certs.ca, requireClientCert: true });
    const attempt = async (): Promise<unknown> => {
      const client = await VarlinkClient.connect(address, { tls: { ...good(), ...certs.otherCaClient } });
      try {
        return await client.call("org.example.peer.Who");
      } finally {
        await client.close();
      }
    };
    // node checks the client's chain after OpenSSL's handshake and just closes: no alert.
    await expect(attempt()).rejects.toThrow(/^connection to tls:127\.0\.0\.1:\d+ closed$/);
  });

  it("TLS 1.2 is refused by a TLSv1.3-only listener", async () => {
    const address = await serve({ ...certs.server, minVersion: "TLSv1.3" });
    // Our client offers up to TLS 1.3; a 1.2-only client is made with node:tls directly.
    const port = (parseAddress(address) as { port: number }).port;
    const error = await new Promise<Error>((resolve) => {
      const socket = tlsConnect({
        host: "127.0.0.1",
        port,
        ca: readFileSync(certs.ca),
        maxVersion: "TLSv1.2",
      });
      socket.once("error", resolve);
    });
    expect(error.message).toMatch(/protocol version/);
    const client = await connect(address, good());
    expect(await client.call("org.varlink.service.GetInfo")).toHaveProperty("vendor");
  });
});

describe("peer identity", () => {
  it("a handler sees the client certificate: subject, SANs, fingerprint, validity, serial", async () => {
    const address = await serve({ ...certs.server, ca: certs.ca, requireClientCert: true });
    const client = await connect(address, { ca: certs.ca, ...certs.client });
    const { peer } = (await client.call("org.example.peer.Who")) as { peer: Record<string, unknown> };
    const tls = peer["tls"] as Record<string, unknown>;
    expect(tls).toMatchObject({
      authorized: true,
      subject: { CN: "order-service", O: "example" },
      issuer: { CN: "test-ca" },
      subjectAltNames: ["URI:spiffe://example.org/order", "DNS:order.svc"],
    });
    expect(tls["fingerprint256"]).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(tls["serialNumber"]).toMatch(/^[0-9A-F]+$/);
    expect(tls["validTo"]).toMatch(/GMT$/);
  });

  it("requestCert without requiring: an unverified certificate is seen with authorized false", async () => {
    const address = await serve({ ...certs.server, ca: certs.ca, requestCert: true });
    const client = await connect(address, { ca: certs.ca, ...certs.otherCaClient });
    expect(await client.call("org.example.peer.Who")).toMatchObject({
      peer: { tls: { authorized: false, issuer: { CN: "other-ca" } } },
    });
    const anonymous = await connect(address, { ca: certs.ca });
    expect(await anonymous.call("org.example.peer.Who")).not.toHaveProperty("peer.tls");
  });

  it.each([
    ["DNS:a, DNS:b", ["DNS:a", "DNS:b"]],
    ["IP Address:127.0.0.1, URI:spiffe://x/y", ["IP Address:127.0.0.1", "URI:spiffe://x/y"]],
    ['DNS:"a, DNS:b", DNS:c', ["DNS:a, DNS:b", "DNS:c"]],
    ["", []],
  ])("splits subjectaltname %j", (text, entries) => {
    expect(splitAltNames(text)).toEqual(entries);
  });
});

describe("handshake timeout", () => {
  it("drops a peer that connects and never starts the handshake, and still serves", async () => {
    const address = await serve({ ...certs.server, handshakeTimeoutMs: 200 });
    const port = (parseAddress(address) as { port: number }).port;
    const silent = net.createConnection({ host: "127.0.0.1", port });
    cleanups.push(async () => void silent.destroy());
    await new Promise<void>((resolve) => silent.once("close", () => resolve()));
    const client = await connect(address, { ca: certs.ca });
    expect(await client.call("org.varlink.service.GetInfo")).toHaveProperty("vendor");
  });

  it("a client gives up on a server that accepts and never answers the handshake", async () => {
    // Reads (so it sees our close) and never writes.
    const silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => silent.close(() => resolve())));
    const port = (silent.address() as net.AddressInfo).port;
    await expect(
      VarlinkClient.connect(`tls:127.0.0.1:${port}`, { tls: { ca: certs.ca, handshakeTimeoutMs: 200 } }),
    ).rejects.toThrow(`cannot connect to tls:127.0.0.1:${port}: TLS handshake not finished after 200 ms`);
  });
});

describe("listener close", () => {
  it("a client that gives up mid-handshake does not keep the listener from closing", async () => {
    const server = new VarlinkServer(serverInfo);
    const listener = await server.listen("tls:127.0.0.1:0", {
      // No handshake timeout to end it: only dropping the socket at once lets close() finish.
      tls: { ...certs.otherCaServer, handshakeTimeoutMs: 3_600_000 },
    });
    await expect(VarlinkClient.connect(listener.address, { tls: { ca: certs.ca } })).rejects.toThrow(
      "unable to verify the first certificate",
    );
    await listener.close();
    await server.close();
  });
});

describe("through ServiceClient", () => {
  it("a static list of tls: addresses gets the tls option on every pooled connection", async () => {
    const a = await serve({ ...certs.server });
    const b = await serve({ ...certs.server });
    const client = await ServiceClient.connect(`${a},${b}`, { tls: { ca: certs.ca } });
    cleanups.push(() => client.close());
    const seen = new Set<unknown>();
    for (let i = 0; i < 4; i++) {
      const reply = (await client.call("org.example.peer.Who")) as { peer: { listener: string } };
      seen.add(reply.peer.listener);
    }
    expect(seen).toEqual(new Set([a, b]));
  });
});
