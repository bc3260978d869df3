/**
 * A memory budget shared by the connections of one server: the bytes their unfinished messages
 * keep alive, summed. When a connection's growth takes the total over the limit, the connection
 * holding the most is closed (it may be the one that just grew): the biggest holder frees the
 * most, and a peer cannot make the server close small honest connections by growing its own.
 * Pausing reads instead was rejected: paused connections keep their bytes, so a few hosts
 * could hold the budget for ever.
 * @internal
 */
import { ProtocolError } from "../errors.js";

/** Default total of a server's buffered input: 128 MiB, eight maximum-size (16 MiB) messages. */
export const DEFAULT_MAX_BUFFERED_BYTES: number = 128 * 1024 * 1024;

/** One connection's share of a {@link BufferBudget}. @internal */
export interface BudgetAccount {
  /** Bytes charged now. */
  bytes: number;
  /** Called (once) when this account is chosen to pay: close the connection, drop its buffers. */
  readonly evict: (error: Error) => void;
}

/** @internal */
export class BufferBudget {
  readonly limit: number;
  #used = 0;
  readonly #accounts = new Set<BudgetAccount>();

  constructor(limit: number = DEFAULT_MAX_BUFFERED_BYTES) {
    if (!(limit > 0)) throw new RangeError(`bad maxBufferedBytes: ${limit}`);
    this.limit = limit;
  }

  /** Bytes charged by all accounts. */
  get used(): number {
    return this.#used;
  }

  /** A new account, for one connection. */
  open(evict: (error: Error) => void): BudgetAccount {
    const account = { bytes: 0, evict };
    this.#accounts.add(account);
    return account;
  }

  /** Sets a connection's buffered bytes; over the limit, evicts the largest (maybe this one). */
  set(account: BudgetAccount, bytes: number): void {
    if (bytes === account.bytes || !this.#accounts.has(account)) return;
    this.#used += bytes - account.bytes;
    account.bytes = bytes;
    // Each round removes one account, so this ends; a scan per eviction, not per byte.
    while (this.#used > this.limit) {
      let largest = account;
      for (const candidate of this.#accounts) if (candidate.bytes > largest.bytes) largest = candidate;
      this.remove(largest);
      largest.evict(new ProtocolError(`input buffers over the budget of ${this.limit} bytes`));
    }
  }

  /** The connection is gone: its bytes leave the total. */
  remove(account: BudgetAccount): void {
    if (!this.#accounts.delete(account)) return;
    this.#used -= account.bytes;
    account.bytes = 0;
  }
}
