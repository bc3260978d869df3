/**
 * Issue 15, logs: records of a real pino instance (an in-memory destination) from a server and
 * a client talking over a unix socket: one per call with method, outcome, duration, connection
 * and peer; levels by outcome; parameters only for the methods opted in; a handler's exception
 * as an error record with its stack.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ClientErrors,
  ServiceClient,
  VarlinkClient,
  VarlinkError,
  VarlinkServer,
  type ServerListener,
} from "../../packages/runtime/src/index.js";

/** A pino logger writing to memory; `records` are the parsed lines. */
function memoryLogger(): { logger: pino.Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line !== "") records.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: "debug" }, destination), records };
}

const DEBUG = 20;
const INFO = 30;
const WARN = 40;
const ERROR = 50;

/** Holds `Gate` calls until `waiting` of them are in (two calls in flight at once, no sleep). */
const gate = {
  waiting: 0,
  held: [] as (() => void)[],
  pass(): Promise<object> {
    return new Promise((resolve) => {
      this.held.push(() => resolve({}));
      if (this.held.length === this.waiting) for (const release of this.held.splice(0)) release();
    });
  },
};

const serverLog = memoryLogger();
const clientLog = memoryLogger();
let dir: string;
let server: VarlinkServer;
let listener: ServerListener;
let client: VarlinkClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vlc-logs-"));
  server = new VarlinkServer({
    vendor: "test",
    product: "logs",
    version: "1",
    url: "https://example.org",
    logger: serverLog.logger,
    logging: { logParameters: ["org.example.logs.Echo"] },
  });
  server.addInterface({
    name: "org.example.logs",
    description: "interface org.example.logs",
    methods: {
      Echo: { handler: (p) => ({ said: p["say"] }) },
      Secret: { handler: () => ({}) },
      Missing: {
        handler: () => {
          throw new VarlinkError("org.example.logs.NotFound", { id: 7 });
        },
      },
      Crash: {
        handler: () => {
          throw new Error("boom in the handler");
        },
      },
      Finish: {
        more: "supports",
        streamEnd: "return",
        handler: async function* () {
          yield { i: 1 };
          yield { i: 2 };
          return { i: 3 };
        },
      },
      Gate: { handler: () => gate.pass() },
      Count: {
        more: "supports",
        handler: async function* () {
          yield { i: 1 };
          yield { i: 2 };
          yield { i: 3 };
        },
      },
    },
  });
  listener = await server.listen(`unix:${join(dir, "logs.sock")}`);
  client = await VarlinkClient.connect(listener.address, {
    logger: clientLog.logger,
    logging: { logParameters: ["org.example.logs.Echo"], okLevel: "info" },
  });
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  serverLog.records.length = 0;
  clientLog.records.length = 0;
});

const calls = (records: Record<string, unknown>[]) => records.filter((r) => r["msg"] === "varlink call");

/** Makes one call (errors expected) and returns the server's and the client's call record. */
async function oneCall(
  run: () => Promise<unknown>,
): Promise<[Record<string, unknown>, Record<string, unknown>]> {
  await run().catch((error: unknown) => {
    if (!(error instanceof VarlinkError)) throw error;
  });
  const [server, ...moreServer] = calls(serverLog.records);
  const [client, ...moreClient] = calls(clientLog.records);
  expect([moreServer, moreClient]).toEqual([[], []]);
  return [server as Record<string, unknown>, client as Record<string, unknown>];
}

describe("one record per call", () => {
  it.each([
    ["Echo", { say: "hi" }, "ok", DEBUG, INFO],
    ["Secret", { password: "hunter2" }, "ok", DEBUG, INFO],
    ["Missing", undefined, "org.example.logs.NotFound", INFO, INFO],
    ["Crash", undefined, "org.varlink.service.InternalError", ERROR, ERROR],
  ] as const)("%s", async (name, parameters, outcome, serverLevel, clientLevel) => {
    const method = `org.example.logs.${name}`;
    const [s, c] = await oneCall(() => client.call(method, parameters));
    expect(s).toMatchObject({ side: "server", method, outcome, level: serverLevel });
    expect(s["connectionId"]).toEqual(expect.any(Number));
    expect(s["durationMs"]).toEqual(expect.any(Number));
    expect(s["peer"]).toEqual({ listener: listener.address });
    expect(c).toMatchObject({
      side: "client",
      method,
      outcome,
      level: clientLevel,
      target: listener.address,
    });
    if (outcome === "ok") expect(c["peer"]).toBe(listener.address);
    // Parameters only where opted in: Echo's are logged, the password never is.
    const logged = name === "Echo" ? parameters : undefined;
    expect([s["parameters"], c["parameters"]]).toEqual([logged, logged]);
    expect(JSON.stringify([serverLog.records, clientLog.records])).not.toContain("hunter2");
  });

  it("a more stream is one record with its reply count", async () => {
    const [s, c] = await oneCall(async () => {
      for await (const _ of client.callMore("org.example.logs.Count")) void _;
    });
    expect(s).toMatchObject({ method: "org.example.logs.Count", outcome: "ok", replies: 3 });
    expect(c).toMatchObject({ method: "org.example.logs.Count", outcome: "ok", replies: 3 });
  });

  it("a stream whose return value is its final reply keeps it (the logger only watches)", async () => {
    const got: unknown[] = [];
    const [s] = await oneCall(async () => {
      for await (const reply of client.callMore("org.example.logs.Finish")) got.push(reply);
    });
    expect(got).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }]);
    expect(s).toMatchObject({ outcome: "ok", replies: 3 });
  });

  it("calls of one connection share its id; another connection has another", async () => {
    await client.call("org.example.logs.Secret");
    const other = await VarlinkClient.connect(listener.address);
    await other.call("org.example.logs.Secret");
    await client.call("org.example.logs.Secret");
    await other.close();
    const ids = calls(serverLog.records).map((r) => r["connectionId"]);
    expect(ids[0]).toBe(ids[2]);
    expect(ids[1]).not.toBe(ids[0]);
  });
});

