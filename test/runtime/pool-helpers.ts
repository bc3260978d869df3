/** A server over a real socket whose slow method the test releases, for pool and service-client tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { VarlinkServer } from "../../packages/runtime/src/server/server.js";
import { deferred, serverInfo } from "./helpers.js";

/** A test server: `Slow` blocks until `release()`, `Echo` answers its parameters at once. */
export interface GateServer {
  readonly server: VarlinkServer;
  /** The bound address (unix path or tcp port resolved). */
  address: string;
  /** Resolves once `n` calls of `Slow` (counted over restarts) have been entered. */
  slowEntered(n?: number): Promise<void>;
  /** Lets every blocked `Slow` answer. */
  release(): void;
  /** Calls `Echo` handled so far. */
  echoes: number;
  /** The extension members of the last call, as the server saw them. */
  lastExtensions: Readonly<Record<string, unknown>> | undefined;
  /** Stops listening and closes every connection now. */
  stop(): Promise<void>;
  /** Listens again on the same address (a restarted service). */
  restart(): Promise<void>;
}

/** A fresh unix socket path in a temporary directory (removed by `cleanup`). */
export function unixAddress(): { address: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "vlc-pool-"));
  return { address: `unix:${join(dir, "s")}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts a gate server on `address` (`tcp:127.0.0.1:0` gets a free port). */
export async function gateServer(address: string): Promise<GateServer> {
  let gate = deferred();
  let slow = 0;
  let waiters: { n: number; resolve: () => void }[] = [];
  const make = (): VarlinkServer => {
    const server = new VarlinkServer(serverInfo);
    server.addInterface({
      name: "org.example.gate",
      description: "interface org.example.gate\n",
      methods: {
        Slow: {
          handler: async () => {
            slow++;
            waiters = waiters.filter((w) => (w.n <= slow ? (w.resolve(), false) : true));
            await gate.promise;
            return { slow: true };
          },
        },
        Echo: {
          handler: (p, context) => {
            state.echoes++;
            state.lastExtensions = context.extensions;
            return p;
          },
        },
        Count: {
          more: "supports",
          handler: async function* (p, context) {
            state.lastExtensions = context.extensions;
            for (let i = 0; i < Number(p["n"]); i++) yield { i };
          },
        },
        Note: {
          handler: (_p, context) => {
            state.lastExtensions = context.extensions;
            return {};
          },
        },
      },
    });
    return server;
  };
  const state: GateServer = {
    server: make(),
    address,
    echoes: 0,
    lastExtensions: undefined,
    slowEntered: (n = 1) =>
      n <= slow ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
    release: () => {
      gate.resolve();
      gate = deferred();
    },
    stop: async () => {
      await state.server.close({ timeoutMs: 0 });
    },
    restart: async () => {
      (state as { server: VarlinkServer }).server = make();
      await state.server.listen(state.address);
    },
  };
  const listener = await state.server.listen(address);
  state.address = listener.address;
  return state;
}

/**
 * Registers an `afterEach` that runs the functions given to `defer` (last first), and returns
 * `defer` plus a gate server on a fresh unix socket, released and stopped after the test.
 */
export function perTest(): {
  defer: (cleanup: () => Promise<void> | void) => void;
  unixGate: () => Promise<GateServer>;
} {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const defer = (cleanup: () => Promise<void> | void): void => void cleanups.push(cleanup);
  const unixGate = async (): Promise<GateServer> => {
    const { address, cleanup } = unixAddress();
    defer(cleanup);
    const gate = await gateServer(address);
    defer(async () => {
      gate.release();
      await gate.stop();
    });
    return gate;
  };
  return { defer, unixGate };
}
