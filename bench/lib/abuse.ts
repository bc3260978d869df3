/**
 * Hostile peers for the memory scenarios, on bare `node:net` sockets: many connections that each
 * send a frame one byte per write and never finish it (slow drip), and connections that each send
 * most of a large frame and stop (half frames). Both count how many connections the server kept.
 */
import type { Socket } from "node:net";
import { connect } from "node:net";

const immediate = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The start of a call whose string value never ends: no NUL, so the frame stays unfinished. */
function framePrefix(length: number): Buffer {
  const head = Buffer.from('{"method":"org.varlink.bench.Echo","parameters":{"data":"');
  const body = Buffer.alloc(Math.max(0, length - head.length), "a");
  return Buffer.concat([head, body]).subarray(0, length);
}

/**
 * Connects to `unix:/path`; socket errors after the connect are ignored from the start (the
 * server may reset a hostile connection at any time). A full accept backlog (EAGAIN: nothing
 * confirms these connections with a call) is retried, at most 100 times 10 ms apart.
 */
async function connectQuiet(address: string): Promise<Socket> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const socket = connect(address.replace(/^unix:/, ""));
        socket.once("error", reject);
        socket.once("connect", () => {
          socket.off("error", reject).on("error", () => {});
          resolve(socket);
        });
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN" || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** Opens `count` unix connections, 50 at a time (the accept backlog is finite). */
export async function openMany(address: string, count: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let opened = 0; opened < count; opened += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - opened) }, () => connectQuiet(address)),
    );
    sockets.push(...batch);
  }
  return sockets;
}

/** Connections the server has not closed. */
export function stillOpen(sockets: readonly Socket[]): number {
  return sockets.filter((socket) => !socket.destroyed && socket.readable).length;
}

/**
 * Sends `bytes` bytes of an unfinished frame on every socket, one byte per write, round-robin,
 * yielding to the event loop after each round so every byte leaves as its own segment.
 */
export async function slowDrip(sockets: readonly Socket[], bytes: number): Promise<void> {
  const prefix = framePrefix(bytes);
  for (let i = 0; i < bytes; i++) {
    const byte = prefix.subarray(i, i + 1);
    for (const socket of sockets) if (!socket.destroyed) socket.write(byte);
    await immediate();
  }
}

/**
 * Sends `bytes` bytes of an unfinished frame on every socket (one shared buffer, written in
 * 64 KiB pieces) and resolves once every write was taken by the kernel or failed (the server
 * closed that connection).
 */
export async function halfFrames(sockets: readonly Socket[], bytes: number): Promise<void> {
  const prefix = framePrefix(bytes);
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          let offset = 0;
          const next = (): void => {
            if (socket.destroyed || offset >= bytes) return resolve();
            const piece = prefix.subarray(offset, Math.min(bytes, offset + 65_536));
            offset += piece.length;
            if (socket.write(piece)) setImmediate(next);
            else socket.once("drain", next);
          };
          socket.once("close", () => resolve());
          next();
        }),
    ),
  );
}
