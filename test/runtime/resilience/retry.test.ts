/**
 * retryInterceptor with fake timers and a scripted `Invoke`: which failures are retried for which
 * methods, attempt counts, every backoff delay within [0, min(max, base·2ⁿ)], the retry budget,
 * abort (also during the backoff wait), and `more` streams (retried only before a first reply).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type {
  ClientRequest,
  ClientResponse,
  Invoke,
} from "../../../packages/runtime/src/client/interceptor.js";
import {
  retryInterceptor,
  type RetryOptions,
} from "../../../packages/runtime/src/client/resilience/retry.js";
import {
  CircuitOpenError,
  ClientErrors,
  ConnectionError,
  TimeoutError,
  VarlinkError,
} from "../../../packages/runtime/src/errors.js";
import { clientRequest } from "./request.js";
import { AuthenticationError } from "../../../packages/runtime/src/client/token.js";
import { AuthErrors } from "../../../packages/runtime/src/wire/auth-interface.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** What one attempt does: fail with an error, answer, or (more) yield replies and maybe fail. */
type Outcome = Error | "ok" | { replies: number[]; thenFail?: Error };

/** An Invoke playing `script` attempt by attempt (the last entry repeats), logging attempt times. */
function scripted(script: Outcome[]): { invoke: Invoke; times: number[] } {
  const times: number[] = [];
  const invoke: Invoke = async (request) => {
    const outcome = script[Math.min(times.length, script.length - 1)]!;
    times.push(Date.now());
    if (request.kind === "more") return { kind: "more", replies: stream(outcome), peer: "test" };
    if (outcome instanceof Error) throw outcome;
    if (request.kind === "oneway") return { kind: "oneway", peer: "test" };
    return { kind: "call", parameters: { ok: true }, peer: "test" };
  };
  return { invoke, times };
}

async function* stream(outcome: Outcome): AsyncGenerator<Record<string, unknown>> {
  await Promise.resolve();
  if (outcome instanceof Error) throw outcome;
  if (outcome === "ok") return yield { n: 0 };
  for (const n of outcome.replies) yield { n };
  if (outcome.thenFail !== undefined) throw outcome.thenFail;
}

const request = clientRequest;

/** Runs one request through the interceptor to its end (timers run), returning the outcome. */
async function run(
  options: RetryOptions,
  script: Outcome[],
  req: ClientRequest = request(),
): Promise<{ attempts: number; times: number[]; result: ClientResponse | undefined; error: unknown }> {
  const { invoke, times } = scripted(script);
  const settled = retryInterceptor(options)(invoke)(req).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error }),
  );
  await vi.runAllTimersAsync();
  return { ...(await settled), attempts: times.length, times };
}

const lostBefore = (): ConnectionError => new ConnectionError("refused", { written: false });
const refusedToken = (): AuthenticationError =>
  new AuthenticationError("tcp:127.0.0.1:1", new VarlinkError(AuthErrors.AuthenticationFailed));
const lostAfter = (): ConnectionError => new ConnectionError("lost after write", { written: true });

