/**
 * The browser build: generated clients bundled by esbuild for `platform: "browser"` resolve
 * `@varlink-codegen/runtime` through its `browser` export condition to a graph with no `node:`
 * module (esbuild fails the build on one: browsers have none), and a Node bundle of the same
 * module keeps the Node transports (the entry's import of transports/node-platform.ts, listed in
 * package.json `sideEffects` for bundlers that drop side-effect imports otherwise).
 */
import { build } from "esbuild";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeGenerated } from "../helpers/generated-project.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";

/** Every valid fixture: what any generated module may import from the runtime. */
const FIXTURES = [
  "io.example.user",
  "io.example.order",
  "io.systemd.example",
  "org.example.all-types",
  "org.example.more",
  "org.example.reserved-words",
  "org.varlink.certification",
  "org.varlink.service",
];

let dir: string;
beforeAll(async () => {
  dir = await writeGenerated("browser-bundle-", FIXTURES, { runtime: "@varlink-codegen/runtime" });
  // Uses every generated module, so nothing is tree-shaken away unchecked.
  const imports = FIXTURES.map((name, i) => `export * as m${i} from "./${name}.js";`).join("\n");
  await writeFile(join(dir, "entry.ts"), `${imports}\n`);
}, EVENT_LIMIT_MS);
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Bundles the entry; returns the input files and the output text. The package's dist/ is used (built by pretest). */
async function bundle(platform: "browser" | "node"): Promise<{ inputs: string[]; text: string }> {
  const result = await build({
    entryPoints: [join(dir, "entry.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform,
    metafile: true,
    logLevel: "silent",
  });
  return { inputs: Object.keys(result.metafile.inputs), text: result.outputFiles[0]!.text };
}

describe("browser bundle of generated clients", () => {
  it(
    "resolves the browser entry and reaches no node: module",
    async () => {
      // A node: import fails a browser build ("Could not resolve"), naming the module.
      const { inputs, text } = await bundle("browser");
      expect(inputs.some((file) => file.endsWith("runtime/dist/browser.js"))).toBe(true);
      expect(inputs.filter((file) => file.endsWith("runtime/dist/index.js"))).toEqual([]);
      expect(inputs.filter((file) => /node-socket|node-platform|\/tls\.js|exec\.js/.test(file))).toEqual([]);
      expect(text).not.toMatch(/from\s*["']node:/);
    },
    EVENT_LIMIT_MS,
  );

  it(
    "a Node bundle keeps the Node transports",
    async () => {
      const { inputs } = await bundle("node");
      expect(inputs.some((file) => file.endsWith("runtime/dist/transports/node-platform.js"))).toBe(true);
      expect(inputs.some((file) => file.endsWith("runtime/dist/transports/node-socket.js"))).toBe(true);
    },
    EVENT_LIMIT_MS,
  );
});
