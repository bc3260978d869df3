/** Test helpers: a raw peer speaking bytes, and a server+client wired over an in-memory pair. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VarlinkClient, type ClientOptions } from "../../packages/runtime/src/client/client.js";
import { FrameDecoder } from "../../packages/runtime/src/wire/framing.js";
import { createChannelPair, type MemoryChannel } from "../../packages/runtime/src/transports/memory.js";
import type { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { type ServerOptions } from "../../packages/runtime/src/server/server.js";
import { EventWait } from "../helpers/event-wait.js";
import { EVENT_LIMIT_MS } from "../helpers/time-limits.js";

/** The far end of a channel, driven byte by byte from a test. */
export class RawPeer {
  readonly frames: unknown[] = [];
  closed = false;
  closeError: Error | undefined;
  readonly channel: MemoryChannel;
  readonly #events = new EventWait("RawPeer");

  constructor(channel: MemoryChannel) {
    this.channel = channel;
    const decoder = new FrameDecoder();
    channel.attach({
      data: (chunk) => {
        decoder.push(chunk, (text) => void this.frames.push(JSON.parse(text)));
        this.#wake();
      },
      drain: () => {},
      close: (error) => {
        this.closed = true;
        this.closeError = error;
        this.#wake();
      },
    });
  }

  send(text: string | Buffer): void {
    this.channel.write(text);
  }

  sendMessage(message: object): void {
    this.channel.write(JSON.stringify(message) + "\0");
  }

  /** Waits (bounded) until `n` frames arrived or the channel closed. */
  async waitFrames(n: number, timeoutMs = EVENT_LIMIT_MS): Promise<unknown[]> {
    await this.#until(() => this.frames.length >= n || this.closed, timeoutMs);
    return this.frames;
  }

  /** Waits (bounded) until the channel is closed. */
  async waitClosed(timeoutMs = EVENT_LIMIT_MS): Promise<void> {
    await this.#until(() => this.closed, timeoutMs);
  }

  #until(done: () => boolean, timeoutMs: number): Promise<void> {
    return this.#events.until(done, timeoutMs);
  }

  #wake(): void {
    this.#events.wake();
  }
}

export const serverInfo: ServerOptions = {
  vendor: "Test Vendor",
  product: "test",
  version: "1",
  url: "https://example.org",
};

/** A server reachable by a fresh raw peer. */
export function rawPeerTo(server: VarlinkServer, highWaterMark?: number): RawPeer {
  const [a, b] = createChannelPair(highWaterMark === undefined ? {} : { highWaterMark });
  server.serveChannel(b);
  return new RawPeer(a);
}

/** A client connected in memory to `server`. */
export function clientTo(
  server: VarlinkServer,
  options: ClientOptions = {},
  highWaterMark?: number,
): VarlinkClient {
  const [a, b] = createChannelPair(highWaterMark === undefined ? {} : { highWaterMark });
  server.serveChannel(b);
  return VarlinkClient.fromChannel(a, options);
}

/** A promise with its resolve function exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Waits a few event-loop turns (lets in-memory channels deliver). */
export async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}

/** A server listening on a fresh unix socket, a client connected to it, and what undoes both. */
export interface UnixServed {
  readonly address: string;
  readonly client: VarlinkClient;
  /** Closes the client, then the server (bounded), then removes the socket's directory. */
  close(): Promise<void>;
}

/** Listens with `server` on a unix socket in a fresh temp dir and connects a client. */
export async function serveUnix(server: VarlinkServer): Promise<UnixServed> {
  const dir = await mkdtemp(join(tmpdir(), "varlink-test-"));
  const listener = await server.listen(`unix:${join(dir, "s.sock")}`);
  const client = await VarlinkClient.connect(listener.address);
  return {
    address: listener.address,
    client,
    close: async () => {
      await client.close();
      await server.close({ timeoutMs: 1000 });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
