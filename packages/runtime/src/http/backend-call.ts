/**
 * One Varlink call on a fresh backend channel, for simple mode and introspection: writes the
 * call, hands each reply on parsed (integers beyond 2^53 kept exact), and closes the channel
 * after the last one. A dropped connection or an unreadable reply is a transport failure.
 */
import type { ServerResponse } from "node:http";
import type { Channel } from "../transports/transport.js";
import { FrameDecoder } from "../wire/framing.js";
import { parseJson } from "../wire/json.js";
import type { VarlinkBackends } from "./backends.js";
import { sendMessage } from "./status.js";

/** What {@link callBackend} reports. */
export interface BackendCallHandlers {
  /** A reply; `last` when no more follow (no `continues: true`). */
  reply(message: Record<string, unknown>, last: boolean): void;
  /** The call failed before its last reply: the connection broke or spoke no Varlink. */
  failed(reason: string): void;
}

/**
 * Sends `call` (one message's JSON text, without the NUL) on `channel`. Returns a function that
 * abandons the call (the HTTP client went away): the channel closes, nothing more is reported.
 */
export function callBackend(
  channel: Channel,
  call: string,
  maxMessageSize: number,
  handlers: BackendCallHandlers,
): () => void {
  const decoder = new FrameDecoder(maxMessageSize);
  let finished = false;
  const finish = (): void => {
    finished = true;
    channel.destroy();
  };
  const fail = (reason: string): void => {
    if (finished) return;
    finish();
    handlers.failed(reason);
  };
  const onFrame = (text: string): boolean => {
    let message: unknown;
    try {
      message = parseJson(text, true);
    } catch {
      fail("the service sent invalid JSON");
      return false;
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      fail("the service sent a reply that is not an object");
      return false;
    }
    const reply = message as Record<string, unknown>;
    const last = reply["continues"] !== true || typeof reply["error"] === "string";
    if (last) finish();
    handlers.reply(reply, last);
    return !last;
  };
  channel.attach({
    data(chunk) {
      if (finished) return;
      try {
        decoder.push(chunk, onFrame);
      } catch (error) {
        fail((error as Error).message);
      }
    },
    drain() {},
    close(error) {
      fail(error === undefined ? "the service closed the connection" : `connection lost: ${error.message}`);
    },
  });
  channel.write(`${call}\0`);
  return () => {
    if (!finished) finish();
  };
}

/** Sends a oneway call and flushes it; resolves once it is written (or the channel is gone). */
export function sendOneway(channel: Channel, call: string): Promise<void> {
  return new Promise((resolve) => {
    channel.attach({ data() {}, drain() {}, close: () => resolve() });
    channel.write(`${call}\0`);
    channel.end();
  });
}

/**
 * Opens a connection to `service` for a request; when there is none, answers it (404 for an
 * unknown service, 502 for one that cannot be reached) and returns undefined. When the HTTP
 * client goes away while the connection is being opened (or went away before), the open is
 * aborted, a channel that arrives anyway is closed, and undefined is returned: a caller that
 * got a channel attaches to it synchronously, so its own `close` listener cannot be missed.
 */
export async function openForRequest(
  res: ServerResponse,
  backends: VarlinkBackends,
  service: string,
  headers: Readonly<Record<string, string>>,
): Promise<Channel | undefined> {
  if (res.destroyed) return undefined;
  const abort = new AbortController();
  const onClose = (): void => abort.abort();
  res.once("close", onClose);
  let channel: Channel | undefined;
  try {
    channel = await backends.open(service, abort.signal);
  } catch (error) {
    if (!res.destroyed)
      sendMessage(res, 502, `cannot reach service '${service}': ${(error as Error).message}`, headers);
    return undefined;
  } finally {
    res.off("close", onClose);
  }
  if (res.destroyed) {
    channel?.destroy();
    return undefined;
  }
  if (channel === undefined) sendMessage(res, 404, `unknown service '${service}'`, headers);
  return channel;
}
