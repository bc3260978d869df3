import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { git, repoRoot, runCli, tempDir } from "../helpers/cli.js";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir("vlc-gha-")));
afterEach(() => tmp.remove());

/** The `run:` lines of the sample workflow that call varlink-codegen, as argv (after `npx varlink-codegen`). */
function workflowCommands(): string[][] {
  const yml = readFileSync(join(repoRoot, "examples/github-actions/varlink.yml"), "utf8");
  return [...yml.matchAll(/^\s+run: npx varlink-codegen (.+)$/gm)].map((m) => m[1]!.trim().split(/\s+/));
}

const V1 =
  "interface org.example.shop\n\ntype Item (sku: string, count: int)\n\nmethod Buy(item: Item) -> (order: string)\n";

/** A clone of a repository whose main branch has an interface and its committed generated code. */
function cloneWithOrigin(): string {
  const origin = join(tmp.dir, "origin.git");
  const seed = join(tmp.dir, "seed");
  git(tmp.dir, "init", "-q", "--bare", "-b", "main", origin);
  tmp.write(
    "seed/varlink-codegen.config.json",
    JSON.stringify({ inputs: ["idl"], targets: [{ outDir: "src/generated" }] }),
  );
  tmp.write("seed/idl/org.example.shop.varlink", V1);
  git(tmp.dir, "init", "-q", "-b", "main", seed);
  expect(runCli(["generate"], seed).code).toBe(0);
  git(seed, "add", ".");
  git(seed, "commit", "-qm", "v1");
  git(seed, "remote", "add", "origin", origin);
  git(seed, "push", "-q", "origin", "main");
  const work = join(tmp.dir, "work");
  git(tmp.dir, "clone", "-q", origin, work);
  git(work, "checkout", "-q", "-b", "feature");
  rmSync(seed, { recursive: true, force: true });
  return work;
}

describe("examples/github-actions/varlink.yml", () => {
  it("runs generate --check and breaking --against origin/main", () => {
    expect(workflowCommands()).toEqual([
      ["generate", "--check", "--error-format", "github"],
      ["breaking", "--against", "origin/main", "--error-format", "github"],
    ]);
  });

  it("passes on an unchanged branch", () => {
    const work = cloneWithOrigin();
    for (const args of workflowCommands())
      expect(runCli(args, work), args.join(" ")).toMatchObject({ code: 0 });
  });

  it("fails both steps with annotations when the interface breaks and the code was not regenerated", () => {
    const work = cloneWithOrigin();
    tmp.write("work/idl/org.example.shop.varlink", V1.replace("count: int", "count: int, gift: bool"));
    const [check, breaking] = workflowCommands().map((args) => runCli(args, work));
    expect(check!.code).toBe(1);
    expect(check!.stdout).toMatch(
      /^::error file=src\/generated\/org\.example\.shop\.ts,title=stale generated file::run `varlink-codegen generate` and commit the result%0A--- /,
    );
    expect(breaking!.code).toBe(1);
    expect(breaking!.stdout).toBe(
      "::error file=idl/org.example.shop.varlink,line=3,col=37,endLine=3,endColumn=47,title=breaking change VL410 field-added::required field 'Item.gift' was added: old clients do not send it, so the server rejects their calls\n",
    );
  });

  it("passes after regenerating a safe change", () => {
    const work = cloneWithOrigin();
    tmp.write("work/idl/org.example.shop.varlink", V1 + "\nmethod Cancel(order: string) -> ()\n");
    expect(runCli(["generate"], work).code).toBe(0);
    const [check, breaking] = workflowCommands().map((args) => runCli(args, work));
    expect(check).toMatchObject({ code: 0, stdout: "" }); // github format: annotations only
    expect(breaking).toMatchObject({ code: 0 });
    expect(breaking!.stdout).toContain("::notice file=idl/org.example.shop.varlink,line=7");
  });
});
