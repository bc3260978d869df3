/**
 * The once-per-process warning for plaintext tcp: beyond loopback. Connects use an aborted
 * signal and listens a TEST-NET address no interface has, so nothing leaves or is exposed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import {
  isLoopback,
  resetPlaintextWarning,
  setPlaintextWarningReporter,
} from "../../packages/runtime/src/transports/plaintext-warning.js";
import { serverInfo } from "./helpers.js";

const warnings: string[] = [];
setPlaintextWarningReporter((message) => warnings.push(message));
afterEach(() => {
  warnings.length = 0;
  resetPlaintextWarning();
});

describe("isLoopback", () => {
  it.each([
    ["localhost", true],
    ["api.localhost", true],
    ["127.0.0.1", true],
    ["127.3.2.1", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["0.0.0.0", false],
    ["::", false],
    ["10.0.0.7", false],
    ["db.example.com", false],
    ["128.0.0.1", false],
  ])("%s: %s", (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});

const abort = (): { signal: AbortSignal } => ({ signal: AbortSignal.abort(new Error("not connecting")) });

describe("the warning", () => {
  it("is given once for a client connecting to a non-loopback tcp: address", async () => {
    await expect(VarlinkClient.connect("tcp:192.0.2.7:1", abort())).rejects.toThrow("not connecting");
    await expect(VarlinkClient.connect("tcp:192.0.2.8:1", abort())).rejects.toThrow("not connecting");
    expect(warnings).toEqual([
      "connecting to tcp:192.0.2.7:1 without TLS: calls and replies cross the network in plaintext " +
        "(use a tls: address, see docs/security.md); this warning is given once",
    ]);
  });

  it("is not given for loopback, nor for unix", async () => {
    await expect(VarlinkClient.connect("tcp:127.0.0.1:1", abort())).rejects.toThrow("not connecting");
    await expect(VarlinkClient.connect("tcp:[::1]:1", abort())).rejects.toThrow("not connecting");
    await expect(VarlinkClient.connect("tcp:localhost:1", abort())).rejects.toThrow("not connecting");
    const server = new VarlinkServer(serverInfo);
    const listener = await server.listen("tcp:127.0.0.1:0");
    await server.close();
    expect(listener.address).toMatch(/^tcp:127\.0\.0\.1:/);
    expect(warnings).toEqual([]);
  });

  it("is given for a server listening on a non-loopback address", async () => {
    // A TEST-NET address no interface has: the bind fails (nothing is exposed), after the warning.
    const server = new VarlinkServer(serverInfo);
    await expect(server.listen("tcp:192.0.2.1:0")).rejects.toThrow("cannot listen on tcp:192.0.2.1:0");
    expect(warnings).toEqual([expect.stringMatching(/^listening on tcp:192\.0\.2\.1:0 without TLS/)]);
  });
});
