import { promises as dns } from "node:dns";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTarget } from "../../../packages/runtime/src/client/discovery/target.js";
import { VarlinkServer } from "../../../packages/runtime/src/server/server.js";
import { serverInfo } from "../helpers.js";
import { type DnsServer, startDnsServer } from "../../helpers/dns-server.js";
import { watchSource } from "../../helpers/endpoint-events.js";

let dnsServer: DnsServer;
let dnsResolver: dns.Resolver;
let dir: string;
let resolverServer: VarlinkServer;
let resolverAddress: string;

beforeAll(async () => {
  dnsServer = await startDnsServer();
  dnsServer.records.set("users.ns.svc.cluster.local", [
    { type: "A", address: "10.0.0.7", ttl: 30 },
    { type: "A", address: "10.0.0.8", ttl: 30 },
  ]);
  dnsServer.records.set("_varlink._tcp.users.example", [
    { type: "SRV", target: "a.users.example", port: 7001, ttl: 30 },
  ]);
  dnsServer.records.set("a.users.example", [{ type: "AAAA", address: "fd00::1", ttl: 30 }]);
  dnsResolver = new dns.Resolver({ timeout: 5000, tries: 3 });
  dnsResolver.setServers([dnsServer.address]);
  dir = await mkdtemp(join(tmpdir(), "varlink-target-"));
  resolverServer = new VarlinkServer(serverInfo);
  resolverServer.addInterface({
    name: "org.varlink.resolver",
    description: "interface org.varlink.resolver\nmethod Resolve(interface: string) -> (address: string)\n",
    methods: { Resolve: { handler: (p) => ({ address: `unix:/run/${String(p["interface"])}` }) } },
  });
  resolverAddress = (await resolverServer.listen(`unix:${join(dir, "resolver")}`)).address;
});
afterAll(async () => {
  await dnsServer.close();
  await resolverServer.close();
  await rm(dir, { recursive: true, force: true });
});

async function firstList(target: string): Promise<string[]> {
  const events = watchSource(parseTarget(target, { dnsResolver }));
  try {
    return await events.nextAddresses();
  } finally {
    events.stop();
  }
}

describe("parseTarget", () => {
  it.each([
    { target: "unix:/run/io.example.user", list: ["unix:/run/io.example.user"] },
    { target: "tcp:127.0.0.1:8080", list: ["tcp:127.0.0.1:8080"] },
    { target: "tcp:[::1]:8080", list: ["tcp:[::1]:8080"] },
    { target: "tcp:10.0.0.1:1,tcp:10.0.0.2:1", list: ["tcp:10.0.0.1:1", "tcp:10.0.0.2:1"] },
    { target: " tcp:10.0.0.1:1 , unix:/x ,tcp:10.0.0.1:1", list: ["tcp:10.0.0.1:1", "unix:/x"] },
    { target: "dns:users.ns.svc.cluster.local:8080", list: ["tcp:10.0.0.7:8080", "tcp:10.0.0.8:8080"] },
    { target: "dns+srv:_varlink._tcp.users.example", list: ["tcp:[fd00::1]:7001"] },
  ])("$target → $list", async ({ target, list }) => {
    expect(await firstList(target)).toEqual(list);
  });

  it("resolver:INTERFACE@ADDRESS asks that resolver", async () => {
    expect(await firstList(`resolver:io.example.user@${resolverAddress}`)).toEqual([
      "unix:/run/io.example.user",
    ]);
  });

  it.each([
    { target: "", message: /empty target/ },
    { target: "   ", message: /empty target/ },
    {
      target: "users.example:8080",
      message: /'users.example:8080' is not an address or target \(expected unix:/,
    },
    { target: "ftp://users:80", message: /dns:NAME:PORT, dns\+srv:NAME or resolver:INTERFACE/ },
    { target: "tcp:10.0.0.1:1,udp:x:1", message: /'udp:x:1' is not an address/ },
    { target: "tcp:10.0.0.1:1,,tcp:10.0.0.2:1", message: /empty entry/ },
    { target: "tcp:10.0.0.1:1,dns:users:80", message: /cannot be part of a list/ },
    { target: "tcp:10.0.0.1", message: /expected tcp:host:port/ },
    { target: "dns:users.example", message: /expected dns:NAME:PORT/ },
    { target: "dns:users.example:0", message: /invalid port '0'/ },
    { target: "dns:users.example:99999", message: /invalid port/ },
    { target: "dns::8080", message: /missing DNS name/ },
    { target: "dns:bad name:8080", message: /not a DNS name/ },
    { target: "dns+srv:", message: /missing DNS name/ },
    { target: "resolver:", message: /not a Varlink interface name/ },
    { target: "resolver:user", message: /not a Varlink interface name/ },
    { target: "resolver:io.example.user@", message: /missing resolver address/ },
    { target: "resolver:io.example.user@nowhere", message: /invalid varlink address 'nowhere'/ },
  ])("rejects '$target' with an AddressError", ({ target, message }) => {
    let thrown: unknown;
    try {
      parseTarget(target);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).name).toBe("AddressError");
    expect((thrown as Error).message).toMatch(message);
  });
});
