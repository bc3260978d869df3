/**
 * The two published packages as a new user gets them: `npm pack` both, install them into a fresh
 * app (the runtime as its only dependency, the generator as a devDependency, offline: from the
 * tarballs and the npm cache `npm ci` filled, through a lock written by app-lock.ts), generate with `--runtime @varlink-codegen/runtime`,
 * compile under the strictest options we promise, and run the compiled JS: a server and a client
 * of the generated interface, talking over a unix socket.
 *
 * Packs with --ignore-scripts: `pretest` has built both packages, and running `prepack` here would
 * rewrite dist/ under the other test files that are running the CLI from it. That prepack builds
 * is checked from a fresh clone (docs/architecture.md, "Packages").
 */
import { spawnSync } from "node:child_process";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, tempDir } from "../helpers/cli.js";
import { appLock, type Tarball } from "./app-lock.js";
import { PROCESS_LIMIT_MS, spawningTestTimeout } from "../helpers/time-limits.js";

interface Packed {
  readonly name: string;
  readonly version: string;
  readonly integrity: string;
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

/**
 * Compiler options the generated code and the runtime's declarations must pass. Issue 12 adds
 * `erasableSyntaxOnly` and `isolatedDeclarations` once the emitters and the runtime are erasable:
 * list them here (the hook for that change).
 */
const STRICT_OPTIONS = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
};

const IDL = "interface org.example.pack\n\n# Echoes its text.\nmethod Ping(text: string) -> (text: string)\n";

const MAIN = `import { VarlinkServer } from "@varlink-codegen/runtime";
import { PackClient, registerPackService } from "./generated/org.example.pack.js";

const server = new VarlinkServer({ vendor: "test", product: "pack", version: "1", url: "https://example.org" });
registerPackService(server, { ping: ({ text }) => ({ text: text + "!" }) });
const listener = await server.listen(process.argv[2]!);
const client = await PackClient.connect(listener.address);
const reply = await client.ping({ text: "hello" });
console.log(JSON.stringify(reply));
await client.close();
await server.close();
`;

let tmp: ReturnType<typeof tempDir>;
let runtime: Packed;
let generator: Packed;

function run(cwd: string, command: string, args: readonly string[]): string {
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    timeout: PROCESS_LIMIT_MS,
    env: { ...process.env, NO_COLOR: "1", npm_config_update_notifier: "false" },
  });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}:\n${out}`);
  return r.stdout;
}

function npm(cwd: string, ...args: string[]): string {
  return run(cwd, "npm", [...args, "--no-audit", "--no-fund"]);
}

/** `npm pack` of the root package, or of a workspace, into the temp folder. */
function pack(workspace?: string): Packed {
  const where = workspace === undefined ? [] : ["-w", workspace];
  const out = npm(repoRoot, "pack", ...where, "--ignore-scripts", "--json", "--pack-destination", tmp.dir);
  return (JSON.parse(out) as Packed[])[0]!;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(repoRoot, path), "utf8")) as T;
}

/** A packed tarball as the app in `tmp.dir/app` refers to it. */
function tarball(packed: Packed, manifestPath: string): Tarball {
  const { name, version, integrity, filename } = packed;
  return {
    name,
    version,
    integrity,
    file: `../${filename}`,
    manifest: readJson<Tarball["manifest"]>(manifestPath),
  };
}

beforeAll(() => {
  tmp = tempDir("vlc-pack-");
  runtime = pack("@varlink-codegen/runtime");
  generator = pack();
}, spawningTestTimeout(2));
afterAll(() => tmp.remove());

describe("npm pack", () => {
  it("the runtime tarball holds the runtime only: dist and its sources, no tests, no generator", () => {
    const paths = runtime.files.map((f) => f.path);
    expect(paths).toContain("package.json");
    expect(paths).toContain("dist/index.js");
    expect(paths).toContain("dist/index.d.ts");
    const stray = paths.filter((p) => !/^(package\.json|README\.md|LICENSE|(dist|src)\/.+)$/.test(p));
    expect(stray).toEqual([]);
    expect(paths.filter((p) => /\.test\.|(^|\/)(test|generator|cli|parser)\//.test(p))).toEqual([]);
  });

  it("the generator tarball ships its build but not the runtime's sources or tests", () => {
    const paths = generator.files.map((f) => f.path);
    expect(paths).toContain("dist/cli/main.js");
    expect(paths).toContain("bin/varlink-codegen.js");
    expect(paths.filter((p) => /^(src|test|packages)\//.test(p))).toEqual([]);
  });
});

describe("a new app from the tarballs", () => {
  it(
    "installs offline, generates against @varlink-codegen/runtime, compiles strictly and runs",
    () => {
      const app = join(tmp.dir, "app");
      mkdirSync(join(app, "src"), { recursive: true });
      const lock = appLock(
        readJson<Parameters<typeof appLock>[0]>("package-lock.json"),
        tarball(runtime, "packages/runtime/package.json"),
        tarball(generator, "package.json"),
        ["typescript", "@types/node"],
      ) as { packages: { "": object } };
      const manifest = { ...lock.packages[""], private: true, type: "module" };
      writeFileSync(join(app, "package.json"), JSON.stringify(manifest, null, 2));
      writeFileSync(join(app, "package-lock.json"), JSON.stringify(lock, null, 2));
      npm(app, "ci", "--offline");

      writeFileSync(join(app, "org.example.pack.varlink"), IDL);
      run(app, join(app, "node_modules/.bin/varlink-codegen"), [
        "generate",
        "org.example.pack.varlink",
        "-o",
        "src/generated",
        "--runtime",
        "@varlink-codegen/runtime",
      ]);
      writeFileSync(join(app, "src/main.ts"), MAIN);
      const tsconfig = {
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          types: ["node"],
          rootDir: "src",
          outDir: "dist",
          ...STRICT_OPTIONS,
        },
        include: ["src"],
      };
      writeFileSync(join(app, "tsconfig.json"), JSON.stringify(tsconfig));
      run(app, join(app, "node_modules/.bin/tsc"), ["-p", "."]);

      const out = run(app, process.execPath, ["dist/main.js", `unix:${join(tmp.dir, "pack.sock")}`]);
      expect(JSON.parse(out)).toEqual({ text: "hello!" });
    },
    spawningTestTimeout(5),
  );
});
