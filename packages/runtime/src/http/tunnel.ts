/**
 * WebSocket mode (UAPI.20): the raw Varlink stream between a WebSocket and a backend channel.
 * Client to service, frames are concatenated as they come. Service to client, the stream is
 * re-framed: each message with its NUL goes out as one binary frame. Calls are watched (not
 * changed) to know which reply confirms an `upgrade`: from that reply on, and after the
 * upgrade call on the client's side, bytes are forwarded verbatim. Backpressure goes both
 * ways; when either side closes, the other is closed.
 */
import type { Channel } from "../transports/transport.js";
import type { WebSocketChannel } from "../transports/websocket/channel.js";
import { CloseCode } from "../transports/websocket/frame.js";

/** Options of {@link tunnel}. @internal */
export interface TunnelOptions {
  /** Largest Varlink message either way (a longer one closes both sides, 1009). */
  readonly maxMessageSize: number;
  /** Close when no call is owed a reply and no byte moved for this long (0 or Infinity: never). */
  readonly idleTimeoutMs: number;
  /** Told once when the tunnel is closed. */
  readonly closed?: () => void;
}

/** A reply owed to a call: `more` ones end with the reply without `continues`. */
interface Owed {
  readonly more: boolean;
  readonly upgrade: boolean;
}

/**
 * NUL-terminated messages out of a byte stream, as bytes: `onMessage` gets each one with its
 * NUL, `onMessage` returning false stops (the rest is returned by {@link Splitter.rest}).
 */
class Splitter {
  #partial: Buffer[] = [];
  #partialBytes = 0;
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** Feeds `chunk`; returns the bytes after a message `onMessage` stopped at, or undefined. Throws on an oversized message. */
  push(chunk: Buffer, onMessage: (message: Buffer) => boolean): Buffer | undefined {
    let start = 0;
    while (start < chunk.length) {
      const nul = chunk.indexOf(0, start);
      if (nul === -1) {
        this.#partialBytes += chunk.length - start;
        if (this.#partialBytes > this.#max) throw new RangeError(`message larger than ${this.#max} bytes`);
        this.#partial.push(chunk.subarray(start));
        return undefined;
      }
      let message = chunk.subarray(start, nul + 1);
      if (this.#partialBytes > 0) {
        message = Buffer.concat([...this.#partial, message]);
        this.#partial = [];
        this.#partialBytes = 0;
      }
      if (message.length - 1 > this.#max) throw new RangeError(`message larger than ${this.#max} bytes`);
      start = nul + 1;
      if (!onMessage(message)) return chunk.subarray(start);
    }
    return undefined;
  }
}

/** The flags of a call message (its JSON), read only when the text mentions one. */
function callFlags(message: Buffer): Owed | undefined {
  const text = message.toString("utf8", 0, message.length - 1);
  if (!text.includes('"oneway"') && !text.includes('"more"') && !text.includes('"upgrade"'))
    return { more: false, upgrade: false };
  let call: unknown;
  try {
    call = JSON.parse(text);
  } catch {
    // The service closes the connection on it (UAPI.20); nothing is owed.
    return undefined;
  }
  if (typeof call !== "object" || call === null) return undefined;
  const { oneway, more, upgrade } = call as Record<string, unknown>;
  if (oneway === true) return undefined;
  return { more: more === true, upgrade: upgrade === true };
}

/** Whether a reply message (bytes with NUL) says `continues: true`, and whether it is an error. */
function replyFlags(message: Buffer): { continues: boolean; error: boolean } {
  try {
    const reply = JSON.parse(message.toString("utf8", 0, message.length - 1)) as Record<string, unknown>;
    return { continues: reply["continues"] === true, error: typeof reply["error"] === "string" };
  } catch {
    return { continues: false, error: true };
  }
}

/** Channels hand over Uint8Array (a Node socket's are Buffers already: no copy then). */
const asBuffer = (chunk: Uint8Array): Buffer =>
  Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/** Connects `socket` (a WebSocket after the handshake) and `backend` until either closes. @internal */
export function tunnel(socket: WebSocketChannel, backend: Channel, options: TunnelOptions): void {
  const owed: Owed[] = [];
  const fromClient = new Splitter(options.maxMessageSize);
  const fromService = new Splitter(options.maxMessageSize);
  /** After an upgrade call, client bytes are no longer read as calls (until a refusal). */
  let clientVerbatim = false;
  /** After the confirming reply, service bytes go out as they come. */
  let serviceVerbatim = false;
  let closed = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const idleMs = options.idleTimeoutMs;

  const close = (code: number, reason: string): void => {
    if (closed) return;
    closed = true;
    if (idle !== undefined) clearTimeout(idle);
    socket.close(code, reason);
    backend.end();
    options.closed?.();
  };
  const touch = (): void => {
    if (idle !== undefined) clearTimeout(idle);
    idle = undefined;
    if (closed || !(idleMs > 0 && idleMs < Infinity) || owed.length > 0 || serviceVerbatim) return;
    idle = setTimeout(() => close(CloseCode.GoingAway, "idle"), idleMs);
    idle.unref?.();
  };

  const onCall = (message: Buffer): boolean => {
    const flags = callFlags(message);
    if (flags === undefined) return true;
    owed.push(flags);
    if (flags.upgrade) clientVerbatim = true;
    return !flags.upgrade;
  };
  const onReply = (message: Buffer): boolean => {
    const head = owed[0];
    let last = true;
    let confirmed = false;
    if (head !== undefined && (head.more || head.upgrade)) {
      const { continues, error } = replyFlags(message);
      last = !(head.more && continues && !error);
      confirmed = head.upgrade && last && !error;
      // A refused upgrade: the connection goes on as Varlink, so calls are read again.
      if (head.upgrade && last && error) clientVerbatim = false;
    }
    if (last) owed.shift();
    if (!socket.write(message)) backend.pause();
    if (confirmed) serviceVerbatim = true;
    return !confirmed;
  };

  socket.attach({
    data(chunk) {
      if (closed) return;
      try {
        if (!clientVerbatim) fromClient.push(asBuffer(chunk), onCall);
      } catch (error) {
        close(CloseCode.TooLarge, (error as Error).message);
        return;
      }
      if (!backend.write(chunk)) socket.pause();
      touch();
    },
    drain: () => backend.resume(),
    close: () => close(CloseCode.Normal, ""),
  });
  backend.attach({
    data(chunk) {
      if (closed) return;
      if (serviceVerbatim) {
        if (!socket.write(chunk)) backend.pause();
        return;
      }
      let rest: Buffer | undefined;
      try {
        rest = fromService.push(asBuffer(chunk), onReply);
      } catch (error) {
        close(CloseCode.TooLarge, (error as Error).message);
        return;
      }
      if (rest !== undefined && rest.length > 0 && !socket.write(rest)) backend.pause();
      touch();
    },
    drain: () => socket.resume(),
    close: () => close(CloseCode.Normal, ""),
  });
  touch();
}
