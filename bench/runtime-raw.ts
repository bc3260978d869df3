/**
 * The raw node:net baseline for bench/runtime.ts: the same bytes as the runtime sends and
 * receives (JSON + NUL frames), with the least code that does it honestly: split on NUL with
 * Buffer.indexOf, JSON.parse every frame, JSON.stringify every message. No queue, no checks.
 */
import * as net from "node:net";

/** Splits a byte stream into parsed JSON frames. */
export function rawFrames(onMessage: (message: Record<string, unknown>) => void): (chunk: Buffer) => void {
  let rest: Buffer | undefined;
  return (chunk) => {
    let data = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
    rest = undefined;
    let start = 0;
    for (let nul = data.indexOf(0); nul !== -1; nul = data.indexOf(0, start)) {
      onMessage(JSON.parse(data.toString("utf8", start, nul)) as Record<string, unknown>);
      start = nul + 1;
    }
    if (start < data.length) rest = data.subarray(start);
    data = Buffer.alloc(0);
  };
}

/** A raw server answering Ping with pong and Stream with `n` continues replies. */
export function rawServer(path: string): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on(
      "data",
      rawFrames((call) => {
        const parameters = call["parameters"] as Record<string, unknown>;
        if (call["method"] === "org.example.bench.Ping") {
          socket.write(JSON.stringify({ parameters: { pong: parameters["ping"] } }) + "\0");
          return;
        }
        const n = Number(parameters["n"]);
        for (let i = 0; i < n; i++) {
          const reply = i < n - 1 ? { parameters: { i }, continues: true } : { parameters: { i } };
          socket.write(JSON.stringify(reply) + "\0");
        }
      }),
    );
  });
  return new Promise((resolve) => server.listen(path, () => resolve(server)));
}

/** A raw client: calls resolve with the parsed reply, in order. */
export class RawClient {
  readonly #socket: net.Socket;
  readonly #waiting: ((message: Record<string, unknown>) => void)[] = [];

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on(
      "data",
      rawFrames((message) => {
        const first = this.#waiting[0] as (message: Record<string, unknown>) => void;
        if (message["continues"] !== true) this.#waiting.shift();
        first(message);
      }),
    );
  }

  static connect(path: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ path }, () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  call(method: string, parameters: object): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      this.#waiting.push((m) => resolve(m["parameters"] as Record<string, unknown>));
      this.#socket.write(JSON.stringify({ method, parameters }) + "\0");
    });
  }

  /** Sends a `more` call and calls `each` for every reply; resolves after the last. */
  stream(method: string, parameters: object, each: (parameters: unknown) => void): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push((m) => {
        each(m["parameters"]);
        if (m["continues"] !== true) resolve();
      });
      this.#socket.write(JSON.stringify({ method, parameters, more: true }) + "\0");
    });
  }

  close(): void {
    this.#socket.destroy();
  }
}