describe("client records name the connection that served the call", () => {
  it("a single-connection client: its connectionId", async () => {
    const [, c] = await oneCall(() => client.call("org.example.logs.Secret"));
    expect(c["connectionId"]).toEqual(expect.any(Number));
    expect(c["connectionId"]).toBe(client.connectionId);
    serverLog.records.length = 0;
    clientLog.records.length = 0;
    const [, stream] = await oneCall(async () => {
      for await (const _ of client.callMore("org.example.logs.Count")) void _;
    });
    expect(stream["connectionId"]).toBe(client.connectionId);
  });

  it("a service client: the pooled connection of each call (two at once: two connections)", async () => {
    const log = memoryLogger();
    const opened: number[] = [];
    const service = new ServiceClient(listener.address, {
      logger: log.logger,
      logging: { okLevel: "info" },
      observer: {
        opened: (id) => void opened.push(id),
        closed: () => {},
        bytesIn: () => {},
        bytesOut: () => {},
      },
    });
    gate.waiting = 2;
    await Promise.all([service.call("org.example.logs.Gate"), service.call("org.example.logs.Gate")]);
    for await (const _ of service.callMore("org.example.logs.Count")) void _;
    await service.close();
    const ids = calls(log.records).map((r) => r["connectionId"]);
    expect(ids).toHaveLength(3);
    expect(new Set(ids.slice(0, 2)).size).toBe(2);
    expect(opened).toHaveLength(2);
    for (const id of ids) expect(opened).toContain(id);
  });
});

describe("a retried call's record names only the connection of its last attempt", () => {
  it("no connectionId when the last attempt failed before a connection was picked", async () => {
    // A peer that reads the call and hangs up: attempt 1 is written on a connection and lost;
    // the breaker (threshold 1) is then open, so attempt 2 fails before any connection is picked.
    const hangUp = createServer((socket) => socket.once("data", () => socket.destroy()));
    const path = join(dir, "hang-up.sock");
    await new Promise<void>((resolve) => hangUp.listen(path, resolve));
    const log = memoryLogger();
    const service = new ServiceClient(`unix:${path}`, {
      logger: log.logger,
      retry: { maxAttempts: 2, methods: ["org.example.logs.Echo"], backoff: { baseMs: 1, maxMs: 1 } },
      breaker: { failureThreshold: 1, openMs: 600_000 },
    });
    await expect(service.call("org.example.logs.Echo")).rejects.toMatchObject({
      error: ClientErrors.CircuitOpen,
    });
    await service.close();
    await new Promise<void>((resolve) => hangUp.close(() => resolve()));
    const [record, ...rest] = calls(log.records);
    expect(rest).toEqual([]);
    expect(record).toMatchObject({ side: "client", outcome: ClientErrors.CircuitOpen });
    expect(record).not.toHaveProperty("connectionId");
  });
});

describe("handler exceptions", () => {
  it("go to the logger with their stack when no onError is given", async () => {
    await oneCall(() => client.call("org.example.logs.Crash"));
    const failure = serverLog.records.find((r) => r["msg"] === "varlink handler failed");
    expect(failure).toMatchObject({ level: ERROR, method: "org.example.logs.Crash" });
    const err = failure?.["err"] as { message: string; stack: string };
    expect(err.message).toBe("boom in the handler");
    expect(err.stack).toContain("logging.test.ts");
  });
});

describe("a service client logs each call once, around its retries", () => {
  it("an endpoint nobody listens on: one warn record, retries included", async () => {
    const log = memoryLogger();
    const service = new ServiceClient(`unix:${join(dir, "nobody.sock")}`, {
      logger: log.logger,
      retry: { maxAttempts: 3, backoff: { baseMs: 1, maxMs: 1 } },
    });
    await expect(service.call("org.example.logs.Echo")).rejects.toThrow(VarlinkError);
    await service.close();
    const [record, ...rest] = calls(log.records);
    expect(rest).toEqual([]);
    expect(record).toMatchObject({ side: "client", level: WARN, outcome: ClientErrors.Connection });
  });
});
