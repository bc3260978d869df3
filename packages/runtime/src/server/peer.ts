/**
 * Who is on the other end of a server connection, as far as the transport knows. Node tells a
 * tcp peer's address and port, a TLS peer's certificate, and nothing about a unix peer (no
 * credentials without native code), so a unix peer is known by the listener it came in on.
 */
import type { Socket } from "node:net";
import type { PeerCertificate, TLSSocket } from "node:tls";

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

/**
 * The peer of an accepted socket: `socketPath` is the listening socket's path (`@name` for an
 * abstract one) on unix listeners. Built once per connection, never per call. @internal
 */
export function socketPeer(socket: Socket, listener: string, socketPath?: string): Peer {
  const { remoteAddress, remotePort } = socket;
  if (remoteAddress === undefined || remotePort === undefined)
    return Object.freeze(socketPath === undefined ? { listener } : { listener, socketPath });
  if (!(socket as TLSSocket).encrypted) return Object.freeze({ listener, remoteAddress, remotePort });
  const tls = tlsPeer(socket as TLSSocket);
  return Object.freeze(
    tls === undefined
      ? { listener, remoteAddress, remotePort }
      : { listener, remoteAddress, remotePort, tls },
  );
}

/** The client certificate of a TLS socket, or undefined when it sent none. @internal */
export function tlsPeer(socket: TLSSocket): TlsPeer | undefined {
  const cert = socket.getPeerCertificate();
  // No certificate: node returns an empty object (null when the handshake is not done).
  if (cert === null || typeof cert !== "object" || cert.fingerprint256 === undefined) return undefined;
  return Object.freeze({
    authorized: socket.authorized,
    subject: names(cert.subject),
    issuer: names(cert.issuer),
    subjectAltNames: Object.freeze(splitAltNames(cert.subjectaltname ?? "")),
    fingerprint256: cert.fingerprint256,
    validFrom: cert.valid_from,
    validTo: cert.valid_to,
    serialNumber: cert.serialNumber.toUpperCase(),
  });
}

/** A distinguished name as a plain frozen record; a repeated field (two OUs) is joined with `+`. */
function names(dn: PeerCertificate["subject"] | undefined): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(dn ?? {}) as [string, string | string[]][])
    out[field] = Array.isArray(value) ? value.join("+") : value;
  return Object.freeze(out);
}

/**
 * Splits node's `subjectaltname` (`DNS:a, IP Address:10.0.0.1, URI:spiffe://x`) into entries.
 * Node writes an entry that holds a comma or quote as a JSON string (`DNS:"a,b"`); those
 * are unquoted, so a name with ", " inside cannot pose as two entries.
 * @internal
 */
export function splitAltNames(text: string): string[] {
  const entries: string[] = [];
  const entry = /([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/gy;
  let match: RegExpExecArray | null;
  while (entry.lastIndex < text.length && (match = entry.exec(text)) !== null) {
    const [, kind, value = ""] = match;
    entries.push(`${kind}:${value.startsWith('"') ? (JSON.parse(value) as string) : value}`);
  }
  return entries;
}
