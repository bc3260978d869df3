/**
 * Who is on the other end of a server connection, as far as the transport knows. Node tells a
 * tcp peer's address and port, and nothing about a unix peer (no credentials without native
 * code), so a unix peer is known by the listener it came in on. Issue 14 adds TLS identity.
 */
import type { Socket } from "node:net";

/** The peer of a call (`context.peer`, `ServerCall.peer`); one frozen object per connection. */
export interface Peer {
  /** The listener address the connection came in on (`unix:/run/x`, `tcp:0.0.0.0:8080`, `fd:3`); undefined for `serveChannel`. */
  readonly listener: string | undefined;
  /** tcp: the remote IP address. */
  readonly remoteAddress?: string;
  /** tcp: the remote port. */
  readonly remotePort?: number;
}

/** A channel served with `serveChannel` (in-memory, custom transports). */
export const UNKNOWN_PEER: Peer = Object.freeze({ listener: undefined });

/** The peer of an accepted socket. @internal */
export function socketPeer(socket: Socket, listener: string): Peer {
  const { remoteAddress, remotePort } = socket;
  if (remoteAddress === undefined || remotePort === undefined) return Object.freeze({ listener });
  return Object.freeze({ listener, remoteAddress, remotePort });
}
