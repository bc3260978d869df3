/** The pure parts of the live-service commands (call, pull, introspect, ssh addresses), table-driven. */
import { describe, expect, it } from "vitest";
import type { Stats } from "node:fs";
import { expandAddress } from "../../src/cli/introspect/address-shorthand.js";
import { errnoName, errnoNote } from "../../src/cli/introspect/errno-names.js";
import { defaultJsonMode, formatJson, type JsonMode } from "../../src/cli/introspect/json-output.js";
import { splitTarget } from "../../src/cli/introspect/positionals.js";
import { pullDirectory } from "../../src/cli/introspect/pull-dir.js";
import { parseParameters } from "../../src/cli/introspect/run-call.js";
import { inspectOutput } from "../../src/cli/introspect/run-inspect.js";
import { methodNames, suggestInterface, suggestMethod } from "../../src/cli/introspect/suggest-member.js";
import { formatAddress, parseAddress } from "../../packages/runtime/src/transports/address.js";
import { AddressError } from "../../packages/runtime/src/errors.js";
import { sshCommand } from "../../packages/runtime/src/transports/ssh.js";

describe("errno names (Linux numbering)", () => {
  it.each([
    [1, "EPERM"],
    [2, "ENOENT"],
    [13, "EACCES"],
    [22, "EINVAL"],
    [-22, "EINVAL"],
    [95, "EOPNOTSUPP"],
    [110, "ETIMEDOUT"],
    [125, "ECANCELED"],
    [133, "EHWPOISON"],
    [0, undefined],
    [41, undefined],
    [58, undefined],
    [134, undefined],
    [2.5, undefined],
    ["22", undefined],
  ])("%j is %s", (n, name) => expect(errnoName(n)).toBe(name));

  it.each([
    ["io.systemd.System", { errno: 22 }, "EINVAL"],
    ["io.systemd.System", { errno: 22, errnoName: "EINVAL" }, undefined],
    ["io.systemd.System", {}, undefined],
    ["org.example.Error", { errno: 22 }, undefined],
  ])("note for %s %j is %s", (error, parameters, note) => expect(errnoNote(error, parameters)).toBe(note));
});

describe("JSON output modes", () => {
  it.each<[JsonMode, unknown, string]>([
    ["pretty", { a: 1 }, '{\n  "a": 1\n}\n'],
    ["short", { a: [1, 2] }, '{"a":[1,2]}\n'],
    ["seq", { a: 1 }, '\x1e{"a":1}\n'],
    ["seq", [{}, {}], "\x1e[{},{}]\n"],
  ])("%s of %j", (mode, value, text) => expect(formatJson(value, mode)).toBe(text));

  it("streams default to JSON-SEQ, single replies to pretty (as varlinkctl)", () => {
    expect(defaultJsonMode(true)).toBe("seq");
    expect(defaultJsonMode(false)).toBe("pretty");
  });
});

describe("call parameters", () => {
  it.each([
    [undefined, "", {}],
    ['{"a": 1}', "", { a: 1 }],
    ["-", '{"from": "stdin"}\n', { from: "stdin" }],
    ["-", "", {}],
    ["-", "  \n", {}],
    ["-", "[1]", /must be a JSON object/],
    ["-", "{nope", /parameters on stdin are not valid JSON/],
    ["{nope", "", /^parameters are not valid JSON/],
    ["null", "", /must be a JSON object/],
  ])("%j with stdin %j", (text, stdin, expected) => {
    const result = parseParameters(text, () => stdin);
    if (expected instanceof RegExp) expect(result).toMatch(expected);
    else expect(result).toEqual(expected);
  });
});

describe("did you mean", () => {
  const description =
    "# doc\ninterface org.example.user\n\n# method Hidden() -> ()\nmethod GetUserInfo(id: int) -> ()\n  method ListUsers() -> ()\ntype Method (x: int)\n";
  it("finds the declared methods only", () => {
    expect(methodNames(description)).toEqual(["GetUserInfo", "ListUsers"]);
  });
  it.each([
    ["GetUserinfo", "org.example.user.GetUserInfo"],
    ["ListUser", "org.example.user.ListUsers"],
    ["Frobnicate", undefined],
  ])("method %s -> %s", (method, guess) =>
    expect(suggestMethod("org.example.user", method, description)).toBe(guess),
  );
  it.each([
    ["org.varlink.certifcation", "org.varlink.certification"],
    ["com.other", undefined],
  ])("interface %s -> %s", (name, guess) =>
    expect(suggestInterface(name, ["org.varlink.service", "org.varlink.certification"])).toBe(guess),
  );
});

