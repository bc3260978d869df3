/**
 * The build the Dockerfile's build stage runs (and test/examples/microservices-docker.test.ts
 * runs outside Docker): generate the code from the fixtures (the CLI from dist/, so `npm run
 * build` first), type-check both services strictly, then bundle each into
 * `OUT/<service>/main.js` with esbuild: one ES module holding the service, the runtime and its
 * production dependencies (pino, prom-client, OpenTelemetry), nothing of the toolchain. The
 * final image copies only that folder: production code only, no node_modules, no compiler.
 *
 *   OUT=/out tsx examples/microservices/scripts/build.ts
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { generateCode } from "./generate.js";
import { EXAMPLE_DIR } from "./processes.js";

const out = process.env["OUT"] ?? join(EXAMPLE_DIR, "dist");
const root = join(EXAMPLE_DIR, "../..");
const run = (args: readonly string[], cwd: string): void => {
  execFileSync(process.execPath, args, { cwd, stdio: "inherit" });
};

generateCode("inherit");
run([join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], EXAMPLE_DIR);
for (const service of ["user-service", "order-service"]) {
  await build({
    entryPoints: [join(EXAMPLE_DIR, "packages", service, "src", "main.ts")],
    outfile: join(out, service, "main.js"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // The runtime's published build (dist/), as an installed package would resolve it.
    conditions: ["import", "default"],
    // CommonJS dependencies (prom-client, pino) call require() for node builtins.
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
    logLevel: "warning",
  });
  // Marks the folder as ES modules for node (main.js is ESM).
  writeFileSync(join(out, service, "package.json"), `${JSON.stringify({ type: "module", private: true })}\n`);
}
process.stdout.write(`built ${out}/{user-service,order-service}/main.js\n`);
