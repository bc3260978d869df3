/**
 * The `bridge` command's flag checks, before anything listens: mutual TLS needs a CA
 * (finding 8), and service names are any names (finding 14).
 */
import { describe, expect, it } from "vitest";
import { runBridge, serviceTable } from "../../src/cli/bridge/run-bridge.js";
import { serveHttp } from "../../packages/runtime/src/http/listen.js";
import { addressBackends } from "../../packages/runtime/src/http/backends.js";

/** A usage callback that throws, as the CLI's does (exit 2). */
function usage(message: string): never {
  throw new Error(`usage: ${message}`);
}

describe("--require-client-cert", () => {
  it("without --tls-ca is a usage error", async () => {
    await expect(
      runBridge(
        {
          listen: "tls:127.0.0.1:0",
          service: ["org.example.a=unix:/nonexistent"],
          tlsCert: "cert.pem",
          tlsKey: "key.pem",
          requireClientCert: true,
        },
        usage,
      ),
    ).rejects.toThrow("usage: --require-client-cert needs --tls-ca");
  });

  it("serveHttp refuses requireClientCert without a ca", async () => {
    await expect(
      serveHttp({
        address: "tls:127.0.0.1:0",
        backends: addressBackends({}),
        tls: { cert: "cert.pem", key: "key.pem", requireClientCert: true },
      }),
    ).rejects.toThrow(/requireClientCert needs tls\.ca/);
  });
});

describe("--service names", () => {
  it.each([
    [["constructor=unix:/x"], [["constructor", "unix:/x"]]],
    [
      ["__proto__=unix:/x", "toString=unix:/y"],
      [
        ["__proto__", "unix:/x"],
        ["toString", "unix:/y"],
      ],
    ],
    [
      ["org.a=unix:/a", "org.b=unix:/b"],
      [
        ["org.a", "unix:/a"],
        ["org.b", "unix:/b"],
      ],
    ],
  ])("%j is a table, not a duplicate", (flags, entries) => {
    expect([...serviceTable(flags, usage)]).toEqual(entries);
  });

  it.each([
    [["org.a=unix:/a", "org.a=unix:/b"], "usage: --service org.a is given twice"],
    [["constructor=unix:/a", "constructor=unix:/b"], "usage: --service constructor is given twice"],
    [["noequals"], "usage: --service expects name=address, got 'noequals'"],
  ])("%j is a usage error", (flags, message) => {
    expect(() => serviceTable(flags, usage)).toThrow(message);
  });
});
