/**
 * Certificate reload without a restart, with files laid out as cert-manager (and the kubelet's
 * secret volumes) write them: `tls.crt -> ..data/tls.crt`, `..data -> ..<timestamp>`, rotated by
 * swapping the `..data` symlink. Waits for the reload's `onReload` event, never for time.
 */
import { X509Certificate } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, renameSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { parseAddress } from "../../packages/runtime/src/transports/address.js";
import { type CertFiles, type TestCerts, makeCerts } from "../helpers/certs.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";
import { serverInfo } from "./helpers.js";

let certs: TestCerts;
let rotated: CertFiles;
beforeAll(() => {
  certs = makeCerts();
  rotated = certs.issue("rotated", "localhost", "DNS:localhost, IP:127.0.0.1");
}, EVENT_LIMIT_MS);
afterAll(() => certs?.rm());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let generation = 0;

/** A secret volume in a fresh directory holding `files`; returns its directory and a rotate(). */
function secretVolume(files: CertFiles): { dir: string; rotate(next: CertFiles): void } {
  const dir = join(certs.dir, `volume-${generation++}`);
  mkdirSync(dir);
  const write = (next: CertFiles): string => {
    const version = `..${generation++}`;
    mkdirSync(join(dir, version));
    copyFileSync(next.cert, join(dir, version, "tls.crt"));
    copyFileSync(next.key, join(dir, version, "tls.key"));
    return version;
  };
  symlinkSync(write(files), join(dir, "..data"));
  symlinkSync("..data/tls.crt", join(dir, "tls.crt"));
  symlinkSync("..data/tls.key", join(dir, "tls.key"));
  return {
    dir,
    rotate: (next) => {
      // The atomic swap: a new symlink renamed over ..data.
      symlinkSync(write(next), join(dir, "..data_tmp"));
      renameSync(join(dir, "..data_tmp"), join(dir, "..data"));
    },
  };
}

/** The SHA-256 fingerprint of the certificate a fresh connection to `address` is shown. */
function servedFingerprint(address: string): Promise<string> {
  const { port } = parseAddress(address) as { port: number };
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, ca: readFileSync(certs.ca) }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.destroy();
    });
    socket.once("error", reject);
  });
}

const fingerprint = (files: CertFiles): string =>
  new X509Certificate(readFileSync(files.cert)).fingerprint256;

/** Reload outcomes, each as a promise, in order. */
function reloads(): { onReload: (error: Error | undefined) => void; next(): Promise<Error | undefined> } {
  const seen: (Error | undefined)[] = [];
  const waiting: ((error: Error | undefined) => void)[] = [];
  return {
    onReload: (error) => {
      const waiter = waiting.shift();
      if (waiter === undefined) seen.push(error);
      else waiter(error);
    },
    next: () =>
      seen.length > 0 ? Promise.resolve(seen.shift()) : new Promise((resolve) => waiting.push(resolve)),
  };
}

async function serveVolume(dir: string, onReload: (error: Error | undefined) => void): Promise<string> {
  const server = new VarlinkServer(serverInfo);
  const tls = { cert: join(dir, "tls.crt"), key: join(dir, "tls.key"), onReload };
  const listener = await server.listen("tls:127.0.0.1:0", { tls });
  cleanups.push(() => server.close({ timeoutMs: 1000 }));
  return listener.address;
}

it("a symlink swap of ..data is picked up: the open connection keeps working, a new one sees the new certificate", async () => {
  const volume = secretVolume(certs.server);
  const events = reloads();
  const address = await serveVolume(volume.dir, events.onReload);
  const open = await VarlinkClient.connect(address, { tls: { ca: certs.ca } });
  cleanups.push(() => open.close());
  expect(await servedFingerprint(address)).toBe(fingerprint(certs.server));

  volume.rotate(rotated);
  // On a slow machine the rotation's file events may fall into two reloads: wait for the one
  // that installed the new files.
  while ((await servedFingerprint(address)) !== fingerprint(rotated))
    expect(await events.next()).toBeUndefined();
  expect(await open.call("org.varlink.service.GetInfo")).toHaveProperty("vendor");
});

it("a certificate that does not match its key is refused and the old one stays", async () => {
  const volume = secretVolume(certs.server);
  const events = reloads();
  const address = await serveVolume(volume.dir, events.onReload);
  volume.rotate({ cert: rotated.cert, key: certs.server.key });
  let error: Error | undefined;
  while (error === undefined) error = await events.next();
  expect(error.message).toMatch(/key values mismatch/);
  expect(await servedFingerprint(address)).toBe(fingerprint(certs.server));
});

it("listener.reload() installs the files now, and rejects a bad set", async () => {
  const dir = join(certs.dir, `plain-${generation++}`);
  mkdirSync(dir);
  copyFileSync(certs.server.cert, join(dir, "tls.crt"));
  copyFileSync(certs.server.key, join(dir, "tls.key"));
  const server = new VarlinkServer(serverInfo);
  const listener = await server.listen("tls:127.0.0.1:0", {
    tls: { cert: join(dir, "tls.crt"), key: join(dir, "tls.key"), watch: false, onReload: () => {} },
  });
  cleanups.push(() => server.close({ timeoutMs: 1000 }));
  copyFileSync(rotated.cert, join(dir, "tls.crt"));
  await expect(listener.reload?.()).rejects.toThrow(/key values mismatch/);
  expect(await servedFingerprint(listener.address)).toBe(fingerprint(certs.server));
  copyFileSync(rotated.key, join(dir, "tls.key"));
  await listener.reload?.();
  expect(await servedFingerprint(listener.address)).toBe(fingerprint(rotated));
});

it("a client reads its certificate files per connection: a new connection presents the rotated one", async () => {
  const server = new VarlinkServer(serverInfo);
  server.addInterface({
    name: "org.example.peer",
    description: "",
    methods: { Who: { handler: (_p, context) => ({ fingerprint: context.peer.tls?.fingerprint256 }) } },
  });
  const listener = await server.listen("tls:127.0.0.1:0", {
    tls: { ...certs.server, ca: certs.ca, requireClientCert: true },
  });
  cleanups.push(() => server.close({ timeoutMs: 1000 }));
  const volume = secretVolume(certs.client);
  const tls = { ca: certs.ca, cert: join(volume.dir, "tls.crt"), key: join(volume.dir, "tls.key") };
  const before = await VarlinkClient.connect(listener.address, { tls });
  cleanups.push(() => before.close());
  expect(await before.call("org.example.peer.Who")).toEqual({ fingerprint: fingerprint(certs.client) });
  const next = certs.issue("client-2", "order-service", "DNS:order.svc");
  volume.rotate(next);
  const after = await VarlinkClient.connect(listener.address, { tls });
  cleanups.push(() => after.close());
  expect(await after.call("org.example.peer.Who")).toEqual({ fingerprint: fingerprint(next) });
  expect(await before.call("org.example.peer.Who")).toEqual({ fingerprint: fingerprint(certs.client) });
});
