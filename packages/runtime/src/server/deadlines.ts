/**
 * The two clocks of a server connection: idle (no call in progress and no bytes either way for
 * `idleTimeoutMs`) and unfinished frame (a message started and its NUL not read within
 * `frameTimeoutMs`, however slowly its bytes trickle in). Either closes the connection.
 * Timers are unref'd and re-armed lazily: activity only records a time, so a byte costs a clock
 * read, not a timer update.
 * @internal
 */
import { ProtocolError } from "../errors.js";

/** Default idle timeout: 5 minutes (see docs/runtime.md, "Limits"). */
export const DEFAULT_IDLE_TIMEOUT_MS: number = 5 * 60 * 1000;
/** Default unfinished-frame timeout: 45 s, systemd's default method timeout (VARLINK_DEFAULT_TIMEOUT_USEC). */
export const DEFAULT_FRAME_TIMEOUT_MS: number = 45 * 1000;

/** Why a server closed a connection on one of its clocks (not sent: the peer only sees the close). */
const expired = (what: string, ms: number): ProtocolError => new ProtocolError(`${what} for ${ms} ms`);

/** What the clocks ask of their connection. @internal */
export interface DeadlineOwner {
  /** A call is in progress (a handler runs, a `more` stream is open): never idle. */
  busy(): boolean;
  /** We stopped reading (backpressure): the unfinished message is not the peer's fault. */
  paused(): boolean;
  /** Time is up: close the connection. */
  expire(error: Error): void;
}

/** `0` and `Infinity` disable a clock; anything else must be a positive number of ms. */
function timeout(value: number | undefined, fallback: number, name: string): number {
  const ms = value ?? fallback;
  if (typeof ms !== "number" || !(ms >= 0)) throw new RangeError(`bad ${name}: ${ms}`);
  return ms === Infinity ? 0 : ms;
}

/** Validated timeouts, 0 meaning disabled. @internal */
export interface Timeouts {
  readonly idleMs: number;
  readonly frameMs: number;
}

/** Resolves the server options to {@link Timeouts} (throws RangeError on a bad value). @internal */
export function resolveTimeouts(options: { idleTimeoutMs?: number; frameTimeoutMs?: number }): Timeouts {
  return {
    idleMs: timeout(options.idleTimeoutMs, DEFAULT_IDLE_TIMEOUT_MS, "idleTimeoutMs"),
    frameMs: timeout(options.frameTimeoutMs, DEFAULT_FRAME_TIMEOUT_MS, "frameTimeoutMs"),
  };
}

const now = (): number => performance.now();

/** @internal */
export class Deadlines {
  readonly #timeouts: Timeouts;
  readonly #owner: DeadlineOwner;
  /** now() of the last byte read or written, or of the last call finishing. */
  #last = now();
  /** now() of the first byte of the unfinished message; 0 when none. */
  #frameStart = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #due = Infinity;
  #stopped = false;

  constructor(timeouts: Timeouts, owner: DeadlineOwner) {
    this.#timeouts = timeouts;
    this.#owner = owner;
    this.#arm(this.#last);
  }

  /** now() of the last activity: longest-idle eviction picks the smallest. */
  get lastActivity(): number {
    return this.#last;
  }

  /** Bytes moved or a call finished. */
  activity(): void {
    this.#last = now();
  }

  /** After a read: `partial` says whether a message is now unfinished. */
  frame(partial: boolean): void {
    if (!partial) this.#frameStart = 0;
    else if (this.#frameStart === 0) this.#arm((this.#frameStart = now()));
  }

  /** The connection is gone. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** One timer, due at the earlier of the two deadlines; moved only when one comes nearer. */
  #arm(t: number): void {
    const { idleMs, frameMs } = this.#timeouts;
    let due = idleMs > 0 ? this.#last + idleMs : Infinity;
    if (frameMs > 0 && this.#frameStart !== 0) due = Math.min(due, this.#frameStart + frameMs);
    if (due === Infinity || this.#stopped) return;
    if (this.#timer !== undefined) {
      if (this.#due <= due) return;
      clearTimeout(this.#timer);
    }
    this.#due = due;
    this.#timer = setTimeout(this.#check, Math.max(1, due - t));
    this.#timer.unref?.();
  }

  readonly #check = (): void => {
    this.#timer = undefined;
    if (this.#stopped) return;
    const t = now();
    const { idleMs, frameMs } = this.#timeouts;
    // Time spent busy (a call running) or paused by us (backpressure) is not the peer's idling.
    if (this.#owner.busy()) this.#last = t;
    if (this.#frameStart !== 0 && this.#owner.paused()) this.#frameStart = t;
    if (idleMs > 0 && t - this.#last >= idleMs) {
      this.#owner.expire(expired("connection idle", idleMs));
    } else if (frameMs > 0 && this.#frameStart !== 0 && t - this.#frameStart >= frameMs) {
      this.#owner.expire(expired("message unfinished", frameMs));
    } else {
      this.#arm(t);
    }
  };
}
