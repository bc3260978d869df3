/**
 * Raw-socket helpers for the hardening tests: send arbitrary bytes to a server and observe what
 * comes back (replies and whether the connection closed), always within a bounded time.
 */
import { connect, type Socket } from "node:net";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";

/** What a raw exchange observed. */
export interface Exchange {
  /** Complete replies received (JSON text, without the NUL). */
  readonly replies: string[];
  /** True when the server closed (or reset) the connection. */
  readonly closed: boolean;
}

/** Connects a bare socket to `unix:/path`. */
export function rawConnect(address: string): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = connect(address.replace(/^unix:/, ""));
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

/**
 * Writes `bytes`, then collects replies until `expectReplies` have arrived, the server closes the
 * connection, or `waitMs` passes (a bound, not an assertion on speed). Destroys the socket at the end.
 */
export async function exchange(
  address: string,
  bytes: Uint8Array | string,
  options: { expectReplies?: number; waitMs?: number; endAfterWrite?: boolean } = {},
): Promise<Exchange> {
  const socket = await rawConnect(address);
  const replies: string[] = [];
  let tail = Buffer.alloc(0);
  return new Promise<Exchange>((resolve) => {
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ replies, closed });
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? EVENT_LIMIT_MS);
    socket.on("data", (chunk: Buffer) => {
      tail = Buffer.concat([tail, chunk]);
      let nul: number;
      while ((nul = tail.indexOf(0)) >= 0) {
        replies.push(tail.subarray(0, nul).toString("utf8"));
        tail = tail.subarray(nul + 1);
      }
      if (options.expectReplies !== undefined && replies.length >= options.expectReplies) finish(false);
    });
    socket.on("error", () => finish(true));
    socket.on("close", () => finish(true));
    socket.write(bytes);
    if (options.endAfterWrite) socket.end();
  });
}

/** Encodes one Varlink message (JSON + NUL). */
export function frame(message: unknown): string {
  return JSON.stringify(message) + "\0";
}

/** Deterministic PRNG (mulberry32) so a failing fuzz case can be replayed from its seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
