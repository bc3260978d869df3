/**
 * Connections per identity (a TLS client certificate's fingerprint, a token's issuer and
 * subject): sd-varlink bounds connections per uid; a networked service bounds them per caller,
 * so one credential cannot take every slot of the server. @internal
 */

/** Counts connections per identity key; a connection holds at most one key of each kind. */
export class IdentityLimit<C> {
  readonly #max: number;
  readonly #count = new Map<string, number>();
  readonly #held = new Map<C, Map<string, string>>();

  /** `max`: connections one identity may hold (a positive integer, or Infinity). */
  constructor(max: number) {
    if (!(max >= 1)) throw new RangeError(`bad maxConnectionsPerIdentity: ${max}`);
    this.#max = max;
  }

  /**
   * Records that `connection` is `key` (replacing what it held of the same `kind`). False, and
   * nothing recorded, when `key` already holds the most connections.
   */
  admit(connection: C, kind: string, key: string): boolean {
    const held = this.#held.get(connection);
    const before = held?.get(kind);
    if (before === key) return true;
    if ((this.#count.get(key) ?? 0) >= this.#max) return false;
    if (before !== undefined) this.#drop(before);
    this.#count.set(key, (this.#count.get(key) ?? 0) + 1);
    if (held === undefined) this.#held.set(connection, new Map([[kind, key]]));
    else held.set(kind, key);
    return true;
  }

  /** The connection closed: it no longer counts for any identity. */
  release(connection: C): void {
    const held = this.#held.get(connection);
    if (held === undefined) return;
    this.#held.delete(connection);
    for (const key of held.values()) this.#drop(key);
  }

  #drop(key: string): void {
    const left = (this.#count.get(key) ?? 1) - 1;
    if (left === 0) this.#count.delete(key);
    else this.#count.set(key, left);
  }
}
