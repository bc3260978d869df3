/**
 * jwtVerifier (`@varlink-codegen/runtime/jwt`) behind `ServerOptions.authentication`, over real
 * tcp loopback sockets, against a JWKS HTTP server on 127.0.0.1 started here (keys made with
 * jose). Valid / expired / not-yet-valid within and beyond the skew / wrong audience / wrong
 * issuer / bad signature / unknown kid / algorithm not allowed / key rotation; refusals leak no
 * configuration. The clock is injected.
 */
import { type Server, createServer } from "node:http";
import { type JWK, SignJWT, exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import type { VarlinkError } from "../../packages/runtime/src/errors.js";
import { jwtVerifier } from "../../packages/runtime/src/integrations/jwt/index.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { serverInfo } from "../runtime/helpers.js";

const NOW = Date.UTC(2030, 0, 1) / 1000; // seconds
const ISSUER = "https://idp.internal.example/realm-7";
const AUDIENCE = "api://orders-secret-audience";

type Key = { privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"]; jwk: JWK };
async function key(alg: "RS256" | "ES256", kid: string): Promise<Key> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: "sig" } };
}

let rsa: Key, ec: Key, other: Key, rotated: Key;
let published: JWK[] = [];
let fetches = 0;
let http: Server;
let server: VarlinkServer;
let address = "";
const reported: string[] = [];

beforeAll(async () => {
  [rsa, ec, other, rotated] = await Promise.all([
    key("RS256", "rsa-1"),
    key("ES256", "ec-1"),
    key("RS256", "rsa-1"), // same kid as rsa, another key: a forged signature
    key("RS256", "rsa-2"),
  ]);
  published = [rsa.jwk, ec.jwk];
  http = createServer((_req, res) => {
    fetches++;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as { port: number }).port;
  server = new VarlinkServer({
    ...serverInfo,
    authentication: {
      verify: jwtVerifier({
        jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ["RS256"],
        clockToleranceSec: 30,
        jwksCooldownMs: 0,
        now: () => NOW * 1000,
      }),
      now: () => NOW * 1000,
    },
    onError: (error) => void reported.push(String(error)),
  });
  address = (await server.listen("tcp:127.0.0.1:0")).address;
});

afterAll(async () => {
  await server?.close({ timeoutMs: 1000 });
  await new Promise((resolve) => http?.close(resolve));
});

interface Claims {
  sub?: string;
  iss?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
}

async function sign(signer: Key, claims: Claims, alg: "RS256" | "ES256" = "RS256"): Promise<string> {
  const { sub = "alice", iss = ISSUER, aud = AUDIENCE, exp = NOW + 300, nbf } = claims;
  const jwt = new SignJWT({ scope: "orders:read", ...(sub === "" ? {} : { sub }) })
    .setProtectedHeader({ alg, kid: signer.jwk.kid as string })
    .setIssuer(iss)
    .setAudience(aud)
    .setIssuedAt(NOW - 10)
    .setExpirationTime(exp);
  if (nbf !== undefined) jwt.setNotBefore(nbf);
  return await jwt.sign(signer.privateKey);
}

/** Authenticates on a fresh connection: the subject, or the error name (and the connection's fate). */
async function authenticate(token: string): Promise<string> {
  const client = await VarlinkClient.connect(address);
  try {
    const reply = await client.call("org.varlink.codegen.auth.Authenticate", { token });
    return `ok ${String(reply["subject"])}`;
  } catch (error) {
    const e = error as VarlinkError;
    // Nothing of the configuration (issuer, audience, key ids, algorithms) reaches the caller.
    expect(e.parameters).toEqual({});
    for (const secret of [ISSUER, AUDIENCE, "rsa-1", "RS256", "127.0.0.1"])
      expect(e.message).not.toContain(secret);
    await client.ended; // a refused token closes the connection
    return e.error;
  } finally {
    await client.close();
  }
}

const FAILED = "org.varlink.codegen.auth.AuthenticationFailed";

describe("jwtVerifier", () => {
  const cases: [name: string, token: () => Promise<string>, outcome: string][] = [
    ["valid", () => sign(rsa, {}), "ok alice"],
    ["expired, within the skew", () => sign(rsa, { exp: NOW - 20 }), "ok alice"],
    ["expired, beyond the skew", () => sign(rsa, { exp: NOW - 40 }), FAILED],
    ["not yet valid, within the skew", () => sign(rsa, { nbf: NOW + 20 }), "ok alice"],
    ["not yet valid, beyond the skew", () => sign(rsa, { nbf: NOW + 40 }), FAILED],
    ["wrong audience", () => sign(rsa, { aud: "api://other" }), FAILED],
    ["wrong issuer", () => sign(rsa, { iss: "https://evil.example" }), FAILED],
    ["bad signature (another key, same kid)", () => sign(other, {}), FAILED],
    ["unknown kid", () => sign(rotated, {}), FAILED],
    ["algorithm not in the allow-list (a published ES256 key)", () => sign(ec, {}, "ES256"), FAILED],
    ["no subject", () => sign(rsa, { sub: "" }), FAILED],
    ["not a JWT", async () => "not.a.jwt", FAILED],
  ];
  it.each(cases)("%s", async (_name, token, outcome) => {
    expect(await authenticate(await token())).toBe(outcome);
  });

  it("reports why a token was refused to the operator", async () => {
    reported.length = 0;
    await authenticate(await sign(rsa, { aud: "api://other" }));
    expect(reported.join("\n")).toMatch(/aud/);
  });

  it("follows key rotation: an unknown kid refetches the JWKS", async () => {
    const token = await sign(rotated, {});
    const before = fetches;
    published = [rotated.jwk];
    try {
      expect(await authenticate(token)).toBe("ok alice");
      expect(fetches).toBeGreaterThan(before);
      // The retired key is gone after the refetch.
      expect(await authenticate(await sign(rsa, {}))).toBe(FAILED);
    } finally {
      published = [rsa.jwk, ec.jwk];
    }
  });

  it("refuses bad options", () => {
    const base = { issuer: ISSUER, audience: AUDIENCE, algorithms: ["RS256"] };
    expect(() => jwtVerifier(base)).toThrow(TypeError);
    expect(() => jwtVerifier({ ...base, keys: [rsa.jwk], jwksUrl: "http://127.0.0.1:1/" })).toThrow(
      TypeError,
    );
    expect(() => jwtVerifier({ ...base, keys: [rsa.jwk], algorithms: [] })).toThrow(TypeError);
  });

  it("verifies against fixed keys, and the identity expires with the token (plus the skew)", async () => {
    const verify = jwtVerifier({
      ...{ issuer: ISSUER, audience: AUDIENCE },
      keys: [rsa.jwk],
      algorithms: ["RS256"],
      now: () => NOW * 1000,
    });
    const principal = await verify(await sign(rsa, { exp: NOW + 60 }), { listener: undefined });
    expect(principal).toMatchObject({ subject: "alice", issuer: ISSUER, expiresAt: (NOW + 90) * 1000 });
    expect(principal.claims["scope"]).toBe("orders:read");
  });
});
