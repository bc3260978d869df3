/**
 * `bin/varlink-codegen.js` turns on Node's compile cache where Node has one (22.1+): a second cold
 * run then reads V8's compiled code instead of compiling the CLI and chevrotain again. Run on
 * Node 24 (skipped without it) with the OS temp dir, where the cache goes, pointed at a folder of
 * the test's: the first run must fill it, and a run with NODE_DISABLE_COMPILE_CACHE must not.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bin, repoRoot, tempDir } from "../helpers/cli.js";
import { nodeBinary, noNode } from "../helpers/node-versions.js";
import { spawningTestTimeout } from "../helpers/time-limits.js";

const node24 = nodeBinary(24);
const idl = `${repoRoot}fixtures/valid/org.varlink.certification/input.varlink`;
const temp = tempDir();
afterAll(() => temp.remove());

/** Every file under `dir`, recursively (the cache is a folder per Node/V8 version). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe.skipIf(node24 === undefined)(
  `compile cache (${node24 === undefined ? noNode(24) : "Node 24"})`,
  () => {
    it.each<[string, Record<string, string>, boolean]>([
      ["fills the cache", {}, true],
      ["stays off with NODE_DISABLE_COMPILE_CACHE", { NODE_DISABLE_COMPILE_CACHE: "1" }, false],
    ])(
      "a `breaking` run %s",
      (name, extra, filled) => {
        // NODE_COMPILE_CACHE alone would turn the cache on whatever the bin does: point the
        // default folder (node-compile-cache under the OS temp dir) at this test's folder instead.
        const tmp = join(temp.dir, name.replace(/\W+/g, "-"));
        mkdirSync(tmp);
        const cache = join(tmp, "node-compile-cache");
        const { NODE_COMPILE_CACHE: _ignored, ...inherited } = process.env;
        const env = { ...inherited, TMPDIR: tmp, ...extra };
        const r = spawnSync(node24!, [bin, "breaking", idl, idl], {
          env,
          encoding: "utf8",
        });
        expect(r.stderr).toBe("");
        expect(r.stdout).toBe("no changes\n");
        // No folder at all means nothing was cached.
        const files = existsSync(cache) ? filesUnder(cache) : [];
        expect(files.length > 0).toBe(filled);
      },
      spawningTestTimeout(1),
    );
  },
);
