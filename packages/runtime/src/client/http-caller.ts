/**
 * UAPI.20 simple HTTP mode over `fetch` (browsers, Deno, Bun, Node 18+): a {@link VarlinkCaller},
 * not a byte channel, so generated clients work on it unchanged. One request per call:
 * `POST {base}/call/{method}` with the parameters as body; `more` asks for
 * `application/json-seq` and reads the records as they arrive; `oneway` adds `?oneway=true` and
 * expects 204. Errors come back as the Varlink error the body names. The mode has no `upgrade`
 * and no pipelining (the spec's limitations); use WebSocket mode for those. Vendor extensions
 * cannot be sent (a `TypeError`) and `onReply` is not called: HTTP carries only parameters.
 * @internal
 */
import type { VarlinkCaller } from "./caller.js";
import type { CallOptions } from "./client.js";
import { JsonSeqReader } from "./json-seq.js";
import { ConnectionError, TimeoutError, VarlinkError } from "../errors.js";
import { parseJson, stringifyJson } from "../wire/json.js";
import { errorFromReply } from "../wire/reply-error.js";

/** The part of `fetch` this caller uses (inject one for tests or a custom agent). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Options of an {@link HttpCaller}. */
export interface HttpCallerOptions {
  /** Default `globalThis.fetch`. */
  readonly fetch?: Fetch;
  /** Headers sent with every request (e.g. `Authorization: Bearer …` for a bridge that wants one). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The service to call (`?service=`); default: derived from the method's interface by the bridge. */
  readonly service?: string;
  /** Parse integers beyond 2^53 exactly, as bigint (like `ClientOptions.exactIntegers`). */
  readonly exactIntegers?: boolean;
  /** `fetch`'s `credentials` (default `"same-origin"`): `"include"` sends cookies cross-origin. */
  readonly credentials?: "omit" | "same-origin" | "include";
  /** Largest json-seq record accepted (default 16 MiB); a longer one is a `ConnectionError`. */
  readonly maxMessageSize?: number;
}

/** The body of an HTTP error: a Varlink error, or the bridge's own `{message}`. */
interface ErrorBody {
  readonly error?: unknown;
  readonly parameters?: unknown;
  readonly message?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A Varlink caller for a base URL of the HTTP transport, e.g. `https://host/varlink`:
 * `new UserClient(new HttpCaller("https://host/varlink"))`. `close()` aborts the requests in
 * flight; later calls fail with `ConnectionError`.
 */
export class HttpCaller implements VarlinkCaller {
  /** The base URL, without a trailing slash. */
  readonly base: string;
  readonly #options: HttpCallerOptions;
  readonly #fetch: Fetch;
  readonly #closing = new AbortController();
  #outstanding = 0;
  /** Resolves `drain()` once the last request in flight is done. */
  #idle: (() => void) | undefined;

