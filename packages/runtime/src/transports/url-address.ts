/**
 * URL addresses of UAPI.20's HTTP transport, beside the `scheme:` Varlink addresses of
 * address.ts: `ws://…/ws/services/{service}` and `wss://…` (WebSocket mode: a byte channel) and
 * an `http://` or `https://` base URL (simple HTTP mode: an `HttpCaller`).
 * @internal
 */
import { AddressError } from "../errors.js";

/** True for a `ws://` or `wss://` URL. @internal */
export function isWebSocketUrl(address: string): boolean {
  return /^wss?:\/\//i.test(address);
}

/** True for an `http://` or `https://` URL (a simple-mode base URL). @internal */
export function isHttpUrl(address: string): boolean {
  return /^https?:\/\//i.test(address);
}

/** True for either kind of URL address. @internal */
export function isUrlAddress(address: string): boolean {
  return isWebSocketUrl(address) || isHttpUrl(address);
}

/** Throws {@link AddressError} when a URL address does not parse as a URL. @internal */
export function checkUrlAddress(address: string): void {
  if (!URL.canParse(address)) throw new AddressError(address, "not a valid URL");
}
