/**
 * The retry interceptor: repeats a call that failed transiently, with exponential backoff and
 * full jitter, at most `maxAttempts` times, within a retry budget shared by every call through
 * the interceptor. Only what is safe to repeat is repeated (see {@link isTransient}); `oneway`
 * calls never (nothing says whether they arrived), `more` streams only until their first reply.
 */
import { type BackoffOptions, backoffDelay } from "../backoff.js";
import type { ClientInterceptor, ClientRequest, ClientResponse, Invoke } from "../interceptor.js";
import { ClientErrors, ConnectionError, VarlinkError } from "../../errors.js";
import { AuthenticationError } from "../token.js";
import { RetryBudget, type RetryBudgetOptions } from "./retry-budget.js";

/** Options of {@link retryInterceptor}. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 3; 1 disables retries). */
  readonly maxAttempts?: number;
  /** Delay ceilings: retry n waits uniformly in [0, min(maxMs, baseMs·2ⁿ)] (defaults 100 ms, 10 s). */
  readonly backoff?: BackoffOptions;
  /** Bounds retries to a share of the calls (defaults: ratio 0.2, minPerSecond 10, over 10 s). */
  readonly budget?: RetryBudgetOptions;
  /**
   * Methods (fully qualified) safe to repeat besides those the request marks `idempotent`
   * (generated clients mark methods annotated `# [Idempotent]`).
   */
  readonly methods?: readonly string[];
  /**
   * Varlink error names that are retried for any method (`VarlinkError.error`): a service's own
   * "try again" errors, or a `ClientErrors` name such as `ClientErrors.CircuitOpen` (which
   * matches this client's own failure only, never an error reply carrying that name).
   */
  readonly retryOn?: readonly string[];
  /** Source of jitter in [0, 1) (default `Math.random`); injectable for tests. */
  readonly random?: () => number;
  /** The budget's clock in ms (default `Date.now`); injectable for tests. */
  readonly now?: () => number;
}

/**
 * Is `error` a transient failure that another attempt may not have, for a call that is
 * (`idempotent`) or is not safe to repeat?
 * - connection refused or lost before the call was written (`written: false`): any method;
 * - connection lost after it was written: only idempotent methods (the server may have acted);
 * - timeout: only idempotent methods (the server may still act on the first attempt), except a
 *   call that timed out waiting for a connect that did not complete (never written; its cause
 *   a `ConnectionError`): any method, as for a refused connection;
 * - anything else (error replies, fail-fast errors of the client, abort reasons, bugs, an
 *   error marked `transient: false`, a refused token also when a pool's connect error wraps
 *   it): no.
 * @internal
 */
export function isTransient(error: unknown, idempotent: boolean): boolean {
  if (!(error instanceof VarlinkError) || !error.transient || refusedToken(error)) return false;
  switch (error.kind) {
    case "connection":
      return idempotent || !error.written;
    case "timeout":
      return idempotent || (!error.written && error.cause instanceof ConnectionError);
    default:
      return false;
  }
}

/** Is `error` a refused token ({@link AuthenticationError}), or caused by one? Another attempt would be refused too. */
function refusedToken(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof AuthenticationError) return true;
  }
  return false;
}

/** The names of this client's own failures (`ClientErrors`): listed, they match local failures only. */
const LOCAL_NAMES: ReadonlySet<string> = new Set(Object.values(ClientErrors));

/**
 * Does `retryOn` list `error`? A `ClientErrors` name stands for this client's own failure, so an
 * error reply that happens to carry one (a service is free to name its errors so, or to relay
 * one) is not it: it is a remote error, and matches only when listed under a name of its own.
 */
function listedIn(retryOn: ReadonlySet<string>, error: unknown): boolean {
  if (!(error instanceof VarlinkError) || !retryOn.has(error.error)) return false;
  return error.kind !== "remote" || !LOCAL_NAMES.has(error.error);
}

/**
 * A {@link ClientInterceptor} that retries transient failures. Each attempt is a fresh call down
 * the chain (a service client picks the endpoint again) with the caller's `timeoutMs` applying
 * per attempt; the caller's `signal` stops retrying at once, also during a backoff wait, and the
 * call rejects with the signal's reason. When attempts or budget run out, the last error is
 * thrown as it was.
 */
export function retryInterceptor(options: RetryOptions = {}): ClientInterceptor {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
  const budget = new RetryBudget(options.budget, options.now);
  const methods = new Set(options.methods);
  const retryOn = new Set(options.retryOn);
  const random = options.random ?? Math.random;

  /** Resolves after the backoff of retry `retry` if `error` may be retried; else throws `error`. */
  const beforeRetry = async (error: unknown, retry: number, request: ClientRequest): Promise<void> => {
    const signal = request.signal;
    if (signal?.aborted === true) throw error;
    const idempotent = request.idempotent || methods.has(request.method);
    if (!listedIn(retryOn, error) && !isTransient(error, idempotent)) throw error;
    if (retry + 1 >= maxAttempts || !budget.withdraw()) throw error;
    await sleep(backoffDelay(retry, options.backoff, random), signal);
  };

  return (next: Invoke) =>
    async (request: ClientRequest): Promise<ClientResponse> => {
      if (request.kind === "oneway" || maxAttempts === 1) return next(request);
      budget.deposit();
      for (let retry = 0; ; retry++) {
        try {
          const response = await next(request);
          if (response.kind !== "more") return response;
          return {
            ...response,
            replies: retryingReplies(response.replies, retry, next, request, beforeRetry),
          };
        } catch (error) {
          await beforeRetry(error, retry, request);
        }
      }
    };
}

/**
 * The replies of a `more` call, attempted again when the stream fails before its first reply
 * (calls go out when iteration starts, so that is where their errors surface). Once a reply was
 * yielded, an error ends the stream: the caller has acted on part of the answer.
 */
async function* retryingReplies(
  first: AsyncIterable<Record<string, unknown>>,
  firstRetry: number,
  next: Invoke,
  request: ClientRequest,
  beforeRetry: (error: unknown, retry: number, request: ClientRequest) => Promise<void>,
): AsyncGenerator<Record<string, unknown>, void, undefined> {
  let replies: AsyncIterable<Record<string, unknown>> | undefined = first;
  for (let retry = firstRetry; ; retry++) {
    let yielded = false;
    try {
      replies ??= repliesOf(await next(request));
      for await (const reply of replies) {
        yielded = true;
        yield reply;
      }
      return;
    } catch (error) {
      if (yielded) throw error;
      await beforeRetry(error, retry, request);
      replies = undefined;
    }
  }
}

function repliesOf(response: ClientResponse): AsyncIterable<Record<string, unknown>> {
  if (response.kind !== "more") throw new TypeError(`a more call was answered as ${response.kind}`);
  return response.replies;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
