/**
 * The CLI as an everyday Varlink tool (issue 18): every live-service verb and flag, table-driven,
 * against varlink-go-certification, our own runtime server, a raw server that (like systemd
 * 252's services) does not implement GetInfo, and the real systemd-userdbd where installed.
 */
import { existsSync, readFileSync } from "node:fs";
import * as net from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { VarlinkError, VarlinkServer } from "../../packages/runtime/src/index.js";
import { runCli, runCliAsync, tempDir } from "../helpers/cli.js";
import { startGoCertServer, type GoCertServer } from "../helpers/go-cert-server.js";
import { writeStdioBridge } from "../helpers/stdio-bridge.js";

const USERDBD = "/lib/systemd/systemd-userdbd";

/** Splits RFC 7464 output: every record must be 0x1E, one JSON text, and a line feed. */
function parseJsonSeq(text: string): unknown[] {
  expect(text.startsWith("\x1e")).toBe(true);
  return text
    .split("\x1e")
    .slice(1)
    .map((record) => {
      expect(record.endsWith("\n")).toBe(true);
      return JSON.parse(record) as unknown;
    });
}

let cert: GoCertServer;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => (cert = await startGoCertServer()));
afterAll(async () => cert.stop());
beforeEach(() => (tmp = tempDir("vlc-live-")));
afterEach(() => tmp.remove());

