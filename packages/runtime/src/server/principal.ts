/**
 * The authenticated identity of a connection, as a token verifier established it.
 */
import type { Peer } from "./peer.js";

/** Who a connection authenticated as (`context.principal`, `ServerCall.principal`). */
export interface Principal {
  /** The token's subject (JWT `sub`). */
  readonly subject: string;
  /** Who issued the token (JWT `iss`), when known. */
  readonly issuer?: string;
  /** When the identity expires, ms since the epoch (JWT `exp` × 1000); undefined: never. */
  readonly expiresAt?: number;
  /** Every claim of the token (JWT payload), e.g. `scope`, `groups`. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/**
 * Checks a bearer token and says whose it is; throws (or rejects) when the token is refused.
 * What it throws is reported to the operator (`ServerOptions.onError`); the caller only gets
 * `org.varlink.codegen.auth.AuthenticationFailed`. `jwtVerifier()` (`@varlink-codegen/runtime/jwt`) makes one.
 */
export type TokenVerifier = (token: string, peer: Peer) => Promise<Principal>;