describe("what is retried (default 3 attempts)", () => {
  const busy = "org.example.test.Busy";
  it.each([
    ["connection refused before writing, any method", lostBefore(), {}, {}, 3],
    ["connection lost after writing, not idempotent", lostAfter(), {}, {}, 1],
    ["connection lost after writing, idempotent", lostAfter(), { idempotent: true }, {}, 3],
    [
      "connection lost after writing, listed in methods",
      lostAfter(),
      {},
      { methods: ["org.example.test.Get"] },
      3,
    ],
    [
      "connection lost after writing, another method listed",
      lostAfter(),
      {},
      { methods: ["org.example.test.Set"] },
      1,
    ],
    ["timeout, not idempotent", new TimeoutError("late"), {}, {}, 1],
    ["timeout, idempotent", new TimeoutError("late"), { idempotent: true }, {}, 3],
    [
      "timeout waiting for a connect that did not complete, not idempotent",
      new TimeoutError("connecting", { written: false, cause: lostBefore() }),
      {},
      {},
      3,
    ],
    [
      "timeout waiting for a busy connection, not idempotent",
      new TimeoutError("queued", { written: false }),
      {},
      {},
      1,
    ],
    ["a refused token (AuthenticationError)", refusedToken(), { idempotent: true }, {}, 1],
    [
      "a pool's connect error caused by a refused token",
      new ConnectionError("cannot connect", { written: false, cause: refusedToken() }),
      {},
      {},
      1,
    ],
    [
      "a connection failure marked transient: false",
      new VarlinkError(ClientErrors.Connection, {}, { kind: "connection", written: false, transient: false }),
      {},
      {},
      1,
    ],
    ["an error reply", new VarlinkError(busy), { idempotent: true }, {}, 1],
    ["an error reply named in retryOn", new VarlinkError(busy), {}, { retryOn: [busy] }, 3],
    ["circuit open (fail fast)", new CircuitOpenError("open"), { idempotent: true }, {}, 1],
    [
      "circuit open named in retryOn",
      new CircuitOpenError("open"),
      {},
      { retryOn: [ClientErrors.CircuitOpen] },
      3,
    ],
    [
      "an error reply named like a local failure (circuit open), retryOn lists it",
      new VarlinkError(ClientErrors.CircuitOpen),
      {},
      { retryOn: [ClientErrors.CircuitOpen] },
      1,
    ],
    [
      "an error reply named like a local failure (timeout), retryOn lists it",
      new VarlinkError(ClientErrors.Timeout),
      {},
      { retryOn: [ClientErrors.Timeout] },
      1,
    ],
    [
      "a local timeout, retryOn lists it (not idempotent)",
      new TimeoutError("late"),
      {},
      { retryOn: [ClientErrors.Timeout] },
      3,
    ],
    ["not a VarlinkError (a bug, an abort reason)", new TypeError("bug"), { idempotent: true }, {}, 1],
    ["oneway, refused before writing", lostBefore(), { kind: "oneway", idempotent: true }, {}, 1],
    ["maxAttempts 5", lostBefore(), {}, { maxAttempts: 5 }, 5],
    ["maxAttempts 1", lostBefore(), {}, { maxAttempts: 1 }, 1],
  ] as const)("%s: %i attempts", async (_name, error, req, options, attempts) => {
    const outcome = await run(options, [error], request(req as Partial<ClientRequest>));
    expect(outcome.attempts).toBe(attempts);
    expect(outcome.error).toBe(error); // the last error, as it was
  });

  it("stops at the first success", async () => {
    const outcome = await run({}, [lostBefore(), "ok"]);
    expect(outcome).toMatchObject({
      attempts: 2,
      error: undefined,
      result: { kind: "call", parameters: { ok: true } },
    });
  });
});

describe("backoff", () => {
  it("waits floor(random·min(max, base·2ⁿ)) before retry n, never more", async () => {
    const randoms = [0.999, 0.5, 0.9999, 0.1, 0.75, 0.999999];
    let i = 0;
    const backoff = { baseMs: 100, maxMs: 1000 };
    const outcome = await run({ maxAttempts: 7, backoff, random: () => randoms[i++]! }, [lostBefore()]);
    expect(outcome.attempts).toBe(7);
    const gaps = outcome.times.slice(1).map((t, n) => t - outcome.times[n]!);
    gaps.forEach((gap, n) => {
      const ceiling = Math.min(1000, 100 * 2 ** n);
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThanOrEqual(ceiling);
    });
    expect(gaps).toEqual([99, 100, 399, 80, 750, 999]);
  });

  it("defaults to base 100 ms (first retry within [0, 100])", async () => {
    const outcome = await run({ maxAttempts: 2, random: () => 0.999 }, [lostBefore()]);
    expect(outcome.times[1]! - outcome.times[0]!).toBe(99);
  });
});

