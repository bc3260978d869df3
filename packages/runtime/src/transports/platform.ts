/**
 * The seam between the client and the platform it runs on: which transport opens an address, and
 * the platform's DNS. Nothing here imports a `node:` module, so the client path (VarlinkClient,
 * ConnectionPool, ServiceClient) runs in a browser. The Node entry (`index.ts`) installs the Node
 * platform (`node-platform.ts`: unix, tcp, tls, exec, ssh, ws/wss over its own RFC 6455 client,
 * and DNS). Without one (the browser entry) `ws://` and `wss://` addresses open over
 * `globalThis.WebSocket` (browsers, Deno, Bun, workers) and nothing else does.
 * @internal
 */
import { AddressError } from "../errors.js";
import type { TlsClientOptions } from "../security/tls-options.js";
import type { DnsResolver } from "../client/discovery/dns.js";
import type { Channel } from "./transport.js";
import { connectGlobalWebSocket } from "./global-websocket.js";
import { isWebSocketUrl } from "./url-address.js";

/** A connected channel, and what to do once it closes (kill an `exec:` service). @internal */
export interface Connected {
  channel: Channel;
  onClose?: () => void;
}

/** What a platform adds to the client: the addresses it opens, and DNS. @internal */
export interface Platform {
  /** Opens `address` (`tls` for a `tls:` one); errors name the address. */
  open(address: string, signal?: AbortSignal, tls?: TlsClientOptions): Promise<Connected>;
  /** A fresh DNS resolver of the system's servers (for `dns:` and `dns+srv:` targets). */
  dnsResolver(): DnsResolver;
  /** 4 or 6 when `name` is an IP address literal, else 0 (like node:net's `isIP`). */
  isIP(name: string): number;
}

let installed: Platform | undefined;

/** Installs the platform (once, by the Node entry; the last one wins). @internal */
export function installPlatform(platform: Platform): void {
  installed = platform;
}

/** Opens a channel to a client address, through the installed platform or WebSocket. @internal */
export async function openAddress(
  address: string,
  signal?: AbortSignal,
  tls?: TlsClientOptions,
): Promise<Connected> {
  if (installed !== undefined) return installed.open(address, signal, tls);
  if (isWebSocketUrl(address)) return { channel: await connectGlobalWebSocket(address, signal) };
  throw new AddressError(
    address,
    "this build of the runtime (the browser one) opens only ws:// and wss:// addresses; " +
      "for simple HTTP mode use HttpCaller, for unix:, tcp:, tls:, exec: use the Node runtime",
  );
}

/** The installed platform's DNS, or an error saying there is none (a browser). @internal */
export function platformDns(): Pick<Platform, "dnsResolver" | "isIP"> {
  if (installed === undefined)
    throw new AddressError("dns:", "DNS discovery needs the Node runtime (this is the browser build)");
  return installed;
}
