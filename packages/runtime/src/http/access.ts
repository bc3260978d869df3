/**
 * Who may use the HTTP front: the Origin allow-list and CORS headers for browsers, and the
 * optional bearer token. Browsers cannot set headers on a WebSocket, so for WebSocket mode the
 * token may also come as the `access_token` query parameter (RFC 6750 §2.3's name); it then
 * shows in access logs, which is why a header is preferred wherever a client can send one.
 */
import type { IncomingMessage } from "node:http";
import type { Peer } from "../server/peer.js";
import type { Principal, TokenVerifier } from "../server/principal.js";

/** Options of the front's access checks. */
export interface HttpAccessOptions {
  /**
   * Origins browsers may call from (`https://app.example`), or `"*"` for any. A request with an
   * `Origin` header not in the list gets 403; requests without one (curl, servers) are not
   * browsers' and pass. Default: none (only same-origin-less clients).
   */
  allowedOrigins?: readonly string[] | "*";
  /** Bearer-token check: a missing or refused token gets 401. Same shape as the server's `authentication.verify`. */
  verify?: TokenVerifier;
}

/** The token of a request: `Authorization: Bearer …`, or for WebSocket mode `?access_token=`. @internal */
export function bearerToken(
  req: IncomingMessage,
  query: URLSearchParams,
  websocket: boolean,
): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    return match === null ? undefined : match[1];
  }
  return websocket ? (query.get("access_token") ?? undefined) : undefined;
}

/** True when the request's Origin (if any) may use the front. @internal */
export function originAllowed(req: IncomingMessage, allowed: HttpAccessOptions["allowedOrigins"]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed === "*") return true;
  return allowed?.includes(origin) ?? false;
}

/** The CORS headers of a response to an allowed Origin (none without an Origin). @internal */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (origin === undefined) return {};
  return { "Access-Control-Allow-Origin": origin, Vary: "Origin" };
}

/** The headers of a CORS preflight answer (`OPTIONS`). @internal */
export function preflightHeaders(req: IncomingMessage): Record<string, string> {
  return {
    ...corsHeaders(req),
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept",
    "Access-Control-Max-Age": "600",
  };
}

/**
 * Checks the token when `verify` is set: the principal, or undefined when the request must be
 * refused (401). Without `verify` everyone passes (as `null`). @internal
 */
export async function authenticate(
  verify: TokenVerifier | undefined,
  token: string | undefined,
  peer: Peer,
  refused: (error: unknown) => void,
): Promise<Principal | null | undefined> {
  if (verify === undefined) return null;
  if (token === undefined) return undefined;
  try {
    return await verify(token, peer);
  } catch (error) {
    refused(error);
    return undefined;
  }
}
