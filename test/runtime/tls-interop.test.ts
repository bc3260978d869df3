/**
 * Our TLS is plain standard TLS: socat (OpenSSL) terminates it in front of the reference
 * implementation, both ways. Our `tls:` client runs the certification against
 * varlink-go-certification behind `socat OPENSSL-LISTEN`; varlink-go's client runs it against
 * our mutual-TLS server through `socat ... OPENSSL:` (which presents our client certificate).
 * Loopback only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { runCertification } from "../../scripts/certification/run-client.js";
import { createCertificationInterface } from "../../scripts/certification/service.js";
import { type TestCerts, makeCerts } from "../helpers/certs.js";
import { EVENT_LIMIT_MS, PROCESS_LIMIT_MS, spawningTestTimeout } from "../helpers/time-limits.js";

let certs: TestCerts;
beforeAll(() => {
  certs = makeCerts();
}, EVENT_LIMIT_MS);
afterAll(() => certs?.rm());

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await Promise.all(
    children.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }),
  );
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns `command` and waits (bounded, like any process start) until 127.0.0.1:port accepts. */
async function startListening(command: string, args: string[], port: number): Promise<void> {
  // stderr ignored: socat logs our readiness probe (a TCP connect without a handshake) as an error.
  const child = spawn(command, args, { stdio: "ignore" });
  children.push(child);
  const deadline = Date.now() + PROCESS_LIMIT_MS;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const probe = net.createConnection({ host: "127.0.0.1", port });
      probe.once("connect", () => {
        probe.destroy();
        resolve(true);
      });
      probe.once("error", () => resolve(false));
    });
    if (up) return;
    if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${command} did not listen on ${port}`);
    // No event says when another program has bound its port: poll.
    await new Promise((r) => setTimeout(r, 50));
  }
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("interop with a standard TLS terminator (socat)", { timeout: spawningTestTimeout(3) }, () => {
  it("our tls: client passes the certification against varlink-go behind socat OPENSSL-LISTEN", async () => {
    const goPort = await freePort();
    await startListening("varlink-go-certification", ["--varlink", `tcp:127.0.0.1:${goPort}`], goPort);
    const tlsPort = await freePort();
    await startListening(
      "socat",
      [
        `OPENSSL-LISTEN:${tlsPort},bind=127.0.0.1,reuseaddr,fork,cert=${certs.server.cert},key=${certs.server.key},verify=0`,
        `TCP:127.0.0.1:${goPort}`,
      ],
      tlsPort,
    );
    const client = await VarlinkClient.connect(`tls:127.0.0.1:${tlsPort}`, { tls: { ca: certs.ca } });
    cleanups.push(() => client.close());
    const result = await runCertification(client);
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
  });

  it("varlink-go's client passes the certification against our mutual-TLS server through socat OPENSSL:", async () => {
    const server = new VarlinkServer({ vendor: "test", product: "cert", version: "1", url: "" });
    server.addInterface(createCertificationInterface());
    const listener = await server.listen("tls:127.0.0.1:0", {
      tls: { ...certs.server, ca: certs.ca, requireClientCert: true },
    });
    cleanups.push(() => server.close({ timeoutMs: 1000 }));
    const tlsPort = (listener.address.match(/:(\d+)$/) as RegExpMatchArray)[1];
    const plainPort = await freePort();
    await startListening(
      "socat",
      [
        `TCP-LISTEN:${plainPort},bind=127.0.0.1,reuseaddr,fork`,
        `OPENSSL:127.0.0.1:${tlsPort},cafile=${certs.ca},cert=${certs.client.cert},key=${certs.client.key},commonname=localhost`,
      ],
      plainPort,
    );
    const { code, output } = await run("varlink-go-certification", [
      "--client",
      "--varlink",
      `tcp:127.0.0.1:${plainPort}`,
    ]);
    expect(output).toContain("End: 'true'");
    expect(code).toBe(0);
  });
});
