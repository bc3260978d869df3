/**
 * An `Upgrade:` request we do not upgrade (anything but WebSocket, e.g. `Upgrade: h2c` from
 * `curl --http2`), served as the plain HTTP/1.1 request it also is. node:http hands every
 * request with an `Upgrade` header to the `upgrade` listener (Node 20 has no per-request
 * choice) and stops parsing there, so the response and the body are wired up here.
 */
import { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { endAndDestroy } from "../transports/websocket/channel.js";
import { sendMessage } from "./status.js";

/** The request again, with its body, and the response to it. @internal */
export interface PlainRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

/**
 * `req` as a plain request on `socket`: a copy of it whose body (by `Content-Length`: `head`,
 * then the socket's bytes) arrives as usual (node ended the original's body at the headers),
 * and a response that closes the connection when done. Undefined when already answered (a
 * chunked body, which is not decoded here). @internal
 */
export function asPlainRequest(
  req: IncomingMessage,
  socket: Socket,
  head: Buffer,
  closeTimeoutMs: number,
): PlainRequest | undefined {
  const plain = new IncomingMessage(socket);
  plain.method = req.method;
  plain.url = req.url;
  plain.headers = req.headers;
  plain.rawHeaders = req.rawHeaders;
  plain.httpVersionMajor = req.httpVersionMajor;
  plain.httpVersionMinor = req.httpVersionMinor;
  plain.httpVersion = req.httpVersion;
  const res = new ServerResponse(plain);
  res.shouldKeepAlive = false;
  res.assignSocket(socket);
  res.once("finish", () => {
    res.detachSocket(socket);
    endAndDestroy(socket, closeTimeoutMs);
  });
  if (req.headers["transfer-encoding"] !== undefined) {
    sendMessage(res, 411, "a request with 'Upgrade' needs Content-Length, not a chunked body");
    return undefined;
  }
  let left = Number(req.headers["content-length"] ?? 0) || 0;
  const ended = (): void => {
    // A complete message: node would otherwise destroy the socket when the body stream ends.
    plain.complete = true;
    plain.push(null);
  };
  const feed = (chunk: Buffer): void => {
    if (left <= 0) return;
    const part = chunk.subarray(0, left);
    left -= part.length;
    plain.push(part);
    if (left === 0) {
      socket.off("data", feed);
      ended();
    }
  };
  if (left === 0) ended();
  else {
    socket.on("data", feed);
    if (head.length > 0) feed(head);
  }
  return { req: plain, res };
}
