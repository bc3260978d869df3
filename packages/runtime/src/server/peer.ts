/**
 * Who is on the other end of a server connection, as far as the transport knows. Node tells a
 * tcp peer's address and port, a TLS peer's certificate, and nothing about a unix peer (no
 * credentials without native code), so a unix peer is known by the listener it came in on.
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
  /** unix: the path of the listening socket the peer connected to (the peer itself has none). */
  readonly socketPath?: string;
  /**
   * tls: the peer's certificate, when it presented one (mutual TLS). Absent on plain tcp/unix and
   * when a TLS client sent no certificate. `authorized` says whether it verified against the CA.
   */
  readonly tls?: TlsPeer;
}

/** What a TLS peer's certificate says (node's `getPeerCertificate()`, reduced to what policies use). */
export interface TlsPeer {
  /** The certificate verified against the server's trusted CAs. */
  readonly authorized: boolean;
  /** Subject fields, e.g. `{ CN: "order-service", O: "example" }`. */
  readonly subject: Readonly<Record<string, string>>;
  /** Issuer fields. */
  readonly issuer: Readonly<Record<string, string>>;
  /** subjectAltName entries as node writes them: `"DNS:order.svc"`, `"URI:spiffe://…"`, `"IP Address:10.0.0.1"`. */
  readonly subjectAltNames: readonly string[];
  /** SHA-256 fingerprint, colon-separated upper-case hex (node's `fingerprint256`). */
  readonly fingerprint256: string;
  /** Validity window, as node reports it (`"Jan  1 00:00:00 2027 GMT"`). */
  readonly validFrom: string;
  readonly validTo: string;
  /** Serial number, upper-case hex. */
  readonly serialNumber: string;
}

/** A channel served with `serveChannel` (in-memory, custom transports). */
export const UNKNOWN_PEER: Peer = Object.freeze({ listener: undefined });

/** The peer of an accepted socket. @internal */
export function socketPeer(socket: Socket, listener: string): Peer {
  const { remoteAddress, remotePort } = socket;
  if (remoteAddress === undefined || remotePort === undefined) return Object.freeze({ listener });
  return Object.freeze({ listener, remoteAddress, remotePort });
}