describe("call against varlink-go-certification", () => {
  it.each([
    [
      "--json short",
      ["--json", "short"],
      (out: string) => expect(out).toMatch(/^\{"client_id":"[^"]+"\}\n$/),
    ],
    ["--json pretty", ["--json", "pretty"], (out: string) => expect(out).toMatch(/^\{\n {2}"client_id"/)],
    [
      "-j, not on a terminal: short",
      ["-j"],
      (out: string) => expect(out).toMatch(/^\{"client_id":"[^"]+"\}\n$/),
    ],
    [
      "--json beats -j",
      ["-j", "--json", "pretty"],
      (out: string) => expect(out).toMatch(/^\{\n {2}"client_id"/),
    ],
    [
      "--json seq",
      ["--json", "seq"],
      (out: string) => expect(parseJsonSeq(out)).toEqual([{ client_id: expect.any(String) }]),
    ],
  ])("prints the reply: %s", (_name, flags, check) => {
    const r = runCli(["call", cert.address, "org.varlink.certification.Start", ...flags], tmp.dir);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    check(r.stdout);
  });

  it("-q prints no reply, and a socket path is taken for unix: (varlinkctl's shorthand)", () => {
    const path = cert.address.slice("unix:".length);
    const r = runCli(["call", "-q", path, "org.varlink.certification.Start"], tmp.dir);
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(runCli(["info", path], tmp.dir).stdout).toMatch(/^Vendor: Varlink\n/);
  });

  it("reads the parameters from stdin with -", async () => {
    const start = runCli(
      ["call", cert.address, "org.varlink.certification.Start", "--json", "short"],
      tmp.dir,
    );
    const clientId = (JSON.parse(start.stdout) as { client_id: string }).client_id;
    const r = await runCliAsync(["call", cert.address, "org.varlink.certification.Test01", "-"], tmp.dir, {
      input: JSON.stringify({ client_id: clientId }),
    });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout)).toEqual({ bool: true });
  });

  it.each([
    [
      "a misspelt method",
      "org.varlink.certification.Strat",
      "did you mean 'org.varlink.certification.Start'?",
    ],
    [
      "a misspelt interface",
      "org.varlink.certifcation.Start",
      "did you mean 'org.varlink.certification.Start'?",
    ],
  ])("suggests the right name for %s", (_name, method, hint) => {
    const r = runCli(["call", cert.address, method], tmp.dir);
    expect(r.stderr).toContain(hint);
    expect(r.stdout).toBe("");
  });

  it.each([
    ["the named error", ["--graceful", "org.varlink.certification.ClientIdError"], 0, ""],
    [
      "one of several named errors",
      ["--graceful", "org.example.Other", "--graceful", "org.varlink.certification.ClientIdError"],
      0,
      "",
    ],
    ["another error", ["--graceful", "org.example.Other"], 1, "org.varlink.certification.ClientIdError {}"],
  ])("--graceful: %s", (_name, flags, code, stderr) => {
    const r = runCli(
      ["call", cert.address, "org.varlink.certification.Test01", '{"client_id": "nope"}', ...flags],
      tmp.dir,
    );
    expect(r.code).toBe(code);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(stderr);
  });

  it.each([
    ["--more with --collect", ["org.a.B", "--more", "--collect"], /--more and --collect exclude each other/],
    ["--oneway with --collect", ["org.a.B", "--oneway", "--collect"], /--oneway and --collect exclude/],
    ["a bad --json", ["org.a.B", "--json", "yaml"], /--json.*yaml.*pretty, short, seq/],
    [
      "a bad --graceful",
      ["org.a.B", "--graceful", "Nope"],
      /--graceful 'Nope' is not a qualified error name/,
    ],
  ])("exits 2 on %s", (_name, args, stderr) => {
    const r = runCli(["call", cert.address, ...args], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
  });

  it("--timeout gives up on a reply that does not come (exit 1)", async () => {
    // A socket that accepts and never answers.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(`${tmp.dir}/silent.sock`, resolve));
    try {
      const r = await runCliAsync(
        ["call", `unix:${tmp.dir}/silent.sock`, "org.a.B", "--timeout", "200"],
        tmp.dir,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/org\.a\.B: no reply within 200 ms/);
    } finally {
      silent.close();
    }
  });
});

describe("introspect, list-interfaces, list-methods against varlink-go-certification", () => {
  it.each([
    [
      ["list-interfaces"],
      (out: string) => expect(out).toBe("org.varlink.service\norg.varlink.certification\n"),
    ],
    [
      ["list-methods"],
      (out: string) => {
        expect(out).toMatch(
          /^org\.varlink\.service\.GetInfo\norg\.varlink\.service\.GetInterfaceDescription\n/,
        );
        expect(out).toContain("org.varlink.certification.Test11\n");
      },
    ],
    [
      ["list-methods", "org.varlink.service"],
      (out: string) =>
        expect(out).toBe("org.varlink.service.GetInfo\norg.varlink.service.GetInterfaceDescription\n"),
    ],
    [
      ["introspect", "org.varlink.certification"],
      (out: string) => {
        expect(out).toMatch(/^interface org\.varlink\.certification$/m);
        expect(out).not.toMatch(/^interface org\.varlink\.service$/m);
      },
    ],
    [
      ["introspect"],
      (out: string) => {
        expect(out).toMatch(/^interface org\.varlink\.service$/m);
        expect(out).toMatch(/^interface org\.varlink\.certification$/m);
      },
    ],
  ])("%j", (verb, check) => {
    const [command, ...rest] = verb;
    const r = runCli([command!, cert.address, ...rest], tmp.dir);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    check(r.stdout);
  });

  it.each([["introspect"], ["list-methods"]])("%s suggests a close interface name, exit 1", (verb) => {
    const r = runCli([verb, cert.address, "org.varlink.certifcation"], tmp.dir);
    expect(r).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `varlink-codegen: ${cert.address} has no interface 'org.varlink.certifcation' (did you mean 'org.varlink.certification'?)\n`,
    });
  });
});

describe("validate and pull against a live address", () => {
  it("validate checks every interface the service describes", () => {
    expect(runCli(["validate", cert.address], tmp.dir)).toMatchObject({
      code: 0,
      stdout: "2 interfaces valid\n",
    });
  });

  it("validate mixes files and addresses", () => {
    tmp.write("x.varlink", "interface org.example.x\nmethod Ping() -> ()\n");
    expect(runCli(["validate", "x.varlink", cert.address], tmp.dir)).toMatchObject({
      code: 0,
      stdout: "3 interfaces valid\n",
    });
  });

  it("pull without -o writes into the config's input directory, so generate is the next step", () => {
    tmp.write(
      "varlink-codegen.config.json",
      JSON.stringify({ inputs: ["idl/**/*.varlink"], targets: [{ outDir: "gen" }] }),
    );
    expect(runCli(["pull", cert.address], tmp.dir)).toMatchObject({
      code: 0,
      stdout: "wrote idl/org.varlink.certification.varlink\n",
    });
    const generated = runCli(["generate"], tmp.dir);
    expect(generated.code).toBe(0);
    expect(existsSync(`${tmp.dir}/gen/org.varlink.certification.ts`)).toBe(true);
  });
});

/** What `org.example.count.Note` received, and a callback for the next one. */
const notes: string[] = [];
let noted: (() => void) | undefined;

/** A server of ours with a streaming method, errno errors, a oneway sink and a resolver. */
async function startOurs(dir: string): Promise<{ server: VarlinkServer; address: string }> {
  const server = new VarlinkServer({ vendor: "t", product: "t", version: "1", url: "u" });
  server.addInterface({
    name: "org.example.count",
    description:
      "interface org.example.count\nmethod Count(n: int) -> (i: int)\nmethod Fail(errno: int) -> ()\nmethod Note(text: string) -> ()\n",
    methods: {
      Count: {
        more: "supports",
        handler: async function* (parameters) {
          for (let i = 1; i <= Number(parameters["n"]); i++) yield { i };
        },
      },
      Fail: {
        handler: (parameters) => {
          throw new VarlinkError("io.systemd.System", { errno: parameters["errno"] });
        },
      },
      Note: {
        handler: (parameters) => {
          notes.push(String(parameters["text"]));
          noted?.();
          return {};
        },
      },
    },
  });
  server.addInterface({
    name: "org.varlink.resolver",
    description: "interface org.varlink.resolver\nmethod Resolve(interface: string) -> (address: string)\n",
    methods: {
      Resolve: {
        handler: (parameters) => {
          if (parameters["interface"] !== "org.example.count")
            throw new VarlinkError("org.varlink.resolver.InterfaceNotFound", {
              interface: parameters["interface"],
            });
          return { address: "unix:/run/org.example.count" };
        },
      },
    },
  });
  const listener = await server.listen(`unix:${dir}/ours.sock`);
  return { server, address: listener.address };
}

describe("against our own server", () => {
  let ours: { server: VarlinkServer; address: string };
  beforeEach(async () => (ours = await startOurs(tmp.dir)));
  afterEach(async () => ours.server.close());

  it.each([
    [
      "JSON-SEQ by default",
      [],
      (out: string) => expect(parseJsonSeq(out)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]),
    ],
    [
      "--json seq",
      ["--json", "seq"],
      (out: string) => expect(parseJsonSeq(out)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]),
    ],
    ["--json short", ["--json", "short"], (out: string) => expect(out).toBe('{"i":1}\n{"i":2}\n{"i":3}\n')],
    [
      "--json pretty",
      ["--json", "pretty"],
      (out: string) => expect(out).toBe('{\n  "i": 1\n}\n{\n  "i": 2\n}\n{\n  "i": 3\n}\n'),
    ],
  ])("call --more prints every reply: %s", async (_name, flags, check) => {
    const r = await runCliAsync(
      ["call", "--more", ours.address, "org.example.count.Count", '{"n": 3}', ...flags],
      tmp.dir,
    );
    expect(r).toMatchObject({ code: 0, stderr: "" });
    check(r.stdout);
  });

  it.each([
    ["pretty by default", [], '[\n  {\n    "i": 1\n  },\n  {\n    "i": 2\n  }\n]\n'],
    ["--json short", ["--json", "short"], '[{"i":1},{"i":2}]\n'],
    ["--json seq", ["--json", "seq"], '\x1e[{"i":1},{"i":2}]\n'],
  ])("call --collect prints one array: %s", async (_name, flags, out) => {
    const r = await runCliAsync(
      ["call", "--collect", ours.address, "org.example.count.Count", '{"n": 2}', ...flags],
      tmp.dir,
    );
    expect(r).toMatchObject({ code: 0, stderr: "", stdout: out });
  });

  it("reads --more parameters from stdin", async () => {
    const r = await runCliAsync(
      ["call", "--more", "--json", "short", ours.address, "org.example.count.Count", "-"],
      tmp.dir,
      {
        input: '{"n": 2}\n',
      },
    );
    expect(r).toMatchObject({ code: 0, stdout: '{"i":1}\n{"i":2}\n' });
  });

  it.each([
    [22, ' {"errno":22} (EINVAL)'],
    [2, ' {"errno":2} (ENOENT)'],
    [9999, ' {"errno":9999}\n'],
  ])("names errno %i of io.systemd.System", async (errno, shown) => {
    const r = await runCliAsync(
      ["call", ours.address, "org.example.count.Fail", JSON.stringify({ errno })],
      tmp.dir,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`io.systemd.System${shown}`);
  });

  it("suggests a method from our server's description", async () => {
    const r = await runCliAsync(["call", ours.address, "org.example.count.Cout"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("did you mean 'org.example.count.Count'?");
  });

  it.each([
    [["org.example.count"], 0, "unix:/run/org.example.count\n", ""],
    [["org.varlink.resolver"], 0, "<resolver>\n", ""],
    [["org.example.none"], 1, "", 'org.varlink.resolver.InterfaceNotFound {"interface":"org.example.none"}'],
  ])("resolve %j through org.varlink.resolver", async (args, code, stdout, stderr) => {
    const r = await runCliAsync(["resolve", ...args, "--resolver", ours.address], tmp.dir);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe(stdout.replace("<resolver>", ours.address));
    expect(r.stderr).toContain(stderr);
  });

  it("resolve --bridge reaches the resolver through a command", async () => {
    const { bridge } = writeStdioBridge(tmp.dir);
    const r = await runCliAsync(
      ["resolve", "org.example.count", `--bridge=${bridge(`${tmp.dir}/ours.sock`)}`],
      tmp.dir,
    );
    expect(r).toMatchObject({ code: 0, stdout: "unix:/run/org.example.count\n", stderr: "" });
  });

  it("resolve without a resolver running says so (exit 1)", () => {
    const r = runCli(["resolve", "org.example.count", "--resolver", `unix:${tmp.dir}/none.sock`], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot connect to unix:.*none\.sock/);
  });

  it.each([
    ["info", [], /^Vendor: t\n/],
    ["list-interfaces", [], /^org\.varlink\.service\norg\.example\.count\norg\.varlink\.resolver\n$/],
    [
      "call",
      ["org.example.count.Count", '{"n": 2}', "--more", "--json", "short"],
      /^\{"i":1\}\n\{"i":2\}\n$/,
    ],
    ["introspect", ["org.example.count"], /^interface org\.example\.count\n/],
  ])("%s works through --bridge=CMD", async (verb, rest, stdout) => {
    const { bridge } = writeStdioBridge(tmp.dir);
    const r = await runCliAsync([verb, `--bridge=${bridge(`${tmp.dir}/ours.sock`)}`, ...rest], tmp.dir);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(stdout);
  });

  it("a --oneway call through ssh arrives: the CLI waits for ssh to finish instead of killing it", async () => {
    const { ssh } = writeStdioBridge(tmp.dir);
    notes.length = 0;
    const arrived = new Promise<void>((resolve) => (noted = resolve));
    const mark = `${tmp.dir}/delivered`;
    const env = { SYSTEMD_SSH: ssh, FAKE_SSH_SOCKET: `${tmp.dir}/ours.sock`, BRIDGE_BUFFER_MARK: mark };
    const r = await runCliAsync(
      ["call", "--oneway", "ssh-unix:h:/run/x", "org.example.count.Note", '{"text": "hi"}'],
      tmp.dir,
      { env },
    );
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
    // This ssh forwards only after our EOF (as a slow link may): killing it then loses the call.
    expect(existsSync(mark)).toBe(true);
    await arrived;
    expect(notes).toEqual(["hi"]);
  });

  it("a bridge command that exits at once is a connection failure (exit 1), not a crash", async () => {
    const r = await runCliAsync(["call", "--bridge", "exit 0", "org.a.B"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^varlink-codegen: .*bridge 'exit 0'/);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js/);
  });

  it.each([
    ["ssh-unix:", "ssh-unix:somehost:/run/x.sock", ["-W", "/run/x.sock", "somehost"]],
    [
      "ssh-exec:",
      "ssh-exec:me@somehost:/usr/bin/service --flag",
      ["-e", "none", "-T", "me@somehost", "env", "SYSTEMD_VARLINK_LISTEN=-", "/usr/bin/service", "--flag"],
    ],
  ])("%s runs ssh with systemd's arguments and talks through it", async (_name, address, argv) => {
    const { ssh } = writeStdioBridge(tmp.dir);
    const env = {
      PATH: `${tmp.dir}:${process.env["PATH"]}`,
      FAKE_SSH_SOCKET: `${tmp.dir}/ours.sock`,
      FAKE_SSH_LOG: `${tmp.dir}/ssh.log`,
    };
    expect(ssh).toBe(`${tmp.dir}/ssh`);
    const r = await runCliAsync(
      ["call", address, "org.example.count.Count", '{"n": 1}', "--json", "short"],
      tmp.dir,
      { env },
    );
    expect(r).toMatchObject({ code: 0, stdout: '{"i":1}\n', stderr: "" });
    expect(readFileSync(`${tmp.dir}/ssh.log`, "utf8")).toBe(`${JSON.stringify(argv)}\n`);
  });

  it("$SYSTEMD_SSH names the ssh binary, as for varlinkctl", async () => {
    const { ssh } = writeStdioBridge(tmp.dir);
    const env = { SYSTEMD_SSH: ssh, FAKE_SSH_SOCKET: `${tmp.dir}/ours.sock` };
    const r = await runCliAsync(["list-interfaces", "ssh-unix:h:/run/x"], tmp.dir, { env });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("org.example.count\n");
  });

  it("an ssh that cannot be run is a connection failure (exit 1)", async () => {
    const r = await runCliAsync(["info", "ssh-unix:h:/run/x"], tmp.dir, {
      env: { SYSTEMD_SSH: `${tmp.dir}/no-ssh` },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^varlink-codegen: cannot connect to ssh-unix:h:\/run\/x: spawn .*no-ssh ENOENT\n$/,
    );
  });
});

/**
 * A raw server like systemd 252's services: GetInfo is MethodNotImplemented (unless given the
 * interfaces to list), but the interface it is asked for by name is described; every other
 * call is MethodNotFound, also for an unknown interface (as systemd answers).
 */
async function startNoGetInfo(path: string, interfaces?: readonly string[]): Promise<net.Server> {
  const server = net.createServer((socket) => {
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString();
      let end: number;
      while ((end = buffered.indexOf("\0")) !== -1) {
        const call = JSON.parse(buffered.slice(0, end)) as {
          method: string;
          parameters?: { interface?: string };
        };
        buffered = buffered.slice(end + 1);
        let reply: object;
        if (call.method === "org.varlink.service.GetInfo")
          reply =
            interfaces === undefined
              ? { error: "org.varlink.service.MethodNotImplemented", parameters: { method: call.method } }
              : { parameters: { vendor: "v", product: "p", version: "1", url: "u", interfaces } };
        else if (call.method === "org.varlink.service.GetInterfaceDescription")
          reply =
            call.parameters?.interface === "org.example.quiet"
              ? { parameters: { description: "interface org.example.quiet\nmethod Ping() -> ()\n" } }
              : call.parameters?.interface === "org.example.broken"
                ? { parameters: { description: "interface org.example.broken\nmethod Ping() -> (\n" } }
                : {
                    error: "org.varlink.service.InterfaceNotFound",
                    parameters: { interface: call.parameters?.interface },
                  };
        else reply = { error: "org.varlink.service.MethodNotFound", parameters: { method: call.method } };
        socket.write(JSON.stringify(reply) + "\0");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return server;
}

describe("a service without GetInfo (systemd 252 style)", () => {
  let quiet: net.Server;
  let address: string;
  beforeEach(async () => {
    quiet = await startNoGetInfo(`${tmp.dir}/quiet.sock`);
    address = `unix:${tmp.dir}/quiet.sock`;
  });
  afterEach(() => void quiet.close());

  it.each([["info"], ["list-interfaces"], ["introspect"], ["list-methods"], ["pull"]])(
    "%s without interface names says the service does not implement introspection",
    async (verb) => {
      const r = await runCliAsync([verb, address], tmp.dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `varlink-codegen: ${address}: the service does not implement introspection (org.varlink.service.GetInfo answers MethodNotImplemented)\n` +
          "  name the interfaces you want (pull/introspect/list-methods ADDRESS INTERFACE...), or call methods directly\n",
      );
    },
  );

  it.each([
    ["pull", "wrote org.example.quiet.varlink\n"],
    ["introspect", "interface org.example.quiet\nmethod Ping() -> ()\n"],
    ["list-methods", "org.example.quiet.Ping\n"],
  ])("%s with an interface name uses it directly", async (verb, stdout) => {
    const r = await runCliAsync([verb, address, "org.example.quiet"], tmp.dir);
    expect(r).toMatchObject({ code: 0, stdout, stderr: "" });
  });

  it("an unknown interface name cannot be matched: no suggestion, exit 1", async () => {
    const r = await runCliAsync(["pull", address, "org.example.loud"], tmp.dir);
    expect(r).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `varlink-codegen: ${address} has no interface 'org.example.loud'\n`,
    });
  });

  it("call of a misspelt method suggests from the description it can still get", async () => {
    const r = await runCliAsync(["call", address, "org.example.quiet.Pign"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("did you mean 'org.example.quiet.Ping'?");
  });
});

it("call of a misspelt interface answered MethodNotFound (systemd's way) suggests the interface", async () => {
  const server = await startNoGetInfo(`${tmp.dir}/raw.sock`, ["org.varlink.service", "org.example.quiet"]);
  try {
    const r = await runCliAsync(["call", `unix:${tmp.dir}/raw.sock`, "org.example.quite.Ping"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MethodNotFound");
    expect(r.stderr).toContain("did you mean 'org.example.quiet.Ping'?");
  } finally {
    server.close();
  }
});

it("validate of a service with a broken description names it as <address>#<interface>, exit 1", async () => {
  const server = await startNoGetInfo(`${tmp.dir}/raw.sock`, ["org.example.quiet", "org.example.broken"]);
  try {
    const address = `unix:${tmp.dir}/raw.sock`;
    const r = await runCliAsync(["validate", address, "--timeout", "20000"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${address}#org.example.broken:2:`);
    expect(r.stderr).toMatch(/1 error in 1 file \(of 2 checked\)\n$/);
  } finally {
    server.close();
  }
});

it("pull -c takes the output directory from the named config", () => {
  tmp.write(
    "conf/varlink-codegen.config.json",
    JSON.stringify({ inputs: ["../shared"], targets: [{ outDir: "g" }] }),
  );
  const r = runCli(["pull", cert.address, "-c", "conf/varlink-codegen.config.json"], tmp.dir);
  expect(r).toMatchObject({ code: 0, stdout: "wrote shared/org.varlink.certification.varlink\n" });
});

describe.skipIf(!existsSync(USERDBD))("against systemd-userdbd (systemd 252: no introspection)", () => {
  const address = `exec:${USERDBD}`;
  it("info says the service does not implement GetInfo", () => {
    const r = runCli(["info", address], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "the service does not implement introspection (org.varlink.service.GetInfo answers MethodNotImplemented)",
    );
  });
  it("pull of a named interface says GetInterfaceDescription is not there either", () => {
    const r = runCli(["pull", address, "io.systemd.UserDatabase"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("(org.varlink.service.GetInterfaceDescription answers MethodNotFound)");
    expect(r.stderr).toContain("its methods can still be called directly");
  });
  it("call prints errno 22 as EINVAL", () => {
    const r = runCli(
      [
        "call",
        address,
        "io.systemd.UserDatabase.GetUserRecord",
        '{"uid": -5, "service": "io.systemd.Multiplexer"}',
      ],
      tmp.dir,
    );
    expect(r).toMatchObject({
      code: 1,
      stderr: `varlink-codegen: ${address}: io.systemd.System {"errno":22} (EINVAL)\n`,
    });
  });
  it("a misspelt method gets no guess, and is told why", () => {
    const r = runCli(["call", address, "io.systemd.UserDatabase.GetUserinfo"], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no suggestions: the service does not implement introspection");
  });
  it("a real call works, with --json short", () => {
    const r = runCli(
      [
        "call",
        address,
        "io.systemd.UserDatabase.GetUserRecord",
        '{"userName": "root", "service": "io.systemd.Multiplexer"}',
        "--json",
        "short",
      ],
      tmp.dir,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ record: { userName: "root", uid: 0 } });
  });
});
