/**
 * A raw Varlink peer on the server side: it answers every call with one fixed reply and keeps
 * the text of each call, byte for byte, for a test to read what a client put on the wire.
 */
import { createServer, type Server } from "node:net";

/** A listening raw server. */
export interface RawServer {
  readonly address: string;
  /** Each call's text (without its NUL), in arrival order. */
  readonly received: string[];
  close(): Promise<void>;
}

/** Listens on `address` (`unix:/path`) and answers every call with `reply` (a frame without NUL). */
export async function rawServer(address: string, reply: string): Promise<RawServer> {
  const received: string[] = [];
  const server: Server = createServer((socket) => {
    let tail = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      tail += chunk;
      let nul: number;
      while ((nul = tail.indexOf("\0")) >= 0) {
        received.push(tail.slice(0, nul));
        tail = tail.slice(nul + 1);
        socket.write(`${reply}\0`);
      }
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(address.slice("unix:".length), resolve));
  return {
    address,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
