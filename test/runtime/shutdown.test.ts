/**
 * Graceful shutdown over a real unix socket: `closeOnSignals` (signals emitted on `process`,
 * no real signal is sent), in-flight calls finishing, new connections and new calls refused,
 * the deadline forcing the close.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { VarlinkClient } from "../../packages/runtime/src/client/client.js";
import { ConnectionError } from "../../packages/runtime/src/errors.js";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { closeOnSignals } from "../../packages/runtime/src/server/signals.js";
import { serveUnix, serverInfo } from "./helpers.js";

const SIGNAL = "SIGUSR2";

interface Started {
  server: VarlinkServer;
  client: VarlinkClient;
  address: string;
  /** Opens the gate every `Wait` call waits on. */
  open: () => void;
  started: string[];
  aborted: number;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(): Promise<Started> {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const server = new VarlinkServer(serverInfo);
  const state: Started = { server, client: undefined as never, address: "", open, started: [], aborted: 0 };
  server.addInterface({
    name: "org.example.shutdown",
    description: "",
    methods: {
      Wait: {
        handler: async (p, context) => {
          state.started.push(String(p["tag"]));
          context.signal.addEventListener("abort", () => state.aborted++);
          await Promise.race([
            gate,
            new Promise((resolve) => context.signal.addEventListener("abort", resolve)),
          ]);
          return { tag: p["tag"] };
        },
      },
    },
  });
  const served = await serveUnix(server);
  state.address = served.address;
  state.client = served.client;
  cleanups.push(served.close);
  return state;
}

describe("closeOnSignals", () => {
  it("lets in-flight calls finish, refuses new connections and calls, then reports", async () => {
    const s = await start();
    const listenersBefore = process.listenerCount(SIGNAL);
    const closed = new Promise<string>((resolve) => {
      closeOnSignals(s.server, { signals: [SIGNAL, "SIGUSR1"], timeoutMs: 60_000, onClosed: resolve });
    });
    expect(process.listenerCount(SIGNAL)).toBe(listenersBefore + 1);
    const inFlight = s.client.call("org.example.shutdown.Wait", { tag: "a" });
    await vi.waitFor(() => expect(s.started).toEqual(["a"]));
    process.emit(SIGNAL, SIGNAL);
    // Listeners go on the first signal: a second one gets Node's default.
    expect(process.listenerCount(SIGNAL)).toBe(listenersBefore);
    expect(process.listenerCount("SIGUSR1")).toBe(0);
    await expect(VarlinkClient.connect(s.address)).rejects.toBeInstanceOf(ConnectionError);
    // A call sent on the open connection after shutdown began is not read: it is never run.
    const late = s.client.call("org.example.shutdown.Wait", { tag: "late" }).catch((e: unknown) => e);
    s.open();
    expect(await inFlight).toEqual({ tag: "a" });
    expect(await late).toBeInstanceOf(ConnectionError);
    expect(await closed).toBe(SIGNAL);
    expect(s.started).toEqual(["a"]);
  });

  it("closes by force at the deadline: handlers' signals abort", async () => {
    const s = await start();
    const closed = new Promise<string>((resolve) => {
      closeOnSignals(s.server, { signals: [SIGNAL], timeoutMs: 50, onClosed: resolve });
    });
    const hung = s.client.call("org.example.shutdown.Wait", { tag: "hung" }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(s.started).toEqual(["hung"]));
    process.emit(SIGNAL, SIGNAL);
    expect(await closed).toBe(SIGNAL);
    expect(await hung).toBeInstanceOf(ConnectionError);
    expect(s.aborted).toBe(1);
  });

  it("removes its listeners when disposed", async () => {
    const s = await start();
    const before = process.listenerCount("SIGTERM");
    const dispose = closeOnSignals(s.server);
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    dispose();
    expect(process.listenerCount("SIGTERM")).toBe(before);
    expect(s.server.connectionCount).toBe(1);
  });
});
