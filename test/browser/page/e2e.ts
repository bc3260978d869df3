/**
 * The browser side of chromium.test.ts, bundled by esbuild for the browser: the generated
 * certification client and the Node certification sequence (scripts/certification/run-client.ts,
 * reused as is), over WebSocket mode (VarlinkClient on globalThis.WebSocket) or simple HTTP mode
 * (HttpCaller on fetch). The test calls `globalThis.varlinkE2E.*` with page.evaluate; every
 * result is plain data.
 */
import {
  HttpCaller,
  VarlinkClient,
  isVarlinkError,
  type VarlinkCaller,
} from "../../../packages/runtime/src/browser.js";
import {
  CertificationClient,
  ClientIdError,
} from "../../../scripts/certification/generated/org.varlink.certification.js";
import { runCertification } from "../../../scripts/certification/run-client.js";

/** `ws`: a WebSocket-mode URL (…/ws/services/{service}); `http`: a simple-mode base URL. */
export type Mode = "ws" | "http";

async function open(mode: Mode, url: string): Promise<VarlinkCaller> {
  return mode === "ws" ? VarlinkClient.connect(url) : new HttpCaller(url);
}

async function using<T>(mode: Mode, url: string, run: (caller: VarlinkCaller) => Promise<T>): Promise<T> {
  const caller = await open(mode, url);
  try {
    return await run(caller);
  } finally {
    await caller.close();
  }
}

const api = {
  /** The whole certification sequence; its result (ok, lines, failure). */
  certify: (mode: Mode, url: string) => using(mode, url, (caller) => runCertification(caller)),

  /** A declared error through the generated client: is it the generated class? */
  declaredError: (mode: Mode, url: string) =>
    using(mode, url, async (caller) => {
      try {
        await new CertificationClient(caller).test01({ client_id: "no such client" });
        return { resolved: true };
      } catch (error) {
        return {
          typed: error instanceof ClientIdError,
          name: isVarlinkError(error) ? error.error : String(error),
        };
      }
    }),

  /** `more`: every reply of Count(n), in order. */
  stream: (mode: Mode, url: string, n: number) =>
    using(mode, url, async (caller) => {
      const seen: unknown[] = [];
      for await (const reply of caller.callMore("org.example.http.Count", { n })) seen.push(reply["i"]);
      return seen;
    }),

  /** A declared (service) error, untyped: its name and parameters. */
  serviceError: (mode: Mode, url: string) =>
    using(mode, url, async (caller) => {
      try {
        await caller.call("org.example.http.Fail", {});
        return { resolved: true };
      } catch (error) {
        return isVarlinkError(error)
          ? { name: error.error, parameters: error.parameters }
          : { other: String(error) };
      }
    }),

  /**
   * Aborts a stream of `n` replies after its first; the caller still works after. (Over one
   * WebSocket the next reply waits for the aborted stream's rest: replies come in call order.)
   */
  abort: (mode: Mode, url: string, n: number) =>
    using(mode, url, async (caller) => {
      const controller = new AbortController();
      const reason = new Error("stopped by the page");
      let seen = 0;
      let outcome = "ended";
      try {
        for await (const _ of caller.callMore(
          "org.example.http.Count",
          { n },
          { signal: controller.signal },
        )) {
          seen++;
          if (seen === 1) controller.abort(reason);
        }
      } catch (error) {
        outcome = error === reason ? "aborted with the reason" : String(error);
      }
      const after = await caller.call("org.example.http.Ping", { text: "still here" });
      return { seen, outcome, after: after["text"] };
    }),

  /** WebSocket mode only: 20 calls written at once on one connection, and a oneway among them. */
  pipelined: (url: string) =>
    using("ws", url, async (caller) => {
      const texts = Array.from({ length: 20 }, (_, i) => `call ${i}`);
      const oneway = caller.callOneway("org.example.http.Ping", { text: "oneway" });
      const replies = await Promise.all(texts.map((text) => caller.call("org.example.http.Ping", { text })));
      await oneway;
      return replies.map((reply) => reply["text"]);
    }),
};

(globalThis as { varlinkE2E?: typeof api }).varlinkE2E = api;
