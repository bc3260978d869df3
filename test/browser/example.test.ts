/**
 * examples/browser in chromium: io.example.user generated as `npm run example:browser` does, the
 * page's app.ts bundled for the browser, the example's UserService and page server started, and
 * the page's user list read over WebSocket mode and over simple HTTP mode.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../src/generator/index.js";
import { fixtureInterface } from "../helpers/generated-project.js";
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";
import { chromiumMissing, launchChromium } from "./helpers.js";

const exampleDir = fileURLToPath(new URL("../../examples/browser/", import.meta.url));

/** What examples/browser/serve.ts exports (imported by URL: it needs the generated module first). */
interface ExampleModule {
  USERS: readonly { username: string; role: string; email: string }[];
  startExample(appJs: string): Promise<{ page: { url: string }; stop(): Promise<void> }>;
}

describe.skipIf(chromiumMissing !== undefined)(
  `examples/browser${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ""}`,
  () => {
    let browser: Browser;
    let example: Awaited<ReturnType<ExampleModule["startExample"]>>;
    let expected: string[];

    beforeAll(async () => {
      const generated = await generate({
        interfaces: [fixtureInterface("io.example.user")],
        options: { runtime: "@varlink-codegen/runtime" },
      });
      for (const file of generated.value) {
        const path = join(exampleDir, "generated", file.path);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.text);
      }
      const bundled = await build({
        entryPoints: [join(exampleDir, "app.ts")],
        bundle: true,
        write: false,
        format: "esm",
        platform: "browser",
        logLevel: "silent",
      });
      const module = (await import(pathToFileURL(join(exampleDir, "serve.ts")).href)) as ExampleModule;
      expected = module.USERS.map((u) => `${u.username} (${u.role}) <${u.email}>`);
      example = await module.startExample(bundled.outputFiles[0]!.text);
      browser = await launchChromium();
    }, PROCESS_LIMIT_MS);

    afterAll(async () => {
      await browser?.close();
      await example?.stop();
      await rm(join(exampleDir, "generated"), { recursive: true, force: true });
    }, PROCESS_LIMIT_MS);

    it.each([
      { mode: "WebSocket", query: "" },
      { mode: "simple HTTP", query: "?mode=http" },
    ])(
      "lists the users over $mode mode",
      async ({ mode, query }) => {
        const tab = await browser.newPage();
        try {
          await tab.goto(`${example.page.url}${query}`);
          // The page marks its body data-state="done" (or "failed") when the list is complete.
          await tab.locator("body[data-state]").waitFor();
          expect(await tab.locator("#status").textContent()).toBe(`3 users (${mode} mode)`);
          expect(await tab.locator("#users li").allTextContents()).toEqual(expected);
        } finally {
          await tab.close();
        }
      },
      PROCESS_LIMIT_MS,
    );
  },
);
