/**
 * End to end through the HTTP front: the certification client sequence over ws:// from Node
 * through the bridge to the reference server (varlink-go-certification) and to our own
 * certification service served directly (serverBackends, no bridge process), and the
 * `varlink-codegen bridge` command itself, driven with curl-like requests and `call ws://`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { addressBackends } from "../../packages/runtime/src/http/backends.js";
import { type HttpListener, serveHttp } from "../../packages/runtime/src/http/listen.js";
import { serverBackends } from "../../packages/runtime/src/http/server-backends.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { CERTIFICATION_STEPS } from "../../scripts/certification/data.js";
import { runCertification } from "../../scripts/certification/run-client.js";
import { createCertificationInterface } from "../../scripts/certification/service.js";
import { bin, repoRoot, runCliAsync } from "../helpers/cli.js";
import { type GoCertServer, startGoCertServer } from "../helpers/go-cert-server.js";
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";
import { request, serverInfo } from "./helpers.js";

const SERVICE = "org.varlink.certification";
let go: GoCertServer;

beforeAll(async () => {
  go = await startGoCertServer();
}, PROCESS_LIMIT_MS);

afterAll(async () => {
  await go?.stop();
});

async function certifyOverWebSocket(url: string): Promise<void> {
  const client = await VarlinkClient.connect(`${url.replace(/^http/, "ws")}ws/services/${SERVICE}`);
  try {
    const result = await runCertification(client);
    expect(result.failure).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.lines).toHaveLength(CERTIFICATION_STEPS.length + 1);
  } finally {
    await client.close();
  }
}

describe("certification over WebSocket mode", () => {
  let bridge: HttpListener | undefined;
  afterAll(async () => {
    await bridge?.close();
  });

  it("passes through the bridge to varlink-go-certification", async () => {
    bridge = await serveHttp({
      address: "tcp:127.0.0.1:0",
      backends: addressBackends({ [SERVICE]: go.address }),
    });
    await certifyOverWebSocket(bridge.url);
  });

  it("passes against our own service served directly over HTTP", async () => {
    const server = new VarlinkServer(serverInfo);
    server.addInterface(createCertificationInterface());
    const direct = await serveHttp({ address: "tcp:127.0.0.1:0", backends: serverBackends(server) });
    try {
      await certifyOverWebSocket(direct.url);
      const res = await request(`${direct.url}services`, "GET");
      expect(JSON.parse(res.body)).toEqual({ services: [SERVICE, "org.varlink.service"] });
      const start = await request(`${direct.url}call/${SERVICE}.Start`, "POST", "{}");
      expect(start.status).toBe(200);
      expect(typeof (JSON.parse(start.body) as { client_id: unknown }).client_id).toBe("string");
    } finally {
      await direct.close();
      await server.close({ timeoutMs: 100 });
    }
  });
});

describe("varlink-codegen bridge", () => {
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    child = spawn(
      process.execPath,
      [bin, "bridge", "--listen", "tcp:127.0.0.1:0", "--service", `${SERVICE}=${go.address}`],
      {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (\S+)/.exec(out);
        if (match !== null) resolve(match[1] as string);
      });
      child.once("exit", (code) => reject(new Error(`bridge exited with ${code}: ${out}`)));
    });
  }, PROCESS_LIMIT_MS);

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("serves simple mode and introspection", async () => {
    const start = await request(`${url}call/${SERVICE}.Start`, "POST", "{}", { Accept: "application/json" });
    expect(start.status).toBe(200);
    const methods = await request(`${url}services/${SERVICE}/${SERVICE}`, "GET");
    expect((JSON.parse(methods.body) as { methods: string[] }).methods).toContain("Test11");
  });

  it(
    "is reached by `call ws://…`",
    async () => {
      const run = await runCliAsync(
        ["call", `${url.replace("http", "ws")}ws/services/${SERVICE}`, `${SERVICE}.Start`],
        repoRoot,
      );
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("client_id");
    },
    PROCESS_LIMIT_MS,
  );

  it("exits 0 on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it.each([
    [["bridge", "--listen", "tcp:127.0.0.1:0"], /--service name=address, or --registry/],
    [["bridge", "--listen", "tcp:127.0.0.1:0", "--service", "nope"], /expects name=address/],
    [["bridge", "--listen", "unix:/x", "--service", "a=unix:/y"], /tcp:host:port or tls:host:port/],
    [["bridge", "--listen", "tcp:127.0.0.1:0", "--service", "a=bogus:/y"], /--service a:/],
  ])(
    "usage errors exit 2: %j",
    async (args, message) => {
      const run = await runCliAsync(args, repoRoot);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    },
    PROCESS_LIMIT_MS,
  );
});
