/**
 * Real peers are untouched by authentication unless it is opted in: a ServiceClient without a
 * tokenProvider sends no Authenticate and no extension member, so systemd-userdbd (systemd 252
 * rejects unknown members) and the varlink/go certification server answer as before.
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServiceClient } from "../../packages/runtime/src/client/service-client.js";
import { type GoCertServer, startGoCertServer } from "../helpers/go-cert-server.js";
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";

const USERDBD = "/lib/systemd/systemd-userdbd";

describe.skipIf(!existsSync(USERDBD))("systemd-userdbd, no token provider", () => {
  it(
    "answers a ServiceClient's call",
    async () => {
      const client = new ServiceClient(`exec:${USERDBD}`);
      try {
        const reply = await client.call("io.systemd.UserDatabase.GetUserRecord", {
          userName: "root",
          service: "io.systemd.Multiplexer",
        });
        expect(reply).toMatchObject({ record: { userName: "root", uid: 0 } });
      } finally {
        await client.close();
      }
    },
    PROCESS_LIMIT_MS,
  );
});

describe("varlink-go-certification, no token provider", () => {
  let go: GoCertServer | undefined;
  beforeAll(async () => {
    go = await startGoCertServer();
  }, PROCESS_LIMIT_MS);
  afterAll(async () => {
    await go?.stop();
  });

  it("answers a ServiceClient's GetInfo", async () => {
    const client = new ServiceClient((go as GoCertServer).address);
    try {
      const info = await client.call("org.varlink.service.GetInfo");
      expect(info["interfaces"]).toContain("org.varlink.certification");
    } finally {
      await client.close();
    }
  });

  it("with a token provider, says plainly that the peer has no org.varlink.codegen.auth", async () => {
    const client = new ServiceClient((go as GoCertServer).address, {
      tokenProvider: async () => "t",
      retry: false,
    });
    try {
      const error = await client.call("org.varlink.service.GetInfo").catch((e: unknown) => e);
      expect(String(error)).toContain(
        "cannot authenticate: the service answered org.varlink.service.InterfaceNotFound to org.varlink.codegen.auth.Authenticate",
      );
    } finally {
      await client.close();
    }
  });
});
