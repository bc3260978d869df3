/**
 * `npm run bench [-- --quick] [--json] [--only group,group] [--cpu-prof DIR]`: every benchmark of issue 7, each as a
 * ratio against a baseline measured in the same run, printed as a markdown table (or JSON).
 * A scenario whose dependency is missing prints "n/a (reason)" instead of failing the run.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { availableParallelism, cpus, loadavg } from "node:os";
import { buildGoPeers } from "./go/go-peers.js";
import { socketDir } from "./lib/child.js";
import { reasonOf, type BenchContext, type Scenario } from "./lib/context.js";
import { toJson, toMarkdown, unavailable, type Row } from "./lib/report.js";

/** Scenario groups in run order; each module is loaded lazily so one broken import is one n/a row. */
const GROUPS: ReadonlyArray<{ name: string; load: () => Promise<Scenario> }> = [
  { name: "runtime-raw", load: async () => (await import("./scenarios/runtime-raw.js")).runtimeVsRaw },
  { name: "runtime-go", load: async () => (await import("./scenarios/runtime-go.js")).runtimeVsGo },
  { name: "client", load: async () => (await import("./scenarios/client-pool.js")).clientPool },
  {
    name: "observability",
    load: async () => (await import("./scenarios/observability.js")).observability,
  },
  { name: "tls", load: async () => (await import("./scenarios/tls.js")).tlsVsTcp },
  { name: "http", load: async () => (await import("./scenarios/http.js")).httpVsUnix },
  { name: "validators", load: async () => (await import("./scenarios/validators.js")).validatorsVsAjv },
  { name: "json", load: async () => (await import("./scenarios/json.js")).jsonCosts },
  { name: "codegen", load: async () => (await import("./scenarios/codegen.js")).codegenVsGo },
  { name: "noop", load: async () => (await import("./scenarios/noop.js")).noopVsNode },
  { name: "memory", load: async () => (await import("./scenarios/memory.js")).memory },
  { name: "auth", load: async () => (await import("./scenarios/auth.js")).authCosts },
];

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const json = argv.includes("--json");
const profileIndex = argv.indexOf("--cpu-prof");
const profileDir = profileIndex >= 0 ? argv[profileIndex + 1] : undefined;
const onlyIndex = argv.indexOf("--only");
const only = onlyIndex >= 0 ? new Set((argv[onlyIndex + 1] ?? "").split(",")) : undefined;
const unknown = only ? [...only].filter((name) => !GROUPS.some((group) => group.name === name)) : [];
if (unknown.length > 0 || argv.includes("--help") || (profileIndex >= 0 && profileDir === undefined)) {
  console.error(
    `usage: npm run bench -- [--quick] [--json] [--only ${GROUPS.map((g) => g.name).join(",")}] [--cpu-prof DIR]`,
  );
  process.exit(unknown.length > 0 ? 2 : 0);
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sockets = socketDir();
const started = Date.now();
const log = (message: string): void => {
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
};
log("building the Go baseline (bench/go)");
const context: BenchContext = {
  quick,
  repetitions: quick ? { warmup: 1, reps: 3 } : { warmup: 2, reps: 7 },
  go: buildGoPeers(),
  sockets,
  root,
  serverNodeArgs: profileDir === undefined ? [] : ["--cpu-prof", "--cpu-prof-dir", resolve(profileDir)],
  log,
};
if (!context.go.ok) log(`Go baseline unavailable: ${context.go.reason}`);

const rows: Row[] = [];
try {
  for (const group of GROUPS) {
    if (only && !only.has(group.name)) continue;
    log(`== ${group.name}`);
    try {
      rows.push(...(await (await group.load())(context)));
    } catch (error) {
      rows.push(unavailable(group.name, "(all)", "-", reasonOf(error)));
    }
  }
} finally {
  sockets.remove();
}

const meta = {
  command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(" ")}` : ""}`,
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${availableParallelism()} x ${cpus()[0]?.model ?? "unknown"}`,
  quick,
  /** Load average at the end: other work on the machine makes every figure noisier. */
  loadAverage: loadavg()
    .map((value) => value.toFixed(2))
    .join(" "),
};
if (json) {
  console.log(toJson(rows, meta));
} else {
  console.log(
    `# varlink-codegen benchmarks\n\n\`${meta.command}\` on ${meta.date}, Node ${meta.node}, ${meta.cpus}, load average ${meta.loadAverage}\n`,
  );
  console.log(toMarkdown(rows));
  console.log(
    "\nratio = ours / baseline, measured in this run (medians unless noted); `better` says which way is good.",
  );
}
