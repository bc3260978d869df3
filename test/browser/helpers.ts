/**
 * Browser e2e helpers: Debian's chromium driven by playwright-core (never a downloaded browser),
 * and esbuild bundles for `platform: "browser"`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { type Browser, chromium } from "playwright-core";

/** The system chromium (.ci/run installs it). */
export const CHROMIUM = "/usr/bin/chromium";

/** Why the browser tests are skipped, or undefined when chromium is there. */
export const chromiumMissing: string | undefined = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is not installed (apt-get install chromium); the browser e2e tests need it`;

/** Launches chromium headless, without sandbox, GPU, QUIC or any background network use. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * The repo's checked-in generated modules (scripts/certification/generated) import the runtime
 * relatively, as `…/packages/runtime/src/index.js` (the Node entry): point those at the browser
 * entry, as the `browser` export condition does for `@varlink-codegen/runtime`.
 */
const browserRuntime: Plugin = {
  name: "browser-runtime",
  setup(build) {
    build.onResolve({ filter: /packages\/runtime\/src\/index\.js$/ }, () => ({
      path: fileURLToPath(new URL("../../packages/runtime/src/browser.ts", import.meta.url)),
    }));
  },
};

/** Bundles `entry` for the browser (an ES module); fails on any node: import. */
export async function bundleForBrowser(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    plugins: [browserRuntime],
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}
