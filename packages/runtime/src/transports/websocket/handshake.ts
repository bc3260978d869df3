/**
 * The RFC 6455 opening handshake (§4): the key a client sends, the accept value a server
 * answers with, and the checks of both sides. Version 13 only; no subprotocol or extension is
 * negotiated (UAPI.20 needs none), so a peer offering one is simply not answered with it.
 */
import { createHash, randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** The GUID RFC 6455 §1.3 appends to the key. */
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** A fresh `Sec-WebSocket-Key`: 16 random bytes, base64. */
export function newWebSocketKey(): string {
  return randomBytes(16).toString("base64");
}

/** The `Sec-WebSocket-Accept` value for `key`. */
export function acceptValue(key: string): string {
  return createHash("sha1")
    .update(key + GUID)
    .digest("base64");
}

/** A header that may be given several times, as one comma-separated list of lower-case tokens. */
function tokens(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(",") : (value ?? "");
  return text
    .split(",")
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== "");
}

/** Whether a request asks for a WebSocket (other upgrades, like `h2c`, are plain requests to us). */
export function wantsWebSocket(headers: IncomingHttpHeaders): boolean {
  return tokens(headers.upgrade).includes("websocket");
}

/** Why a handshake is refused: the status (400, or 426 for a version we do not speak) and headers. */
export interface UpgradeProblem {
  readonly problem: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Checks a server-side upgrade request's headers (the method and path are the router's). Returns
 * the client's key, or why the request is no WebSocket handshake we answer.
 */
export function checkUpgradeRequest(headers: IncomingHttpHeaders): { key: string } | UpgradeProblem {
  const bad = (problem: string): UpgradeProblem => ({ problem, status: 400, headers: {} });
  if (!wantsWebSocket(headers)) return bad("expected 'Upgrade: websocket'");
  if (!tokens(headers.connection).includes("upgrade")) return bad("expected 'Connection: Upgrade'");
  // RFC 6455 §4.4: another version is answered 426 with the versions we speak.
  if (headers["sec-websocket-version"] !== "13")
    return {
      problem: "expected 'Sec-WebSocket-Version: 13'",
      status: 426,
      headers: { "Sec-WebSocket-Version": "13" },
    };
  const key = headers["sec-websocket-key"];
  if (typeof key !== "string" || Buffer.from(key, "base64").length !== 16)
    return bad("expected a 16-byte base64 'Sec-WebSocket-Key'");
  return { key };
}

/** The raw `101 Switching Protocols` response to a handshake with `key`. */
export function switchingProtocols(key: string): string {
  return (
    "HTTP/1.1 101 Switching Protocols\r\n" +
    "Upgrade: websocket\r\n" +
    "Connection: Upgrade\r\n" +
    `Sec-WebSocket-Accept: ${acceptValue(key)}\r\n\r\n`
  );
}

/** Client side: checks the server's 101 response; returns a problem, or undefined when it is good. */
export function checkUpgradeResponse(headers: IncomingHttpHeaders, key: string): string | undefined {
  if (!tokens(headers.upgrade).includes("websocket")) return "the server did not answer 'Upgrade: websocket'";
  if (headers["sec-websocket-accept"] !== acceptValue(key))
    return "the server's Sec-WebSocket-Accept does not match the key";
  if (headers["sec-websocket-extensions"] !== undefined || headers["sec-websocket-protocol"] !== undefined)
    return "the server chose an extension or subprotocol that was not offered";
  return undefined;
}
