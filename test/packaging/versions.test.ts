/**
 * The two packages move in lockstep: one version for the generator and the runtime, and the
 * generator depends on exactly that runtime (scripts/version-sync.mjs keeps them so; `npm version`
 * runs it). The runtime installs nothing: its only peers are optional ones, each imported by one
 * integration entry point (`@varlink-codegen/runtime/jwt`, `/otel`, `/prometheus`) and nothing else.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";

interface Manifest {
  readonly version: string;
  readonly engines?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly [field: string]: unknown;
}

const read = (path: string): Manifest => JSON.parse(readFileSync(join(repoRoot, path), "utf8")) as Manifest;
const generator = read("package.json");
const runtime = read("packages/runtime/package.json");

describe("package versions", () => {
  it("the runtime has the generator's version, and the generator depends on exactly it", () => {
    expect(runtime.version).toBe(generator.version);
    expect(generator.dependencies?.["@varlink-codegen/runtime"]).toBe(generator.version);
  });

  it("npm run version:sync -- --check agrees", () => {
    const r = spawnSync(process.execPath, ["scripts/version-sync.mjs", "--check"], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it.each(["dependencies", "optionalDependencies", "bundleDependencies"])("the runtime has no %s", (field) =>
    expect(runtime[field]).toBeUndefined(),
  );

  it("every peer of the runtime is optional and belongs to an integration entry point", () => {
    const peers = Object.keys((runtime["peerDependencies"] ?? {}) as Record<string, string>).sort();
    const meta = (runtime["peerDependenciesMeta"] ?? {}) as Record<string, { optional?: boolean }>;
    expect(peers).toEqual(["@opentelemetry/api", "jose", "prom-client"]);
    for (const peer of peers) expect(meta[peer]?.optional, peer).toBe(true);
    const entries = Object.keys(runtime["exports"] as Record<string, unknown>).sort();
    // ./http (the HTTP front, docs/http.md) is an entry point of node: builtins only, no peer;
    // ./browser (docs/browser.md) imports no node: module at all.
    expect(entries).toEqual([
      ".",
      "./browser",
      "./http",
      "./jwt",
      "./otel",
      "./package.json",
      "./prometheus",
    ]);
  });

  it("both support the same Node versions", () => {
    expect(runtime.engines).toEqual(generator.engines);
  });
});
