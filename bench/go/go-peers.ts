/**
 * Builds the Go baseline peers for `npm run bench`: a varlink/go server and a benchmark client for
 * org.varlink.bench, offline (GO111MODULE=off, GOPATH including Debian's /usr/share/gocode), into the
 * git-ignored bench/.build/. Returns a reason instead of throwing when go or the sources are missing,
 * so the benchmark prints "n/a (reason)" for the Go rows.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Paths of the built Go programs. */
export interface GoPeers {
  /** `bench-go-server --varlink ADDRESS`: prints `READY <address>` when it accepts connections. */
  readonly server: string;
  /** `bench-go-client --varlink ADDRESS --scenario S ...`: prints one JSON result line. */
  readonly client: string;
  /** `varlink-go-interface-generator` (the system one, or built from source when missing). */
  readonly generator: string;
}

/** Outcome of {@link buildGoPeers}: the programs, or why they could not be built. */
export type GoBuild =
  { readonly ok: true; readonly peers: GoPeers } | { readonly ok: false; readonly reason: string };

/** Where Debian's golang-github-varlink-go-dev puts the varlink/go sources. */
export const VARLINK_GO_GOPATH = "/usr/share/gocode";
const VARLINK_GO_SOURCE = join(VARLINK_GO_GOPATH, "src/github.com/varlink/go");

const here = dirname(fileURLToPath(import.meta.url));
/** Default output folder (git-ignored). */
export const DEFAULT_BUILD_DIR = join(here, "..", ".build");
const INTERFACE_FILE = join(here, "..", "org.varlink.bench.varlink");

/** Options for {@link buildGoPeers}. */
export interface BuildOptions {
  /** Output folder; default bench/.build. */
  readonly buildDir?: string;
  /** Rebuild even when the binaries are newer than their sources. */
  readonly force?: boolean;
}

function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): string | undefined {
  const result = spawnSync(command, args, { env, cwd, encoding: "utf8", timeout: 300_000 });
  if (result.error) return `${command}: ${result.error.message}`;
  if (result.status !== 0)
    return `${command} ${args.join(" ")} failed: ${(result.stderr || result.stdout).trim()}`;
  return undefined;
}

/** The first executable `command` on PATH (no shell: works with any PATH). */
function which(command: string): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function newerThan(target: string, sources: readonly string[]): boolean {
  if (!existsSync(target)) return false;
  const built = statSync(target).mtimeMs;
  return sources.every((source) => statSync(source).mtimeMs <= built);
}

/** Builds (or reuses) the Go server and client; never throws for a missing toolchain. */
export function buildGoPeers(options: BuildOptions = {}): GoBuild {
  const go = which("go");
  if (go === undefined) {
    return { ok: false, reason: "go not found on PATH (apt-get install golang-go)" };
  }
  if (!existsSync(join(VARLINK_GO_SOURCE, "varlink"))) {
    return {
      ok: false,
      reason: `varlink/go sources missing in ${VARLINK_GO_SOURCE} (apt-get install golang-github-varlink-go-dev)`,
    };
  }
  const buildDir = options.buildDir ?? DEFAULT_BUILD_DIR;
  const gopath = join(buildDir, "gopath");
  const pkg = join(gopath, "src", "varlinkbench");
  const bin = join(buildDir, "bin");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GO111MODULE: "off",
    GOPATH: `${gopath}:${VARLINK_GO_GOPATH}`,
    GOCACHE: join(buildDir, "gocache"),
    GOPROXY: "off",
    GOFLAGS: "",
    CGO_ENABLED: "0",
  };
  for (const dir of [join(pkg, "orgvarlinkbench"), join(pkg, "server"), join(pkg, "client"), bin]) {
    mkdirSync(dir, { recursive: true });
  }

  let generator = which("varlink-go-interface-generator");
  if (generator === undefined) {
    generator = join(bin, "varlink-go-interface-generator");
    const failure = run(
      go,
      ["build", "-o", generator, "github.com/varlink/go/cmd/varlink-go-interface-generator"],
      env,
    );
    if (failure !== undefined) return { ok: false, reason: failure };
  }

  const peers: GoPeers = {
    server: join(bin, "bench-go-server"),
    client: join(bin, "bench-go-client"),
    generator,
  };
  const sources = [INTERFACE_FILE, join(here, "server", "main.go"), join(here, "client", "main.go")];
  if (!options.force && newerThan(peers.server, sources) && newerThan(peers.client, sources)) {
    return { ok: true, peers };
  }

  const idl = join(pkg, "orgvarlinkbench", "org.varlink.bench.varlink");
  copyFileSync(INTERFACE_FILE, idl);
  copyFileSync(join(here, "server", "main.go"), join(pkg, "server", "main.go"));
  copyFileSync(join(here, "client", "main.go"), join(pkg, "client", "main.go"));
  const steps: Array<[string, string[]]> = [
    [generator, [idl]],
    [go, ["build", "-o", peers.server, "varlinkbench/server"]],
    [go, ["build", "-o", peers.client, "varlinkbench/client"]],
  ];
  for (const [command, args] of steps) {
    const failure = run(command, args, env, gopath);
    if (failure !== undefined) return { ok: false, reason: failure };
  }
  return { ok: true, peers };
}
