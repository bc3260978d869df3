/**
 * What varlink-go (the reference certification server, Go `int64` fields read by encoding/json)
 * makes of the ints we write: a bigint goes out as a number literal with all its digits, which
 * Go reads; the decimal-string form (what bigint mode used to send) is refused by Go.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { startGoCertServer, type GoCertServer } from "../helpers/go-cert-server.js";

let go: GoCertServer;

beforeAll(async () => {
  go = await startGoCertServer();
}, 30_000);

afterAll(async () => {
  await go.stop();
});

/** Runs Start..Test02 and answers Test03 with `int`; returns the error name Go answered. */
async function test03With(int: unknown): Promise<string> {
  const client = await VarlinkClient.connect(go.address);
  try {
    const { client_id } = await client.call("org.varlink.certification.Start");
    await client.call("org.varlink.certification.Test01", { client_id });
    await client.call("org.varlink.certification.Test02", { client_id, bool: true });
    return await client.call("org.varlink.certification.Test03", { client_id, int }).then(
      () => "accepted",
      (e: { error?: string }) => e.error ?? String(e),
    );
  } finally {
    await client.close();
  }
}

describe("varlink-go reads the ints we send", () => {
  it.each([
    // Parsed (then the certification server says it is not the int it wanted).
    ["INT64_MAX as a bigint", 2n ** 63n - 1n, "org.varlink.certification.CertificationError"],
    ["INT64_MIN as a bigint", -(2n ** 63n), "org.varlink.certification.CertificationError"],
    // What bigint mode used to send for ints beyond 2^53: Go cannot read it into an int64.
    ["the decimal string form", "9223372036854775807", "org.varlink.service.InvalidParameter"],
  ])(
    "%s",
    async (_name, int, want) => {
      expect(await test03With(int)).toBe(want);
    },
    30_000,
  );
});
