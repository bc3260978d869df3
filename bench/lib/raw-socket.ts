/**
 * Minimal Varlink speakers on bare `node:net` sockets, for the memory scenarios: they open many
 * connections or read deliberately slowly without any client library in between.
 */
import { connect, type Socket } from "node:net";

/** Connects to `unix:/path` and resolves when connected. */
export function connectUnix(address: string): Promise<Socket> {
  const path = address.replace(/^unix:/, "");
  return new Promise<Socket>((resolve, reject) => {
    const socket = connect(path);
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

/** Sends one call and resolves with the first complete reply (up to its NUL). */
export function callOnce(socket: Socket, message: object): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let buffered = "";
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString("utf8");
      const end = buffered.indexOf("\0");
      if (end >= 0) {
        socket.off("data", onData).off("error", reject);
        resolve(buffered.slice(0, end));
      }
    };
    socket.on("data", onData).once("error", reject);
    socket.write(JSON.stringify(message) + "\0");
  });
}

/**
 * Sends a `more` call and reads the replies slowly: nothing for `stallMs`, then one chunk per
 * `chunkDelayMs`. Resolves with the number of replies once the final one (no `continues`) arrives.
 */
export function slowStream(
  socket: Socket,
  message: object,
  stallMs: number,
  chunkDelayMs: number,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let replies = 0;
    let tail = "";
    socket.pause();
    socket.on("data", (chunk: Buffer) => {
      socket.pause();
      const text = tail + chunk.toString("latin1");
      const parts = text.split("\0");
      tail = parts.pop() ?? "";
      for (const part of parts) {
        replies++;
        if (!part.includes('"continues":true')) {
          resolve(replies);
          return;
        }
      }
      setTimeout(() => socket.resume(), chunkDelayMs);
    });
    socket.once("error", reject);
    socket.once("close", () => reject(new Error(`connection closed after ${replies} replies`)));
    socket.write(JSON.stringify(message) + "\0");
    setTimeout(() => socket.resume(), stallMs);
  });
}
