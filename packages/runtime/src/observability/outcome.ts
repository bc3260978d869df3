/**
 * One vocabulary for how a call ended, shared by logs, traces and metrics: `"ok"`, or the
 * Varlink error name the caller sees. A server handler's thrown non-Varlink error is answered
 * `org.varlink.service.InternalError`, so that is its outcome; a client's local failure that is
 * no Varlink error (a bad parameter, an abort) is named by its JavaScript `name`.
 */
import { INTERNAL_ERROR, VarlinkError, toVarlinkError } from "../errors.js";
import type { Peer } from "../server/peer.js";

/** Which end of the call is observing it. */
export type Side = "server" | "client";

/** The outcome of a call that failed with `error`, as seen on `side`. */
export function outcomeOf(error: unknown, side: Side): string {
  if (side === "server") return toVarlinkError(error).error;
  if (error instanceof VarlinkError) return error.error;
  return error instanceof Error ? error.name : "Error";
}

/** The outcome names a bug or an unexpected failure (logged as an error, not a business answer). */
export function isInternal(outcome: string): boolean {
  return outcome === INTERNAL_ERROR;
}

/** A {@link Peer} as flat log fields; one object per connection (peers are frozen per connection). */
export interface PeerFields {
  readonly listener?: string;
  readonly remote?: string;
  /** The TLS client certificate's subject CN, when it presented one. */
  readonly tlsSubject?: string;
}

const fieldsOf = new WeakMap<Peer, PeerFields>();

/** The peer's identity for logs and span attributes (cached per connection). */
export function peerFields(peer: Peer): PeerFields {
  let fields = fieldsOf.get(peer);
  if (fields === undefined) {
    const out: { listener?: string; remote?: string; tlsSubject?: string } = {};
    if (peer.listener !== undefined) out.listener = peer.listener;
    if (peer.remoteAddress !== undefined) {
      out.remote =
        peer.remotePort === undefined ? peer.remoteAddress : `${peer.remoteAddress}:${peer.remotePort}`;
    }
    const cn = peer.tls?.subject["CN"];
    if (cn !== undefined) out.tlsSubject = cn;
    fields = Object.freeze(out);
    fieldsOf.set(peer, fields);
  }
  return fields;
}
