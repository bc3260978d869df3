/**
 * Opens a channel to any client address Node can reach (the Node platform's `open`, see
 * platform.ts).
 * @internal
 */
import { parseAddress } from "./address.js";
import { connectExec } from "./exec.js";
import { connectSocket } from "./node-socket.js";
import { connectSsh } from "./ssh.js";
import { connectTls } from "./tls.js";
import type { TlsClientOptions } from "../security/tls-options.js";
import type { Connected } from "./platform.js";
import { isWebSocketUrl } from "./url-address.js";
import { connectWebSocket } from "./websocket/connect.js";

export type { Connected } from "./platform.js";

/** Connects to `address` (`tls` for a `tls:` or `wss://` one); errors name the address. @internal */
export async function connectAddress(
  address: string,
  signal?: AbortSignal,
  tls?: TlsClientOptions,
): Promise<Connected> {
  if (isWebSocketUrl(address)) {
    const options = signal === undefined ? {} : { signal };
    return { channel: await connectWebSocket(address, tls === undefined ? options : { ...options, tls }) };
  }
  const parsed = parseAddress(address);
  if (parsed.kind === "tls") return { channel: await connectTls(parsed, address, tls, signal) };
  if (parsed.kind === "exec") {
    const { channel, stop } = await connectExec(parsed, address, signal);
    return { channel, onClose: stop };
  }
  if (parsed.kind === "ssh-unix" || parsed.kind === "ssh-exec")
    return { channel: await connectSsh(parsed, address, signal) };
  return { channel: await connectSocket(parsed, address, signal) };
}