  constructor(base: string, options: HttpCallerOptions = {}) {
    if (!/^https?:\/\//i.test(base))
      throw new TypeError(`HttpCaller needs an http:// or https:// base URL, got '${base}'`);
    this.base = base.replace(/\/+$/, "");
    this.#options = options;
    if (options.fetch === undefined && typeof globalThis.fetch !== "function")
      throw new TypeError("HttpCaller: this platform has no fetch");
    // Called as a plain function: a browser's fetch throws "Illegal invocation" as a method of another object.
    this.#fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  }

  /** See `VarlinkCaller.call`. */
  async call(method: string, parameters?: object, options?: CallOptions): Promise<Record<string, unknown>> {
    const { response, done } = await this.#request(method, parameters, options, "application/json");
    try {
      const body = await this.#json(response, method);
      if (!response.ok) throw this.#error(method, response, body);
      if (!isObject(body)) throw new ConnectionError(`${this.#url(method)}: the reply is not a JSON object`);
      return body;
    } catch (error) {
      throw done(error);
    } finally {
      done();
    }
  }

  /** See `VarlinkCaller.callMore`: the replies are read from the json-seq body as they arrive. */
  callMore(
    method: string,
    parameters?: object,
    options?: CallOptions,
  ): AsyncIterable<Record<string, unknown>> {
    return this.#stream(method, parameters, options);
  }

  /** See `VarlinkCaller.callOneway`: resolves on the bridge's 204. */
  async callOneway(method: string, parameters?: object, options?: CallOptions): Promise<void> {
    const { response, done } = await this.#request(method, parameters, options, "application/json", true);
    try {
      if (response.status === 204 || response.ok) {
        await response.body?.cancel();
        return;
      }
      throw this.#error(method, response, await this.#json(response, method));
    } catch (error) {
      throw done(error);
    } finally {
      done();
    }
  }

  /** Requests in flight (what a balancer weighs, like `ConnectionPool.outstanding`). */
  get outstanding(): number {
    return this.#outstanding;
  }

  /** Nothing to open ahead: every call is its own request (`ConnectionPool.warm`'s place). */
  warm(): Promise<void> {
    return this.#closing.signal.aborted ? Promise.reject(this.#closing.signal.reason) : Promise.resolve();
  }

  /** Lets the requests in flight finish, then closes (`ConnectionPool.drain`'s place). */
  async drain(): Promise<void> {
    if (this.#outstanding > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
    await this.close();
  }

  /** Aborts every request in flight; later calls fail with `ConnectionError`. */
  close(): Promise<void> {
    this.#closing.abort(new ConnectionError(`${this.base}: client closed`));
    return Promise.resolve();
  }

  async *#stream(
    method: string,
    parameters: object | undefined,
    options: CallOptions | undefined,
  ): AsyncGenerator<Record<string, unknown>> {
    const { response, done } = await this.#request(method, parameters, options, "application/json-seq");
    try {
      const type = response.headers.get("content-type") ?? "";
      if (!response.ok || !type.includes("json-seq")) {
        const body = await this.#json(response, method);
        if (!response.ok) throw this.#error(method, response, body);
        // A server answering plain JSON to a json-seq request: one reply.
        if (isObject(body)) yield body;
        return;
      }
      const reader = new JsonSeqReader(
        (text) => parseJson(text, this.#options.exactIntegers === true),
        this.#options.maxMessageSize,
      );
      const body = response.body;
      if (body === null) return;
      const chunks = body.getReader();
      try {
        for (;;) {
          const { value, done: ended } = await chunks.read();
          const records = ended ? reader.end() : reader.push(value);
          for (const record of records) yield this.#record(method, record);
          if (ended) return;
        }
      } finally {
        chunks.releaseLock();
        await body.cancel().catch(() => {});
      }
    } catch (error) {
      throw done(error);
    } finally {
      done();
    }
  }

  /** One json-seq record: a reply, or the error that ends the sequence. */
  #record(method: string, record: unknown): Record<string, unknown> {
    if (!isObject(record))
      throw new ConnectionError(`${this.#url(method)}: a json-seq record is not a JSON object`);
    if (typeof record["error"] === "string") {
      // `{error, parameters}`: the service's error; `{error}` alone: the bridge lost the service.
      if ("parameters" in record) throw this.#varlinkError(method, record["error"], record["parameters"]);
      throw new ConnectionError(`${this.#url(method)}: ${record["error"]}`);
    }
    return record;
  }

  /**
   * Sends the request. `done(error?)` ends the call's timers and listeners, and (given the error
   * of an abort or timeout) returns the error to throw: the caller's signal reason, the
   * {@link TimeoutError}, or the close's `ConnectionError`.
   */
  async #request(
    method: string,
    parameters: object | undefined,
    options: CallOptions | undefined,
    accept: string,
    oneway = false,
  ): Promise<{ response: Response; done: (error?: unknown) => unknown }> {
    if (this.#closing.signal.aborted) throw this.#closing.signal.reason;
    const signal = options?.signal;
    signal?.throwIfAborted();
    if (options?.extensions !== undefined && Object.keys(options.extensions).length > 0)
      throw new TypeError(
        `${method}: vendor extensions cannot be sent in simple HTTP mode (use WebSocket mode)`,
      );
    const abort = new AbortController();
    let timedOut: TimeoutError | undefined;
    const onAbort = (): void => abort.abort(signal?.reason);
    const onClose = (): void => abort.abort(this.#closing.signal.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    this.#closing.signal.addEventListener("abort", onClose, { once: true });
    const timeoutMs = options?.timeoutMs;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = new TimeoutError(`${method}: no reply within ${timeoutMs} ms`);
            abort.abort(timedOut);
          }, timeoutMs);
    this.#outstanding++;
    let finished = false;
    const done = (error?: unknown): unknown => {
      if (!finished) {
        finished = true;
        if (--this.#outstanding === 0) this.#idle?.();
      }
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      this.#closing.signal.removeEventListener("abort", onClose);
      if (error === undefined) return undefined;
      if (abort.signal.aborted) return abort.signal.reason;
      return error;
    };
    const headers: Record<string, string> = {
      ...this.#options.headers,
      Accept: accept,
      "Content-Type": "application/json",
    };
    const url = this.#url(method, oneway);
    const body = parameters === undefined ? "{}" : (stringifyJson(parameters) ?? "{}");
    try {
      const response = await this.#fetch(url, {
        method: "POST",
        headers,
        body,
        signal: abort.signal,
        credentials: this.#options.credentials ?? "same-origin",
      });
      return { response, done };
    } catch (error) {
      const reason = done(error);
      if (reason !== error) throw reason;
      throw new ConnectionError(`${url}: ${(error as Error).message}`, { cause: error, written: false });
    }
  }

  #url(method: string, oneway = false): string {
    const query = new URLSearchParams();
    if (this.#options.service !== undefined) query.set("service", this.#options.service);
    if (oneway) query.set("oneway", "true");
    const search = query.size > 0 ? `?${query.toString()}` : "";
    return `${this.base}/call/${encodeURIComponent(method)}${search}`;
  }

  /** The body as JSON (undefined when it is empty or not JSON: the status still speaks). */
  async #json(response: Response, method: string): Promise<unknown> {
    const text = await response.text();
    if (text.trim() === "") return undefined;
    try {
      return parseJson(text, this.#options.exactIntegers === true);
    } catch (error) {
      if (!response.ok) return undefined;
      throw new ConnectionError(`${this.#url(method)}: the reply is not JSON`, { cause: error });
    }
  }

  /** The error of a non-2xx response: the Varlink error the body names, else the bridge's failure. */
  #error(method: string, response: Response, body: unknown): Error {
    const error = isObject(body) ? (body as ErrorBody) : {};
    if (typeof error.error === "string") return this.#varlinkError(method, error.error, error.parameters);
    const message = typeof error.message === "string" ? error.message : response.statusText;
    const text = `${this.#url(method)}: HTTP ${response.status}${message ? ` (${message})` : ""}`;
    // 502: the bridge could not reach the service, or lost it during the call.
    if (response.status === 502 || response.status === 503 || response.status === 504)
      return new ConnectionError(text);
    return new VarlinkError(HTTP_ERROR, { status: response.status, message }, { message: text });
  }

  #varlinkError(method: string, name: string, parameters: unknown): Error {
    return errorFromReply(method, name, isObject(parameters) ? parameters : {});
  }
}

/**
 * The error name of an HTTP failure whose body names no Varlink error (401, a 400 or 404 of the
 * bridge itself: bad request, unknown service); its parameters are `{status, message}`.
 */
export const HTTP_ERROR = "org.varlink.codegen.HttpError";
