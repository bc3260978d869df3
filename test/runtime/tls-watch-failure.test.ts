/**
 * A `tls:` listen whose certificate watch cannot be set up (fs.watch throws ENOSPC when the
 * inotify watches are used up) rejects and leaves nothing behind: the port is free again and
 * the watches already made are closed. The failure is injected by mocking node:fs's watch.
 */
import type * as fs from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { type TestCerts, makeCerts } from "../helpers/certs.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";
import { serverInfo } from "./helpers.js";

/** Watches made, and whether each was closed; the second watch throws. */
const watches: { closed: boolean }[] = [];
vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  const watch = (...args: Parameters<typeof fs.watch>): fs.FSWatcher => {
    if (watches.length === 1)
      throw Object.assign(new Error("ENOSPC: System limit for number of file watchers reached"), {
        code: "ENOSPC",
      });
    const watcher = real.watch(...args);
    const made = { closed: false };
    watches.push(made);
    const close = watcher.close.bind(watcher);
    watcher.close = () => ((made.closed = true), close());
    return watcher;
  };
  return { ...real, watch, default: { ...real, watch } };
});

let certs: TestCerts;
beforeAll(() => {
  certs = makeCerts();
}, EVENT_LIMIT_MS);
afterAll(() => certs?.rm());

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

it("a failed certificate watch fails the listen, frees the port and closes the watches made", async () => {
  const port = await freePort();
  const server = new VarlinkServer(serverInfo);
  // The certificate and the CA are in two directories: two watches, the second throws.
  const tls = { cert: certs.server.cert, key: certs.server.key, ca: certs.ca, watch: true };
  await expect(server.listen(`tls:127.0.0.1:${port}`, { tls })).rejects.toThrow("ENOSPC");
  expect(watches).toEqual([{ closed: true }]);
  const again = createServer();
  await new Promise<void>((resolve, reject) => {
    again.once("error", reject);
    again.listen(port, "127.0.0.1", resolve);
  });
  await new Promise((resolve) => again.close(resolve));
  await server.close({ timeoutMs: 1000 });
});
