import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { VarlinkServer } from "../../packages/runtime/src/index.js";
import { repoRoot, runCli, runCliAsync, tempDir } from "../helpers/cli.js";
import { startGoCertServer, type GoCertServer } from "../helpers/go-cert-server.js";

let server: GoCertServer;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => (server = await startGoCertServer()));
afterAll(async () => server.stop());
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.remove());

describe("info against varlink-go-certification", () => {
  it("prints GetInfo as text", () => {
    const r = runCli(["info", server.address], tmp.dir);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe(
      "Vendor: Varlink\nProduct: Certification\nVersion: 1\nURL: https://github.com/varlink/go\n" +
        "Interfaces:\n  org.varlink.service\n  org.varlink.certification\n",
    );
  });

  it("prints GetInfo as JSON with --json", () => {
    const r = runCli(["info", "--json", server.address], tmp.dir);
    expect(JSON.parse(r.stdout)).toMatchObject({ product: "Certification", interfaces: expect.any(Array) });
  });

  it("exits 1 when nothing listens, and 2 on a malformed address", () => {
    const none = runCli(["info", `unix:${tmp.dir}/none.sock`], tmp.dir);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /^varlink-codegen: cannot connect to unix:.*none\.sock: connect ENOENT [^:]*\n$/,
    );
    const bad = runCli(["info", "tcp:nohostport"], tmp.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid varlink address/);
  });
});

describe("pull against varlink-go-certification", () => {
  it("writes every interface but org.varlink.service, and the result matches our fixture", () => {
    const r = runCli(["pull", server.address, "-o", "idl"], tmp.dir);
    expect(r).toMatchObject({ code: 0, stdout: "wrote idl/org.varlink.certification.varlink\n", stderr: "" });
    tmp.write(
      "fixture/cert.varlink",
      readFileSync(`${repoRoot}fixtures/valid/org.varlink.certification/input.varlink`, "utf8"),
    );
    expect(runCli(["breaking", "fixture", "idl"], tmp.dir)).toMatchObject({
      code: 0,
      stdout: "no changes\n",
    });
  });

  it("pulls named interfaces, org.varlink.service included when asked", () => {
    const r = runCli(["pull", server.address, "org.varlink.service"], tmp.dir);
    expect(r.stdout).toBe("wrote org.varlink.service.varlink\n");
    expect(readFileSync(`${tmp.dir}/org.varlink.service.varlink`, "utf8")).toMatch(
      /^interface org\.varlink\.service\n/m,
    );
  });

  it("exits 1 with a suggestion for an interface the service does not have, writing nothing", () => {
    const r = runCli(["pull", server.address, "org.varlink.certifcation", "-o", "out"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `varlink-codegen: ${server.address} has no interface 'org.varlink.certifcation' (did you mean 'org.varlink.certification'?)\n`,
    );
    expect(r.stdout).toBe("");
  });
});

describe("call against varlink-go-certification", () => {
  it("prints the reply parameters as JSON", () => {
    const r = runCli(["call", server.address, "org.varlink.certification.Start"], tmp.dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ client_id: expect.any(String) });
  });

  it("prints an error reply's name and parameters and exits 1", () => {
    const r = runCli(
      ["call", server.address, "org.varlink.certification.Test01", '{"client_id": "nope"}'],
      tmp.dir,
    );
    expect(r).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `varlink-codegen: ${server.address}: org.varlink.certification.ClientIdError {}\n`,
    });
    const unknown = runCli(["call", server.address, "org.varlink.certification.Nope"], tmp.dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /org\.varlink\.service\.MethodNotFound \{"method":"(org\.varlink\.certification\.)?Nope"\}\n$/,
    );
  });

  it("sends --oneway calls and prints nothing", () => {
    const r = runCli(
      [
        "call",
        "--oneway",
        server.address,
        "org.varlink.certification.Test11",
        '{"client_id": "x", "last_more_replies": []}',
      ],
      tmp.dir,
    );
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
  });

  it.each([
    ["invalid JSON", ["org.a.B", "{nope"], /parameters are not valid JSON/],
    ["a JSON array", ["org.a.B", "[1]"], /parameters must be a JSON object/],
    ["an unqualified method", ["Start"], /not a fully qualified method name/],
    ["--more with --oneway", ["org.a.B", "--more", "--oneway"], /--more and --oneway exclude each other/],
    ["a bad --timeout", ["org.a.B", "--timeout", "0"], /--timeout.*positive integer/],
  ])("exits 2 on %s", (_name, args, stderr) => {
    const r = runCli(["call", server.address, ...args], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
  });
});

describe("call --more against a runtime server", () => {
  let ours: VarlinkServer;
  afterEach(async () => ours.close());

  it("prints every streamed reply as it arrives, as JSON-SEQ by default (like varlinkctl)", async () => {
    ours = new VarlinkServer({ vendor: "t", product: "t", version: "1", url: "u" });
    ours.addInterface({
      name: "org.example.count",
      description: "interface org.example.count\nmethod Count(n: int) -> (i: int)\n",
      methods: {
        Count: {
          more: "supports",
          handler: async function* (parameters) {
            for (let i = 1; i <= Number(parameters["n"]); i++) yield { i };
          },
        },
      },
    });
    const listener = await ours.listen(`unix:${tmp.dir}/count.sock`);
    const r = await runCliAsync(
      ["call", "--more", listener.address, "org.example.count.Count", '{"n": 3}'],
      tmp.dir,
    );
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe('\x1e{"i":1}\n\x1e{"i":2}\n\x1e{"i":3}\n');
  });
});