describe("introspect / list-methods output", () => {
  const files = [
    { name: "org.a", text: "interface org.a\nmethod X() -> ()\nmethod Y() -> ()" },
    { name: "org.b", text: "interface org.b\nmethod Z() -> ()\n" },
  ];
  it("introspect separates descriptions by one blank line", () => {
    expect(inspectOutput("introspect", files)).toBe(
      "interface org.a\nmethod X() -> ()\nmethod Y() -> ()\n\ninterface org.b\nmethod Z() -> ()\n",
    );
  });
  it("list-methods prints qualified names", () => {
    expect(inspectOutput("list-methods", files)).toBe("org.a.X\norg.a.Y\norg.b.Z\n");
  });
});

describe("pull's default directory", () => {
  it.each([
    [undefined, "."],
    [[], "."],
    [["idl"], "idl"],
    [["idl/a.varlink", "x"], "idl"],
    [["a.varlink"], "."],
    [["idl/**/*.varlink"], "idl"],
    [["**/*.varlink"], "."],
    [["../shared/idl"], "../shared/idl"],
  ])("inputs %j -> %s", (inputs, dir) => expect(pullDirectory(inputs)).toBe(dir));
});

describe("--bridge replaces the address", () => {
  it.each([
    [["unix:/x", "org.a.B"], undefined, { target: { address: "unix:/x" }, rest: ["org.a.B"] }],
    [["org.a.B", "{}"], "cat", { target: { address: "bridge:cat", bridge: "cat" }, rest: ["org.a.B", "{}"] }],
    [[undefined], undefined, /missing required argument 'address'/],
    [["org.a.B"], " ", /--bridge needs a command/],
  ])("%j with --bridge %j", (args, bridge, expected) => {
    const result = splitTarget(args, bridge);
    if (expected instanceof RegExp) expect(result).toMatch(expected);
    else expect(result).toEqual(expected);
  });
});

describe("ssh-unix: and ssh-exec: addresses (systemd's forms)", () => {
  it.each([
    ["ssh-unix:host:/run/x", { kind: "ssh-unix", host: "host", path: "/run/x" }, ["-W", "/run/x", "host"]],
    [
      "ssh-unix:me@10.0.0.1:/run/a;b",
      { kind: "ssh-unix", host: "me@10.0.0.1", path: "/run/a;b" },
      ["-W", "/run/a;b", "me@10.0.0.1"],
    ],
    [
      "ssh-exec:host:/usr/bin/systemd-creds",
      { kind: "ssh-exec", host: "host", command: ["/usr/bin/systemd-creds"] },
      ["-e", "none", "-T", "host", "env", "SYSTEMD_VARLINK_LISTEN=-", "/usr/bin/systemd-creds"],
    ],
    [
      "ssh-exec:host:svc --flag x",
      { kind: "ssh-exec", host: "host", command: ["svc", "--flag", "x"] },
      ["-e", "none", "-T", "host", "env", "SYSTEMD_VARLINK_LISTEN=-", "svc", "--flag", "x"],
    ],
  ])("parses %s", (text, parsed, args) => {
    expect(parseAddress(text)).toEqual(parsed);
    expect(formatAddress(parseAddress(text))).toBe(text);
    expect(sshCommand(parseAddress(text) as Parameters<typeof sshCommand>[0]).args).toEqual(args);
  });

  it.each([
    ["ssh-unix:", /expected ssh-unix:host/],
    ["ssh-unix:host", /absolute socket path/],
    ["ssh-unix:host:run/x", /absolute socket path/],
    ["ssh-unix:-oProxyCommand=x:/run/x", /expected ssh-unix:host/],
    ["ssh-exec:host:", /missing command/],
    ["ssh-exec::cmd", /expected ssh-exec:host/],
  ])("rejects %j", (text, reason) => {
    expect(() => parseAddress(text)).toThrow(AddressError);
    expect(() => parseAddress(text)).toThrow(reason);
  });
});

describe("varlinkctl's path shorthand for addresses", () => {
  const fake = (kind: "socket" | "file" | "dir", mode = 0o644): Stats =>
    ({ isSocket: () => kind === "socket", isFile: () => kind === "file", mode }) as Stats;
  const table: Record<string, Stats | undefined> = {
    "/run/x.sock": fake("socket"),
    "./x.sock": fake("socket"),
    "/usr/lib/svc": fake("file", 0o755),
    "/etc/passwd": fake("file", 0o644),
    "/run": fake("dir", 0o755),
  };
  it.each([
    ["/run/x.sock", "unix:/run/x.sock"],
    ["./x.sock", "unix:./x.sock"],
    ["/usr/lib/svc", "exec:/usr/lib/svc"],
    ["/etc/passwd", "/etc/passwd"],
    ["/run", "/run"],
    ["/missing", "/missing"],
    ["x.sock", "x.sock"],
    ["unix:/run/x.sock", "unix:/run/x.sock"],
  ])("%s -> %s", (text, address) => expect(expandAddress(text, (p) => table[p])).toBe(address));
});
