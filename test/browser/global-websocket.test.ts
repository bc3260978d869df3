/**
 * The browser WebSocket channel (transports/global-websocket.ts) with a fake WebSocket: frames
 * received while paused are held up to a budget; past it the channel closes with a
 * ConnectionError instead of holding without limit (finding 7).
 */
import { describe, expect, it } from "vitest";
import { GlobalWebSocketChannel } from "../../packages/runtime/src/transports/global-websocket.js";
import { ConnectionError } from "../../packages/runtime/src/errors.js";

type Listener = (event: { data?: unknown; code?: number; reason?: string }) => void;

/** Just enough of a WHATWG WebSocket: tests fire its events by hand. */
class FakeWebSocket {
  binaryType = "blob";
  readyState = 1;
  bufferedAmount = 0;
  closedWith: number | undefined;
  readonly #listeners = new Map<string, Listener[]>();
  send(): void {}
  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  fire(type: string, event: { data?: unknown; code?: number }): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
}

/** A channel over a fake socket, attached, recording what it reports. */
function open(budget: number): {
  socket: FakeWebSocket;
  channel: GlobalWebSocketChannel;
  received: number[];
  closed: (Error | undefined)[];
} {
  const socket = new FakeWebSocket();
  const channel = new GlobalWebSocketChannel(socket, "ws://127.0.0.1:1/ws", budget);
  const received: number[] = [];
  const closed: (Error | undefined)[] = [];
  channel.attach({ data: (chunk) => received.push(chunk.length), drain() {}, close: (e) => closed.push(e) });
  return { socket, channel, received, closed };
}

describe("GlobalWebSocketChannel while paused", () => {
  it.each([
    { name: "up to the budget: held, then delivered on resume", frames: [40, 60], closes: false },
    { name: "past the budget: closed with ConnectionError", frames: [40, 61], closes: true },
    { name: "far past it, one frame", frames: [1000], closes: true },
  ])("$name", ({ frames, closes }) => {
    const { socket, channel, received, closed } = open(100);
    channel.pause();
    for (const size of frames) socket.fire("message", { data: new Uint8Array(size).buffer });
    if (closes) {
      expect(closed).toHaveLength(1);
      expect(closed[0]).toBeInstanceOf(ConnectionError);
      expect(socket.closedWith).toBeDefined();
      channel.resume();
      expect(received).toEqual([]);
    } else {
      expect(closed).toEqual([]);
      channel.resume();
      expect(received).toEqual(frames);
    }
  });

  it("delivered bytes no longer count against the budget", () => {
    const { socket, channel, received, closed } = open(100);
    for (let i = 0; i < 10; i++) {
      channel.pause();
      socket.fire("message", { data: new Uint8Array(90).buffer });
      channel.resume();
    }
    expect(received).toHaveLength(10);
    expect(closed).toEqual([]);
  });
});
