/**
 * The error hierarchy (issue 11): every failure of a client call is a VarlinkError with a class
 * `name`, a `kind` discriminator, a Varlink `error` name, and `written`/`transient` for retries.
 */
import { describe, expect, it } from "vitest";
import {
  ClientErrors,
  ConnectionError,
  INTERNAL_ERROR,
  MethodNotFoundError,
  NoEndpointError,
  PoolExhaustedError,
  TimeoutError,
  VarlinkError,
  isErrorReply,
  isVarlinkError,
  toVarlinkError,
} from "../../packages/runtime/src/errors.js";
import { CertificationError } from "../../scripts/certification/generated/org.varlink.certification.js";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { gateServer, unixAddress } from "./pool-helpers.js";

class UserNotFound extends VarlinkError {
  constructor() {
    super("io.example.user.UserNotFound", { id: 1 });
  }
}

describe("VarlinkError family", () => {
  it.each([
    [
      "an error reply",
      new VarlinkError("org.example.Bad"),
      "VarlinkError",
      "remote",
      "org.example.Bad",
      true,
      false,
    ],
    [
      "a hand-written subclass",
      new UserNotFound(),
      "UserNotFound",
      "remote",
      "io.example.user.UserNotFound",
      true,
      false,
    ],
    [
      "a generated subclass",
      new CertificationError({ wants: {}, got: {} }),
      "CertificationError",
      "remote",
      "org.varlink.certification.CertificationError",
      true,
      false,
    ],
    [
      "a service error",
      new MethodNotFoundError("x.Y"),
      "MethodNotFoundError",
      "remote",
      "org.varlink.service.MethodNotFound",
      true,
      false,
    ],
    [
      "a lost connection",
      new ConnectionError("gone"),
      "ConnectionError",
      "connection",
      ClientErrors.Connection,
      true,
      true,
    ],
    [
      "a refused connection",
      new ConnectionError("refused", { written: false }),
      "ConnectionError",
      "connection",
      ClientErrors.Connection,
      false,
      true,
    ],
    ["a timeout", new TimeoutError("slow"), "TimeoutError", "timeout", ClientErrors.Timeout, true, true],
    [
      "a full pool",
      new PoolExhaustedError("full"),
      "PoolExhaustedError",
      "pool-exhausted",
      ClientErrors.PoolExhausted,
      false,
      true,
    ],
    [
      "no endpoint",
      new NoEndpointError("none"),
      "NoEndpointError",
      "no-endpoint",
      ClientErrors.NoEndpoint,
      false,
      true,
    ],
  ] as const)("%s", (_what, error, name, kind, varlinkName, written, transient) => {
    expect(error).toBeInstanceOf(VarlinkError);
    expect(error).toMatchObject({ name, kind, error: varlinkName, written, transient });
    expect(isVarlinkError(error)).toBe(true);
    expect(isVarlinkError(error, varlinkName)).toBe(true);
    expect(isErrorReply(error)).toBe(kind === "remote");
    expect(String(error)).toMatch(new RegExp(`^${name}: `));
  });

  it("a server answers a client failure raised in its handler as InternalError, an error reply as is", () => {
    expect(toVarlinkError(new ConnectionError("downstream gone")).error).toBe(INTERNAL_ERROR);
    expect(toVarlinkError(new TimeoutError("downstream slow")).error).toBe(INTERNAL_ERROR);
    const reply = new UserNotFound();
    expect(toVarlinkError(reply)).toBe(reply);
  });

  it("connecting to nothing is a ConnectionError that was not written", async () => {
    const { address, cleanup } = unixAddress();
    try {
      const error: unknown = await VarlinkClient.connect(address).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ kind: "connection", written: false, transient: true });
    } finally {
      cleanup();
    }
  });

  it("calls on a closed client are refused, not written", async () => {
    const { address, cleanup } = unixAddress();
    const gate = await gateServer(address);
    try {
      const client = await VarlinkClient.connect(gate.address);
      await client.close();
      await expect(client.call("org.example.gate.Echo")).rejects.toMatchObject({
        name: "ConnectionError",
        written: false,
      });
    } finally {
      await gate.stop();
      cleanup();
    }
  });
});
