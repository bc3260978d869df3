/**
 * `info`, `call` and `breaking --against` reach a `tls:` address with `--tls-ca/--tls-cert/
 * --tls-key` (or VARLINK_TLS_*), against a mutual-TLS server this test runs; a missing
 * certificate file is a one-line message, not a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { type TestCerts, makeCerts } from "../helpers/certs.js";
import { runCliAsync, tempDir } from "../helpers/cli.js";
import { EVENT_LIMIT_MS, spawningTestTimeout } from "../helpers/time-limits.js";

let certs: TestCerts;
let server: VarlinkServer;
let address: string;
const dir = tempDir("vlc-tls-cli-");

beforeAll(async () => {
  certs = makeCerts();
  server = new VarlinkServer({ vendor: "tls-test", product: "p", version: "1", url: "u" });
  server.addInterface({
    name: "org.example.tls",
    description: "interface org.example.tls\n\nmethod Ping() -> (subject: string)\n",
    methods: { Ping: { handler: (_p, context) => ({ subject: context.peer.tls?.subject["CN"] ?? "" }) } },
  });
  const listener = await server.listen("tls:127.0.0.1:0", {
    tls: { ...certs.server, ca: certs.ca, requireClientCert: true },
  });
  address = listener.address;
}, EVENT_LIMIT_MS);
afterAll(async () => {
  await server?.close({ timeoutMs: 1000 });
  certs?.rm();
  dir.remove();
});

const flags = (): string[] => [
  "--tls-ca",
  certs.ca,
  "--tls-cert",
  certs.client.cert,
  "--tls-key",
  certs.client.key,
];

describe("tls: through the CLI", { timeout: spawningTestTimeout(1) }, () => {
  it("info", async () => {
    const run = await runCliAsync(["info", address, ...flags()], dir.dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("tls-test");
    expect(run.stdout).toContain("org.example.tls");
  });

  it("call, with the certificates from VARLINK_TLS_* and the server's name from --tls-servername", async () => {
    const env = {
      VARLINK_TLS_CA: certs.ca,
      VARLINK_TLS_CERT: certs.client.cert,
      VARLINK_TLS_KEY: certs.client.key,
    };
    const run = await runCliAsync(
      ["call", "--json=short", "--tls-servername", "localhost", address, "org.example.tls.Ping"],
      dir.dir,
      { env },
    );
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe('{"subject":"order-service"}\n');
    expect(run.code).toBe(0);
  });

  it("breaking --against a tls: address", async () => {
    dir.write("org.example.tls.varlink", "interface org.example.tls\n\nmethod Ping() -> (subject: string)\n");
    const run = await runCliAsync(
      ["breaking", "--against", address, ...flags(), "org.example.tls.varlink"],
      dir.dir,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("a missing CA file is one line naming it, exit 1", async () => {
    const run = await runCliAsync(["info", address, "--tls-ca", "/nonexistent/ca.crt"], dir.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `varlink-codegen: cannot connect to ${address}: cannot read the TLS CA file: ` +
        "ENOENT: no such file or directory, open '/nonexistent/ca.crt'\n",
    );
  });

  it("a server the CA does not vouch for is refused with the reason", async () => {
    const run = await runCliAsync(["info", address, "--tls-ca", certs.otherCa], dir.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `varlink-codegen: cannot connect to ${address}: self-signed certificate in certificate chain\n`,
    );
  });
});
