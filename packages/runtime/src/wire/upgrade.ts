/**
 * The raw stream a connection continues on after a confirmed `upgrade` (UAPI.20): the socket
 * itself, with the bytes already read past the confirming message put back in front.
 * @internal
 */
import type { Duplex } from "node:stream";
import type { MessageConnection } from "./connection.js";
import type { Channel } from "../transports/transport.js";

/**
 * Takes `channel` over from the Varlink connection (which has stopped reading, see
 * `MessageConnection.release`). The stream is paused: read it with `for await`, `pipe()`, or a
 * `data` listener plus `resume()`. Only channels with {@link Channel.detach} (sockets, Node's ws:// channel) can be
 * upgraded: an in-memory or custom channel has no stream to hand over, and this throws.
 */
export function upgradedStream(channel: Channel, unread: Uint8Array): Duplex {
  if (channel.detach === undefined) {
    throw new TypeError(`cannot upgrade ${channel.description}: only socket connections can be upgraded`);
  }
  return channel.detach(unread);
}

/**
 * Ends Varlink on `connection` after a confirmed upgrade and returns the raw stream: call it once
 * the confirming message's frame callback has returned (the decoder has then set the bytes after
 * it aside). When the channel cannot be upgraded, the connection is destroyed and this throws.
 */
export function takeOver(connection: MessageConnection): Duplex {
  const unread = connection.release();
  try {
    return upgradedStream(connection.channel, unread);
  } catch (error) {
    connection.destroy();
    throw error;
  }
}
