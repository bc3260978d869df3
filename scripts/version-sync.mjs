// Keeps the two packages in lockstep: copies the root (generator) version into
// packages/runtime/package.json and into the generator's dependency on the runtime.
// `--check` only reports drift (exit 1). Runs from the `version` lifecycle script, so
// `npm version <x>` at the root moves both packages; plain node, no build needed.
import { readFileSync, writeFileSync } from "node:fs";

const RUNTIME = "@varlink-codegen/runtime";
const rootUrl = new URL("../package.json", import.meta.url);
const runtimeUrl = new URL("../packages/runtime/package.json", import.meta.url);
const read = (url) => JSON.parse(readFileSync(url, "utf8"));
const write = (url, json) => writeFileSync(url, `${JSON.stringify(json, null, 2)}\n`);

const root = read(rootUrl);
const runtime = read(runtimeUrl);
const drift = [];
if (runtime.version !== root.version) drift.push(`${RUNTIME} is ${runtime.version}`);
if (root.dependencies?.[RUNTIME] !== root.version)
  drift.push(`the generator depends on ${RUNTIME}@${root.dependencies?.[RUNTIME]}`);

if (process.argv.includes("--check")) {
  if (drift.length > 0) {
    console.error(`version drift (root is ${root.version}): ${drift.join("; ")}; run npm run version:sync`);
    process.exit(1);
  }
} else if (drift.length > 0) {
  write(runtimeUrl, { ...runtime, version: root.version });
  write(rootUrl, { ...root, dependencies: { ...root.dependencies, [RUNTIME]: root.version } });
  console.log(`${RUNTIME} and the generator's dependency set to ${root.version}`);
}
