/**
 * JWT bearer-token verification with `jose` (the optional peer of this entry point only): the
 * `verify` function of `ServerOptions.authentication`. Signature against a JWKS (fetched, cached,
 * refetched on an unknown `kid` for key rotation) or fixed keys; issuer, audience, expiry and
 * not-before with a clock-skew allowance; an algorithm allow-list (required: no algorithm is
 * trusted by default, so a token cannot pick a weaker one, e.g. `none` or HS256 against an RSA key).
 */
import {
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  createLocalJWKSet,
  createRemoteJWKSet,
  jwtVerify,
} from "jose";
import type { Principal, TokenVerifier } from "../../server/principal.js";

/** Options of {@link jwtVerifier}: exactly one of `jwksUrl` and `keys`. */
export interface JwtVerifierOptions {
  /** Where the issuer publishes its keys (its `jwks_uri`), fetched on first use and cached. */
  jwksUrl?: string | URL;
  /** Fixed public keys instead of a JWKS URL (each with `kid` and `alg` where the issuer sets them). */
  keys?: readonly JWK[];
  /** The accepted issuer(s) (`iss`). */
  issuer: string | readonly string[];
  /** The accepted audience(s) (`aud`): this service's identifier at the issuer. */
  audience: string | readonly string[];
  /** The accepted signature algorithms (`alg`), e.g. `["RS256"]` or `["ES256", "EdDSA"]`. Required. */
  algorithms: readonly string[];
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat` (default 30). */
  clockToleranceSec?: number;
  /** Claims every token must carry besides `sub` and `exp` (always required), e.g. `["scope"]`. */
  requiredClaims?: readonly string[];
  /** JWKS fetching: request timeout (default 5 s). */
  jwksTimeoutMs?: number;
  /** JWKS fetching: after a fetch, how long an unknown `kid` waits before it may fetch again (default 30 s). */
  jwksCooldownMs?: number;
  /** JWKS fetching: how long fetched keys are trusted before a refetch (default 10 min). */
  jwksCacheMaxAgeMs?: number;
  /** The clock, ms since the epoch (default `Date.now`; tests inject one). */
  now?: () => number;
}

/**
 * A token verifier for `ServerOptions.authentication.verify`. The principal's subject is the
 * token's `sub`, its issuer `iss`, its expiry `exp` (plus the clock tolerance), its claims the payload. A refusal throws
 * jose's error, which says why (reported to the server's operator, never sent to the caller).
 */
export function jwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  const { jwksUrl, keys } = options;
  if ((jwksUrl === undefined) === (keys === undefined)) {
    throw new TypeError("jwtVerifier: give exactly one of jwksUrl and keys");
  }
  if (!Array.isArray(options.algorithms) || options.algorithms.length === 0) {
    throw new TypeError("jwtVerifier: algorithms (the accepted 'alg' values) must list at least one");
  }
  const keySet =
    keys !== undefined
      ? createLocalJWKSet({ keys: [...keys] } as JSONWebKeySet)
      : createRemoteJWKSet(new URL(jwksUrl as string | URL), {
          timeoutDuration: options.jwksTimeoutMs ?? 5000,
          cooldownDuration: options.jwksCooldownMs ?? 30_000,
          cacheMaxAge: options.jwksCacheMaxAgeMs ?? 600_000,
        });
  const now = options.now ?? Date.now;
  const requiredClaims = [...new Set(["sub", "exp", ...(options.requiredClaims ?? [])])];
  const issuer = typeof options.issuer === "string" ? options.issuer : [...options.issuer];
  const audience = typeof options.audience === "string" ? options.audience : [...options.audience];
  const algorithms = [...options.algorithms];
  const clockTolerance = options.clockToleranceSec ?? 30;
  return async (token) => {
    const { payload } = await jwtVerify(token, keySet, {
      issuer,
      audience,
      algorithms,
      clockTolerance,
      requiredClaims,
      currentDate: new Date(now()),
    });
    return principalOf(payload, clockTolerance);
  };
}

/** The identity expires when this verifier would stop accepting its token: `exp` plus the skew allowed. */
function principalOf(payload: JWTPayload, toleranceSec: number): Principal {
  if (typeof payload.sub !== "string" || payload.sub === "") throw new TypeError("the token has no subject");
  const principal: { subject: string; issuer?: string; expiresAt?: number; claims: JWTPayload } = {
    subject: payload.sub,
    claims: Object.freeze({ ...payload }),
  };
  if (typeof payload.iss === "string") principal.issuer = payload.iss;
  if (typeof payload.exp === "number") principal.expiresAt = (payload.exp + toleranceSec) * 1000;
  return Object.freeze(principal);
}
