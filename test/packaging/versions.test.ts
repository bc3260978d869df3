/**
 * The two packages move in lockstep: one version for the generator and the runtime, and the
 * generator depends on exactly that runtime (scripts/version-sync.mjs keeps them so; `npm version`
 * runs it). The runtime has no dependencies of any kind.
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

  it.each(["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies"])(
    "the runtime has no %s",
    (field) => expect(runtime[field]).toBeUndefined(),
  );

  it("both support the same Node versions", () => {
    expect(runtime.engines).toEqual(generator.engines);
  });
});
