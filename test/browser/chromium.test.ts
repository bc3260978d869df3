/**
 * Issue 17's proof in a real browser: Debian's chromium (playwright-core) loads a page whose
 * esbuild bundle holds the generated certification client and the Node certification sequence
 * (page/e2e.ts), served on 127.0.0.1 together with the HTTP front (branch h-W) on the same
 * origin. It runs the whole certification against varlink-go-certification and against our own
 * certification service, over WebSocket mode and over simple HTTP mode, and against our own
 * test service: streaming (`more`), declared errors, abort, and pipelining with oneway.
 */
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressBackends } from "../../packages/runtime/src/http/backends.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { type PageServer, servePage } from "../../examples/browser/page-server.js";
import { CERTIFICATION_STEPS } from "../../scripts/certification/data.js";
import { createCertificationInterface } from "../../scripts/certification/service.js";
import { type GoCertServer, startGoCertServer } from "../helpers/go-cert-server.js";
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";
import { serverInfo, startService, testInterface } from "../http/helpers.js";
import { bundleForBrowser, chromiumMissing, launchChromium } from "./helpers.js";
import type { Mode } from "./page/e2e.js";

const CERT = "org.varlink.certification";
const TEST = "org.example.http";
const INDEX = `<!doctype html><meta charset="utf-8"><title>varlink e2e</title><script type="module" src="/e2e.js"></script>`;

/** The page's API (page/e2e.ts), as the test calls it: by name, with plain data. */
type PageApi = Record<string, (...args: unknown[]) => Promise<unknown>>;

describe.skipIf(chromiumMissing !== undefined)(
  `in chromium${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ""}`,
  () => {
    let browser: Browser;
    let go: GoCertServer;
    let ours: VarlinkServer;
    let testService: Awaited<ReturnType<typeof startService>>;
    let goPage: PageServer;
    let ourPage: PageServer;
    let goTab: Page;
    let ourTab: Page;

    beforeAll(async () => {
      const bundle = await bundleForBrowser(fileURLToPath(new URL("./page/e2e.ts", import.meta.url)));
      const files = new Map([
        ["/index.html", { body: INDEX, type: "text/html" }],
        ["/e2e.js", { body: bundle, type: "text/javascript" }],
      ]);
      go = await startGoCertServer();
      testService = await startService();
      ours = new VarlinkServer(serverInfo);
      ours.addInterface(createCertificationInterface());
      ours.addInterface(testInterface());
      const oursAddress = `unix:${testService.dir}/ours`;
      await ours.listen(oursAddress);
      goPage = await servePage(files, addressBackends({ [CERT]: go.address }));
      ourPage = await servePage(files, addressBackends({ [CERT]: oursAddress, [TEST]: oursAddress }));
      browser = await launchChromium();
      const open = async (server: PageServer): Promise<Page> => {
        const tab = await browser.newPage();
        tab.on("pageerror", (error) => console.error(`page error: ${error.message}`));
        await tab.goto(server.url);
        await tab.waitForFunction(() => "varlinkE2E" in globalThis);
        return tab;
      };
      goTab = await open(goPage);
      ourTab = await open(ourPage);
    }, PROCESS_LIMIT_MS);

    afterAll(async () => {
      await browser?.close();
      await goPage?.close();
      await ourPage?.close();
      await ours?.close({ timeoutMs: 100 });
      await testService?.stop();
      await go?.stop();
    }, PROCESS_LIMIT_MS);

    /** The URL of `service` on `server` in `mode`. */
    const urlOf = (server: PageServer, mode: Mode, service: string): string =>
      mode === "ws"
        ? `${server.url.replace(/^http/, "ws")}varlink/ws/services/${service}`
        : server.varlinkUrl;

    /** Runs `name` of the page's API with `args`. */
    const run = (tab: Page, name: string, ...args: unknown[]): Promise<unknown> =>
      tab.evaluate(
        ([name, args]) => (globalThis as unknown as { varlinkE2E: PageApi }).varlinkE2E[name]!(...args),
        [name, args] as [string, unknown[]],
      );

    describe.each<{ mode: Mode }>([{ mode: "ws" }, { mode: "http" }])("$mode mode", ({ mode }) => {
      it.each([
        { peer: "varlink-go-certification", server: () => goPage, tab: () => goTab },
        { peer: "our certification service", server: () => ourPage, tab: () => ourTab },
      ])(
        "passes the whole certification against $peer through the bridge",
        async ({ server, tab }) => {
          const result = (await run(tab(), "certify", mode, urlOf(server(), mode, CERT))) as {
            ok: boolean;
            lines: string[];
            failure?: string;
          };
          expect(result.failure).toBeUndefined();
          expect(result.ok).toBe(true);
          expect(result.lines).toHaveLength(CERTIFICATION_STEPS.length + 1);
        },
        PROCESS_LIMIT_MS,
      );

      it(
        "gets a declared error as the generated class",
        async () => {
          expect(await run(ourTab, "declaredError", mode, urlOf(ourPage, mode, CERT))).toEqual({
            typed: true,
            name: "org.varlink.certification.ClientIdError",
          });
          expect(await run(ourTab, "serviceError", mode, urlOf(ourPage, mode, TEST))).toEqual({
            name: "org.example.http.Failed",
            parameters: { reason: "because" },
          });
        },
        PROCESS_LIMIT_MS,
      );

      it(
        "streams more replies and aborts a stream, the caller still usable",
        async () => {
          expect(await run(ourTab, "stream", mode, urlOf(ourPage, mode, TEST), 50)).toEqual(
            Array.from({ length: 50 }, (_, i) => i + 1),
          );
          // Simple mode cancels the request (the bridge ends the call); a WebSocket carries the rest.
          const n = mode === "http" ? 1_000_000 : 2_000;
          const aborted = (await run(ourTab, "abort", mode, urlOf(ourPage, mode, TEST), n)) as Record<
            string,
            unknown
          >;
          expect(aborted).toMatchObject({ outcome: "aborted with the reason", after: "still here" });
          expect(aborted["seen"]).toBeGreaterThanOrEqual(1);
        },
        PROCESS_LIMIT_MS,
      );
    });

    it(
      "pipelines calls and a oneway on one WebSocket",
      async () => {
        expect(await run(ourTab, "pipelined", urlOf(ourPage, "ws", TEST))).toEqual(
          Array.from({ length: 20 }, (_, i) => `call ${i}`),
        );
      },
      PROCESS_LIMIT_MS,
    );
  },
);
