/**
 * Shell completion: the candidates (table-driven, with a fake live service), and the bash script
 * exercised in a real bash with COMP_LINE/COMP_WORDS set as bash sets them, against
 * varlink-go-certification for method and interface names.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { candidates, type LiveLookup } from "../../src/cli/completion/candidates.js";
import { commandSpecs } from "../../src/cli/completion/spec.js";
import { createProgram } from "../../src/cli/program.js";
import { bin, runCli, tempDir } from "../helpers/cli.js";
import { startGoCertServer, type GoCertServer } from "../helpers/go-cert-server.js";

const specs = commandSpecs(createProgram());
const live: LiveLookup = async (address, what) => {
  if (address !== "unix:/live") return [];
  return what === "interfaces"
    ? ["org.varlink.service", "org.example.a"]
    : ["org.example.a.Ping", "org.example.a.Pong"];
};
const complete = (line: string) => candidates(specs, ["--help", "--version"], line.split(" "), live);

describe("candidates", () => {
  it.each([
    [
      "varlink-codegen ",
      [
        "validate",
        "format",
        "generate",
        "breaking",
        "init",
        "config",
        "info",
        "list-interfaces",
        "list-methods",
        "introspect",
        "pull",
        "call",
        "resolve",
        "bridge",
        "completion",
      ],
    ],
    ["varlink-codegen li", ["list-interfaces", "list-methods"]],
    ["varlink-codegen --v", ["--version"]],
    ["varlink-codegen nope ", []],
    ["varlink-codegen call --co", ["--collect"]],
    ["varlink-codegen call --json ", ["pretty", "short", "seq"]],
    ["varlink-codegen call --json=p", ["--json=pretty"]],
    ["varlink-codegen call --graceful ", []],
    ["varlink-codegen call unix:/live ", ["org.example.a.Ping", "org.example.a.Pong"]],
    ["varlink-codegen call unix:/live org.example.a.Po", ["org.example.a.Pong"]],
    ["varlink-codegen call --json short unix:/live org.example.a.Pi", ["org.example.a.Ping"]],
    ["varlink-codegen call --timeout 5 unix:/live org.example.a.Pi", ["org.example.a.Ping"]],
    ["varlink-codegen call unix:/live org.example.a.Ping ", []],
    ["varlink-codegen call unix:/dead ", []],
    ["varlink-codegen pull unix:/live org.example.a ", ["org.varlink.service"]],
    ["varlink-codegen introspect unix:/live org.", ["org.varlink.service", "org.example.a"]],
    ["varlink-codegen completion ", ["bash", "zsh", "fish"]],
    ["varlink-codegen generate --int ", ["number", "bigint"]],
    ["varlink-codegen info ", []],
  ])("%j", async (line, expected) => {
    expect(await complete(line)).toEqual(expected);
  });

  it("hides __complete", async () => {
    expect(await complete("varlink-codegen __")).toEqual([]);
  });
});

describe("the bash script, in bash", () => {
  let cert: GoCertServer;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => (cert = await startGoCertServer()));
  afterAll(async () => cert.stop());
  beforeEach(() => {
    tmp = tempDir("vlc-completion-");
    // The script calls `varlink-codegen` from PATH, as an installed package would.
    const shim = join(tmp.dir, "varlink-codegen");
    writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${bin}' "$@"\n`);
    chmodSync(shim, 0o755);
  });
  afterEach(() => tmp.remove());

  /** Sources the script and runs its function the way bash's completion does for `line`. */
  function completeInBash(line: string): string[] {
    const script = runCli(["completion", "bash"], tmp.dir).stdout;
    writeFileSync(join(tmp.dir, "completion.bash"), script);
    const program = [
      "source ./completion.bash",
      // Split as bash does for completion (COMP_WORDBREAKS includes = and :).
      'COMP_LINE="$LINE"; COMP_POINT=${#LINE}',
      'read -ra COMP_WORDS <<< "$(printf "%s" "$LINE" | sed -e "s/[=:]/ & /g")"',
      '[[ "$LINE" == *" " ]] && COMP_WORDS+=("")',
      "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))",
      "_varlink_codegen",
      'printf "%s\\n" "${COMPREPLY[@]}"',
      "complete -p varlink-codegen >&2",
    ].join("\n");
    const r = spawnSync("bash", ["--norc", "--noprofile", "-c", program], {
      cwd: tmp.dir,
      encoding: "utf8",
      timeout: 30_000,
      env: { ...process.env, LINE: line, PATH: `${tmp.dir}:${process.env["PATH"]}` },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("complete -o default -F _varlink_codegen varlink-codegen\n");
    return r.stdout.split("\n").filter((w) => w !== "");
  }

  it.each([
    ["varlink-codegen intro", ["introspect"]],
    ["varlink-codegen call --mo", ["--more"]],
    ["varlink-codegen call --json ", ["pretty", "short", "seq"]],
    // bash's current word is "s" after "--json" "=": the reply must be the rest only.
    ["varlink-codegen call --json=s", ["short", "seq"]],
    ["varlink-codegen call --json=", ["pretty", "short", "seq"]],
  ])("%j", (line, expected) => {
    expect(completeInBash(line)).toEqual(expected);
  });

  it("completes method names from the live service, after an address with ':' in it", () => {
    expect(completeInBash(`varlink-codegen call ${cert.address} org.varlink.certification.Test1`)).toEqual(
      ["Test10", "Test11"].map((m) => `org.varlink.certification.${m}`),
    );
  });

  it("completes interface names for pull", () => {
    expect(completeInBash(`varlink-codegen pull ${cert.address} org.varlink.c`)).toEqual([
      "org.varlink.certification",
    ]);
  });

  it("offers nothing (and prints no error) when the service is not there", () => {
    expect(completeInBash(`varlink-codegen call unix:${tmp.dir}/none.sock org.`)).toEqual([]);
  });
});

describe("zsh and fish scripts", () => {
  it.each([["zsh"], ["fish"]])("%s is printed and names __complete", (shell) => {
    const r = runCli(["completion", shell], process.cwd());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("varlink-codegen __complete --line");
  });

  it("an unknown shell is a usage error", () => {
    const r = runCli(["completion", "tcsh"], process.cwd());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are bash, zsh, fish/);
  });
});