describe("retry budget", () => {
  it("a whole service down: 100 failing calls make 120 attempts, not 300 (ratio 0.2)", async () => {
    const { invoke, times } = scripted([lostBefore()]);
    const call = retryInterceptor({ budget: { ratio: 0.2, minPerSecond: 0 }, random: () => 0 })(invoke);
    const all = Promise.allSettled(Array.from({ length: 100 }, () => call(request())));
    await vi.runAllTimersAsync();
    const results = await all;
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(times.length).toBe(120);
  });

  it("the floor (minPerSecond over the 10 s window) lets a quiet client retry, and refills", async () => {
    const { invoke, times } = scripted([lostBefore()]);
    // 0.1 per second = 1 retry per 10 s window, whatever the call count.
    const call = retryInterceptor({ budget: { ratio: 0, minPerSecond: 0.1 }, random: () => 0 })(invoke);
    const attempts = async (): Promise<number> => {
      const before = times.length;
      const settled = call(request()).catch(() => {});
      await vi.runAllTimersAsync();
      await settled;
      return times.length - before;
    };
    expect(await attempts()).toBe(2); // one retry, then the budget is spent
    expect(await attempts()).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(await attempts()).toBe(2); // the window moved on
  });

  it("successful calls earn retries for later failures", async () => {
    const { invoke, times } = scripted(["ok", "ok", "ok", "ok", lostBefore()]);
    const call = retryInterceptor({
      maxAttempts: 10,
      budget: { ratio: 0.5, minPerSecond: 0 },
      random: () => 0,
    })(invoke);
    for (let i = 0; i < 4; i++) await call(request());
    const failing = call(request()).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await failing).toBeInstanceOf(ConnectionError);
    // 5 calls × 0.5 = 2.5 retries: 2 taken.
    expect(times.length).toBe(4 + 3);
  });
});

describe("abort", () => {
  it("an abort during the backoff wait rejects at once with its reason and stops retrying", async () => {
    const controller = new AbortController();
    const { invoke, times } = scripted([lostBefore()]);
    const call = retryInterceptor({ maxAttempts: 10, backoff: { baseMs: 60_000 }, random: () => 0.99 })(
      invoke,
    );
    const settled = call(request({ signal: controller.signal })).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(times.length).toBe(1);
    expect(vi.getTimerCount()).toBe(1); // the backoff wait
    const reason = new Error("caller gave up");
    controller.abort(reason);
    expect(await settled).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    await vi.runAllTimersAsync();
    expect(times.length).toBe(1);
  });

  it("a call whose signal is already aborted is not retried", async () => {
    const controller = new AbortController();
    controller.abort(new Error("gone"));
    const outcome = await run({}, [lostBefore()], request({ signal: controller.signal }));
    expect(outcome.attempts).toBe(1);
    expect(outcome.error).toBeInstanceOf(ConnectionError);
  });
});

describe("more streams", () => {
  async function drain(
    response: ClientResponse | undefined,
  ): Promise<{ replies: unknown[]; error: unknown }> {
    const replies: unknown[] = [];
    if (response?.kind !== "more") throw new Error("expected a more response");
    const done = (async () => {
      for await (const reply of response.replies) replies.push(reply);
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    await vi.runAllTimersAsync();
    return { replies, error: await done };
  }

  it("a failure before the first reply is retried", async () => {
    const { invoke, times } = scripted([lostBefore(), { replies: [1, 2, 3] }]);
    const response = await retryInterceptor({ random: () => 0 })(invoke)(request({ kind: "more" }));
    const { replies, error } = await drain(response);
    expect(error).toBeUndefined();
    expect(replies).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(times.length).toBe(2);
  });

  it("a failure after a reply was yielded is never retried, even for an idempotent method", async () => {
    const lost = lostAfter();
    const { invoke, times } = scripted([{ replies: [1], thenFail: lost }, { replies: [1, 2] }]);
    const response = await retryInterceptor({ random: () => 0 })(invoke)(
      request({ kind: "more", idempotent: true }),
    );
    const { replies, error } = await drain(response);
    expect(error).toBe(lost);
    expect(replies).toEqual([{ n: 1 }]);
    expect(times.length).toBe(1);
  });

  it("gives up after maxAttempts failures before any reply", async () => {
    const { invoke, times } = scripted([lostBefore()]);
    const response = await retryInterceptor({ maxAttempts: 4, random: () => 0 })(invoke)(
      request({ kind: "more" }),
    );
    const { error } = await drain(response);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(times.length).toBe(4);
  });

  it("leaving the loop early closes the inner stream", async () => {
    let closed = false;
    const invoke: Invoke = async () => ({
      kind: "more",
      peer: "test",
      replies: (async function* () {
        try {
          yield { n: 1 };
          yield { n: 2 };
        } finally {
          closed = true;
        }
      })(),
    });
    const response = await retryInterceptor()(invoke)(request({ kind: "more" }));
    if (response.kind !== "more") throw new Error("expected more");
    for await (const reply of response.replies) {
      expect(reply).toEqual({ n: 1 });
      break;
    }
    expect(closed).toBe(true);
  });
});
