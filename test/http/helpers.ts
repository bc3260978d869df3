/**
 * Test helpers for the HTTP front: a small service (over a unix socket, as a bridge sees
 * one), a raw HTTP request (what curl would send), and a raw WebSocket peer that writes frames
 * byte by byte as a test wants them.
 */
import * as http from "node:http";
import * as net from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VarlinkError } from "../../packages/runtime/src/errors.js";
import type { InterfaceDefinition } from "../../packages/runtime/src/server/definitions.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { acceptValue, newWebSocketKey } from "../../packages/runtime/src/transports/websocket/handshake.js";
import { FrameParser, type Frame } from "../../packages/runtime/src/transports/websocket/frame.js";
import { EventWait } from "../helpers/event-wait.js";

export const serverInfo = {
  vendor: "Test Vendor",
  product: "test",
  version: "1",
  url: "https://example.org",
};

const IDL = `# A test interface.
# method Commented is not a method.
interface org.example.http

method Ping(text: string) -> (text: string)

# Streams n replies.
method Count(n: int) -> (i: int)
method Fail() -> ()
method Denied() -> ()
method Big() -> (n: int)
method Upgrade() -> ()
method Unimplemented() -> ()
error Failed (reason: string)
`;

/** The test interface: Ping, Count (more), Fail, Denied, Big (an integer past 2^53), Upgrade (echoes raw bytes). */
export function testInterface(): InterfaceDefinition {
  return {
    name: "org.example.http",
    description: IDL,
    methods: {
      Ping: { handler: (p) => ({ text: p["text"] }) },
      Count: {
        more: "supports",
        handler: async function* (p) {
          for (let i = 1; i <= Number(p["n"]); i++) yield { i };
        },
      },
      Fail: {
        handler: () => {
          throw new VarlinkError("org.example.http.Failed", { reason: "because" });
        },
      },
      Denied: {
        handler: () => {
          throw new VarlinkError("org.varlink.service.PermissionDenied", {});
        },
      },
      Big: { handler: () => ({ n: 2n ** 63n - 1n }) },
      Unimplemented: {},
      Upgrade: {
        upgrade: "requires",
        handler: async (_p, context) => {
          const stream = await context.acceptUpgrade({});
          // An echo of the upgraded protocol: every byte back, verbatim (NULs included).
          stream.on("data", (chunk: Buffer) => stream.write(chunk));
          stream.on("end", () => stream.end());
          stream.resume();
          return {};
        },
      },
    },
  };
}

/** A test service listening on a unix socket in a temporary directory. */
export async function startService(): Promise<{
  server: VarlinkServer;
  address: string;
  dir: string;
  stop(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), "vlc-http-"));
  const server = new VarlinkServer(serverInfo);
  server.addInterface(testInterface());
  const address = `unix:${join(dir, "org.example.http")}`;
  await server.listen(address);
  return {
    server,
    address,
    dir,
    stop: async () => {
      await server.close({ timeoutMs: 100 });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An HTTP response, body as text. */
export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One HTTP request, as curl would send it. */
export function request(
  url: string,
  method: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Frames written by a raw client: masked, as RFC 6455 requires of clients. */
export function clientFrame(opcode: number, payload: Buffer | string, fin = true): Buffer {
  const bytes = typeof payload === "string" ? Buffer.from(payload) : payload;
  const length = bytes.length;
  const extended = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const head = Buffer.alloc(2 + extended + 4);
  head[0] = (fin ? 0x80 : 0) | opcode;
  if (extended === 0) head[1] = 0x80 | length;
  else if (extended === 2) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  key.copy(head, 2 + extended);
  const masked = Buffer.from(bytes.map((b, i) => b ^ (key[i & 3] as number)));
  return Buffer.concat([head, masked]);
}

/** A raw WebSocket client over a tcp socket: the handshake, then frames in and out. */
export class RawWebSocket {
  readonly frames: Frame[] = [];
  readonly socket: net.Socket;
  closed = false;
  readonly #events = new EventWait("RawWebSocket");

  private constructor(socket: net.Socket, rest: Buffer) {
    this.socket = socket;
    const parser = new FrameParser("client", { maxFrameSize: 1 << 30, maxMessageSize: 1 << 30 });
    const push = (chunk: Buffer): void => {
      parser.push(chunk, (frame) => this.frames.push({ ...frame, payload: Buffer.from(frame.payload) }));
      this.#wake();
    };
    socket.on("data", push);
    socket.on("close", () => {
      this.closed = true;
      this.#wake();
    });
    if (rest.length > 0) push(rest);
  }

  /** Opens `path` on `port`; resolves with the client, or rejects with the status line and body on a refusal. */
  static open(port: number, path: string, headers: Record<string, string> = {}): Promise<RawWebSocket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1");
      const key = newWebSocketKey();
      const extra = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("");
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n${extra}\r\n`,
      );
      let buffered = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        buffered = Buffer.concat([buffered, chunk]);
        const end = buffered.indexOf("\r\n\r\n");
        if (end === -1) return;
        const head = buffered.subarray(0, end).toString();
        if (!head.startsWith("HTTP/1.1 101")) {
          socket.off("data", onData);
          socket.on("data", (c: Buffer) => (buffered = Buffer.concat([buffered, c])));
          socket.on("close", () => reject(new Error(buffered.toString())));
          return;
        }
        if (!head.includes(`Sec-WebSocket-Accept: ${acceptValue(key)}`))
          reject(new Error(`bad accept: ${head}`));
        socket.off("data", onData);
        resolve(new RawWebSocket(socket, buffered.subarray(end + 4)));
      };
      socket.on("data", onData);
      socket.on("error", reject);
    });
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The concatenated payloads of data frames (the Varlink stream the bridge sent). */
  get stream(): Buffer {
    return Buffer.concat(this.frames.filter((f) => f.opcode <= 2).map((f) => f.payload));
  }

  /** The messages received so far (split at NUL, parsed). */
  get messages(): unknown[] {
    const text = this.stream.toString("utf8");
    return text
      .split("\0")
      .slice(0, -1)
      .map((t) => JSON.parse(t) as unknown);
  }

  /** Waits until `done()` holds or the socket closed (bounded). */
  until(done: () => boolean): Promise<void> {
    return this.#events.until(() => done() || this.closed);
  }

  #wake(): void {
    this.#events.wake();
  }
}
