/**
 * A generated client checks a declared error's parameters against the IDL, leniently like
 * replies: a mismatch is a ReplyValidationError naming the error, with the raw error as cause.
 */
import { describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { VarlinkError } from "../../packages/runtime/src/errors.js";
import { createChannelPair } from "../../packages/runtime/src/transports/memory.js";
import { ReplyValidationError } from "../../packages/runtime/src/validate/validate.js";
import {
  CertificationClient,
  CertificationError,
} from "../../scripts/certification/generated/org.varlink.certification.js";
import { RawPeer } from "./helpers.js";

function clientWithPeer(validateReplies?: boolean): { client: CertificationClient; peer: RawPeer } {
  const [a, b] = createChannelPair();
  const options = validateReplies === undefined ? {} : { validateReplies };
  return { client: new CertificationClient(VarlinkClient.fromChannel(a), options), peer: new RawPeer(b) };
}

const certificationError = (parameters: string): string =>
  `{"error":"org.varlink.certification.CertificationError","parameters":${parameters}}\0`;

describe("declared error parameters (generated client)", () => {
  it.each([
    ["wants that is a number", '{"wants":5,"got":{}}', "wants"],
    ["got missing", '{"wants":{}}', "got"],
    ["no parameters at all", "{}", "wants"],
  ])("%s: ReplyValidationError", async (_name, parameters, path) => {
    const { client, peer } = clientWithPeer();
    const call = client.test01({ client_id: "c" }).catch((e: unknown) => e);
    await peer.waitFrames(1);
    peer.send(certificationError(parameters));
    const error = (await call) as ReplyValidationError;
    expect(error).toBeInstanceOf(ReplyValidationError);
    expect(error.error).toBe("org.varlink.certification.CertificationError");
    expect(error.method).toBe("org.varlink.certification.Test01");
    expect(error.issues[0]?.path).toBe(path);
    expect(error.cause).toBeInstanceOf(VarlinkError);
    expect((error.cause as VarlinkError).parameters).toEqual(JSON.parse(parameters));
    await client.close();
  });

  it("matching parameters (unknown fields allowed) arrive as the typed error", async () => {
    const { client, peer } = clientWithPeer();
    const call = client.test01({ client_id: "c" }).catch((e: unknown) => e);
    await peer.waitFrames(1);
    peer.send(certificationError('{"wants":{"a":1},"got":{},"extra":1}'));
    const error = await call;
    expect(error).toBeInstanceOf(CertificationError);
    expect((error as CertificationError).parameters.wants).toEqual({ a: 1 });
    await client.close();
  });

  it("with validateReplies: false the error arrives typed, as received", async () => {
    const { client, peer } = clientWithPeer(false);
    const call = client.test01({ client_id: "c" }).catch((e: unknown) => e);
    await peer.waitFrames(1);
    peer.send(certificationError('{"wants":5}'));
    expect(await call).toBeInstanceOf(CertificationError);
    await client.close();
  });

  it("streams ({ more: true }) check them too", async () => {
    const { client, peer } = clientWithPeer();
    const stream = (async () => {
      for await (const _ of client.test10({ client_id: "c", mytype: {} as never }, { more: true }));
    })().catch((e: unknown) => e);
    await peer.waitFrames(1);
    peer.send(certificationError('{"wants":5,"got":{}}'));
    expect(await stream).toBeInstanceOf(ReplyValidationError);
    await client.close();
  });
});
